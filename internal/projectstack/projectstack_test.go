package projectstack

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
)

func TestMain(m *testing.M) { jsiitest.Main(m, cfnfrag.Release) }

// TestMarkKnowsThePath: the Site a marked stack gets without asking jsii is the one jsii
// gives (construct path, path metadata), with its parent prepared or not.
func TestMarkKnowsThePath(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{"aws:cdk:enable-path-metadata": true}})
	stage := awscdk.NewStage(app, jsii.String("dev"), nil)
	prepared := awscdk.NewStack(stage, jsii.String("Energy"), nil)
	Prepare(prepared)
	other := awscdk.NewStack(stage, jsii.String("Other"), nil)
	for _, parent := range []awscdk.Stack{prepared, other} {
		nested := awscdk.NewNestedStack(parent, jsii.String("ProjectOrders0a1b2c3d"), nil)
		if _, ok := Is(nested); ok {
			t.Fatal("Is before Mark")
		}
		Mark(nested, parent, "ProjectOrders0a1b2c3d")
		at, ok := Is(nested)
		if !ok || at.Path != *nested.Node().Path() || !at.PathMetadata {
			t.Errorf("Site %+v, want path %s with path metadata", at, *nested.Node().Path())
		}
	}
}
