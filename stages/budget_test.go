package stages

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"

	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

// projectCallBudget is the number of jsii calls (requests and callbacks, build and synth)
// that stages' own code makes per project of a definition, the project construct
// (datamesh.NewProject) left out: the project's nested stack (one create). Everything
// else it does per project is Go: the AwsSolutions scope skips the nested stack and its
// resource holder without a call (nagscope.go), the projects' acknowledgment is set and
// their stacks' paths read once per domain stack (internal/projectstack).
const projectCallBudget = 1

// budgetDefinition is a mesh of n projects in one unit of one domain, each with the same
// two members: everything but the projects is the same for any n.
func budgetDefinition(n int) *Definition {
	d := &DomainDef{
		Name: "energy", Blueprints: []string{"LakehouseCatalog"},
		Profiles: []*ProfileDef{{Name: "Analytics", Environments: []*EnvironmentDef{{Blueprint: "LakehouseCatalog"}}}},
		Owners:   []*PrincipalDef{{Group: "energy-owners"}},
		Units:    []*UnitDef{{Name: "Grid", Owners: []*PrincipalDef{{Group: "energy-owners"}}}},
	}
	for i := range n {
		d.Units[0].Projects = append(d.Units[0].Projects, &ProjectDef{
			Name: fmt.Sprintf("Project %04d", i), Profile: "Analytics",
			Members: []*MemberDef{{Group: "energy-engineers", Designation: "owner"}, {User: "engineer@example.com", Temporary: true}},
		})
	}
	return &Definition{Governance: &GovernanceDef{Name: "mesh-governance", Owners: []*PrincipalDef{{Group: "data-governance"}}}, Domains: []*DomainDef{d}}
}

// helperBudget is the child process of TestProjectCallBudget: it builds and synthesizes
// one stage of budgetDefinition(n) with every check on, each project construct inside
// jsiitest.Exclude.
func helperBudget(arg string) int {
	n, err := strconv.Atoi(arg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	dir, err := os.MkdirTemp("", "stages-budget")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer os.RemoveAll(dir)
	newProject = func(scope constructs.Construct, id *string, props *datamesh.ProjectProps) (p datamesh.Project) {
		jsiitest.Exclude(func() { p = datamesh.NewProject(scope, id, props) })
		return p
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
	def := budgetDefinition(n)
	NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	if _, err := Synth(app); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	jsii.Close()
	return 0
}

// TestProjectCallBudget pins the jsii calls stages' own code makes per project (see
// projectCallBudget): it counts the calls of synthesizing meshes of 3 and 9 projects in
// child processes (JSII_DEBUG=1), the project constructs' own calls left out, and fails
// if the difference is more than the budget per added project. A new per-project call in
// the builder, the AwsSolutions scope or a check fails it.
func TestProjectCallBudget(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes two meshes in child processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	count := func(n int) (calls, callbacks int) {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), "JSII_DEBUG=1", fmt.Sprintf("SMUSMESH_STAGES_BUDGET=%d", n))
		calls, callbacks, err := jsiitest.CountCalls(cmd)
		if err != nil {
			t.Fatalf("child process of %d projects: %v", n, err)
		}
		return calls, callbacks
	}
	const small, large = 3, 9
	c1, b1 := count(small)
	c2, b2 := count(large)
	const added = large - small
	if per := float64(c2+b2-c1-b1) / added; per > projectCallBudget {
		t.Errorf("stages makes %.2f jsii calls per project besides the project construct, budget %d "+
			"(%d projects: %d calls, %d callbacks; %d projects: %d calls, %d callbacks): "+
			"do per stack or in Go what the new call does per project, or raise the budget with a reason",
			per, projectCallBudget, small, c1, b1, large, c2, b2)
	}
	t.Logf("%d projects: %d calls, %d callbacks; %d projects: %d calls, %d callbacks", small, c1, b1, large, c2, b2)
}
