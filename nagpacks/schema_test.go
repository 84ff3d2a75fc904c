package nagpacks_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/nagpacks"
)

// synthStage builds a stage with Apply and one domain changed by mutate, synthesizes it,
// and returns the synth failure (nil when it succeeds) and the validation report text.
func synthStage(t *testing.T, mutate func(d awsdatazone.CfnDomain)) (error, string) {
	t.Helper()
	out := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out)})
	stage := awscdk.NewStage(app, jsii.String("dev"), nil)
	nagpacks.Apply(stage, &nagpacks.Options{NoReports: true})
	stack := awscdk.NewStack(stage, jsii.String("S"), nil)
	d := awsdatazone.NewCfnDomain(stack, jsii.String("Domain"), &awsdatazone.CfnDomainProps{
		Name: jsii.String("d"), DomainVersion: jsii.String("V2"), KmsKeyIdentifier: jsii.String("arn:aws:kms:eu-west-1:111111111111:key/0123456789abcdef0123456789abcdef0123"),
		SingleSignOn: &awsdatazone.CfnDomain_SingleSignOnProperty{Type: jsii.String("IAM_IDC"), IdcInstanceArn: jsii.String("arn:aws:sso:::instance/ssoins-0123456789abcdef")},
	})
	d.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil)
	mutate(d)
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		app.Synth(nil)
	}()
	report, _ := os.ReadFile(filepath.Join(out, "validation-report.json"))
	return err, string(report)
}

// TestRegistrySchemaCheckFailsSynth: an app that emits an invalid DataZone resource fails
// synth, and the report names the resource and the property.
func TestRegistrySchemaCheckFailsSynth(t *testing.T) {
	cases := []struct {
		name     string
		mutate   func(d awsdatazone.CfnDomain)
		property string
	}{
		{"wrong enum", func(d awsdatazone.CfnDomain) { d.AddPropertyOverride(jsii.String("SingleSignOn.Type"), "SSO") }, "SingleSignOn/Type"},
		{"unknown property", func(d awsdatazone.CfnDomain) { d.AddPropertyOverride(jsii.String("Colour"), "blue") }, "Colour"},
		{"missing required property", func(d awsdatazone.CfnDomain) { d.AddPropertyDeletionOverride(jsii.String("Name")) }, "Name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err, report := synthStage(t, c.mutate)
			if err == nil {
				t.Fatal("synth succeeded")
			}
			for _, want := range []string{c.property, "AWS::DataZone::Domain", "dev/S/Domain"} {
				if !strings.Contains(report, want) {
					t.Errorf("report lacks %q:\n%s", want, report)
				}
			}
		})
	}
	if err, report := synthStage(t, func(awsdatazone.CfnDomain) {}); err != nil {
		t.Errorf("a valid stage failed synth: %v\n%s", err, report)
	}
}
