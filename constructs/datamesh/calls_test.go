package datamesh_test

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

// unitCallsEnv makes the test binary a helper that builds a domain with that many units
// and exits (unitCallsHelper): the child process whose jsii requests
// TestDomainUnitCallBudget counts.
const unitCallsEnv = "SMUSMESH_UNIT_CALLS_HELPER"

// unitCallsHelper builds, when the environment asks for it, a root domain with n units,
// each with one owner and a member pool of a group and a user (whose profiles and group ID
// lookup the first unit makes), and reports true.
func unitCallsHelper() bool {
	n, err := strconv.Atoi(os.Getenv(unitCallsEnv))
	if err != nil {
		return false
	}
	jsiitest.Setup()
	stack := newStack()
	dom := datamesh.NewBusinessDomain(stack, jsii.String("Domain"), ssoDomainProps())
	for i := range n {
		datamesh.NewDomainUnit(dom, jsii.String(fmt.Sprintf("Unit%d", i)), &datamesh.DomainUnitProps{
			Parent: dom, Name: fmt.Sprintf("Unit %d", i),
			Owners:     []datamesh.Principal{datamesh.SSOGroup("owners")},
			MemberPool: []datamesh.Principal{datamesh.SSOGroup("engineers"), datamesh.SSOUser("jane")},
		})
	}
	cfnfrag.Release()
	jsii.Close()
	return true
}

// TestDomainUnitCallBudget pins the jsii calls of one more domain unit with an owner and
// two member-pool principals: the include of its four resources (one call), their objects
// (node and children, two), its ID token (one) and one dependency on a profile per owner
// and grant (three). A change that adds a call per unit fails here.
func TestDomainUnitCallBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("builds twice in child processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	count := func(n int) int {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "JSII_DEBUG=1", fmt.Sprintf("%s=%d", unitCallsEnv, n))
		calls, callbacks, err := jsiitest.CountCalls(cmd)
		if err != nil {
			t.Fatalf("helper with %d units: %v", n, err)
		}
		return calls + callbacks
	}
	const few, many, budget = 2, 12, 7
	perUnit := float64(count(many)-count(few)) / (many - few)
	t.Logf("jsii calls per domain unit (1 owner, 2 member-pool grants): %.1f", perUnit)
	if perUnit > budget {
		t.Errorf("a domain unit with an owner and two member-pool grants costs %.1f jsii calls, budget %d", perUnit, budget)
	}
}
