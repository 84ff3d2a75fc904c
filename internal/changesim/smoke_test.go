package changesim

import (
	"os"
	"testing"
)

func TestSmoke(t *testing.T) {
	dir := os.Getenv("SMOKE")
	if dir == "" {
		t.Skip()
	}
	r, err := Simulate("", dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(len(r.Operations), r.Failures, r.Notes)
	r, err = Simulate(dir, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(r)
}
