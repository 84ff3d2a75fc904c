package nagpacks_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/nagpacks"
	"github.com/smusmesh/smusmesh/problem"
)

// Checks applied to the App cannot reach inside its Stages: the synth fails with a problem
// that names the unchecked Stages and says to apply the checks per Stage, instead of
// checking nothing without a word. Checks on each Stage, or an App without Stages, pass.
func TestApplyToApp(t *testing.T) {
	cases := []struct {
		name    string
		build   func(app awscdk.App)
		unreach string // the Stages the problem names; "" for no problem
	}{
		{"app with unchecked stages", func(app awscdk.App) {
			nagpacks.Apply(app, &nagpacks.Options{NoReports: true, SkipRegistrySchema: true})
			queueIn(awscdk.NewStage(app, jsii.String("dev"), nil))
			queueIn(awscdk.NewStage(app, jsii.String("prd"), nil))
		}, "(dev, prd)"},
		{"app and one stage checked", func(app awscdk.App) {
			nagpacks.Apply(app, &nagpacks.Options{NoReports: true, SkipRegistrySchema: true})
			dev := awscdk.NewStage(app, jsii.String("dev"), nil)
			nagpacks.Apply(dev, &nagpacks.Options{NoReports: true, SkipRegistrySchema: true})
			queueIn(dev)
			queueIn(awscdk.NewStage(app, jsii.String("prd"), nil))
		}, "(prd)"},
		{"every stage checked", func(app awscdk.App) {
			for _, id := range []string{"dev", "prd"} {
				s := awscdk.NewStage(app, jsii.String(id), nil)
				nagpacks.Apply(s, &nagpacks.Options{NoReports: true, SkipRegistrySchema: true})
				queueIn(s)
			}
		}, ""},
		{"app of top-level stacks", func(app awscdk.App) {
			nagpacks.Apply(app, &nagpacks.Options{NoReports: true, SkipRegistrySchema: true})
			queueIn(app)
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir())})
			c.build(app)
			err := problem.Catch(func() { app.Synth(nil) })
			switch {
			case c.unreach == "" && err != nil:
				t.Fatalf("synth failed: %v", err)
			case c.unreach == "":
			case err == nil:
				t.Fatal("synth passed, want a problem saying to apply the checks per Stage")
			case !strings.Contains(err.Error(), "does not reach inside its Stages "+c.unreach) ||
				!strings.Contains(err.Error(), "call nagpacks.Apply(stage, opts) on each Stage") ||
				strings.Count(err.Error(), "\n") > 0 || !errors.Is(err, problem.ErrCDK):
				t.Errorf("synth problem =\n%v\nwant one line naming %s and the fix", err, c.unreach)
			}
		})
	}
}

// queueIn adds a stack with one encrypted queue (clean under AwsSolutions) to scope.
func queueIn(scope awscdk.Stage) {
	st := awscdk.NewStack(scope, jsii.String("S"), nil)
	awssqs.NewQueue(st, jsii.String("Q"), &awssqs.QueueProps{EnforceSSL: jsii.Bool(true)})
}
