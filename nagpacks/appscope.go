package nagpacks

import (
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
)

// stagesUnchecked fails the synth of an App that the checks were applied to while a Stage
// in it has none of its own: Aspects and the DataMesh pack stop at a Stage boundary (each
// Stage synthesizes its own assembly, before the App's aspects run), so checks on the App
// would pass the Stage's resources unchecked and say nothing. The App's own top-level
// stacks are checked as before; an App without Stages gets no error.
type stagesUnchecked struct {
	app constructs.IConstruct
}

// Validate implements constructs.IValidation; the CDK runs it after the Stages synthesized.
func (v *stagesUnchecked) Validate() *[]*string {
	var bare []string
	var walk func(c constructs.IConstruct)
	walk = func(c constructs.IConstruct) {
		for _, child := range *c.Node().Children() {
			if *awscdk.Stack_IsStack(child) {
				continue // a Stage cannot sit inside a Stack
			}
			if *awscdk.Stage_IsStage(child) {
				if !hasDataMeshPack(child) {
					bare = append(bare, *child.Node().Path())
				}
				continue // a Stage inside it is its own business
			}
			walk(child)
		}
	}
	walk(v.app)
	if len(bare) == 0 {
		return &[]*string{}
	}
	msg := fmt.Sprintf("nagpacks: the checks were applied to the App, which does not reach inside its Stages (%s): call nagpacks.Apply(stage, opts) on each Stage instead (stages.NewMeshStage does it for you)",
		strings.Join(bare, ", "))
	return &[]*string{&msg}
}

// checkedStages are the Stages the DataMesh pack was registered on (AddDataMeshPack with
// the Stage as scope), by their Go value: the jsii runtime hands back the same value for
// a construct made in Go.
var checkedStages sync.Map

// hasDataMeshPack reports whether the checks were applied to stage itself.
func hasDataMeshPack(stage constructs.IConstruct) bool {
	_, ok := checkedStages.Load(stage)
	return ok
}
