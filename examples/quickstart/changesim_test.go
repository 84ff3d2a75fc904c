package main

import (
	"testing"

	"github.com/smusmesh/smusmesh/internal/changesim"
)

// TestQuickstartDeploys simulates the quickstart's deployments (internal/changesim): into an
// empty account, no resource collides with another (names, profiles, memberships, grants),
// and deploying the same app again changes nothing.
func TestQuickstartDeploys(t *testing.T) {
	first, again := synth(t), synth(t)
	r, err := changesim.SimulateSteps("", first, again)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Failures {
		t.Errorf("failure: %s", f)
	}
	for _, c := range r.StatefulChanges {
		t.Errorf("stateful change: %s", c)
	}
	creates := 0
	for _, o := range r.Operations {
		if o.Kind != changesim.OpCreate {
			t.Errorf("second deploy of the same app: %s", o)
			continue
		}
		creates++
	}
	if creates == 0 {
		t.Error("nothing created")
	}
	if t.Failed() {
		t.Logf("report:\n%s", r)
	}
}
