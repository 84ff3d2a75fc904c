package cfnschema

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// Names the plugin reports to the CDK.
const (
	// PluginName is the name shown in the CDK validation report.
	PluginName = "smusmesh-registry-schema"
	// PluginVersion is the plugin's semantic version (CDK analytics only).
	PluginVersion = "1.0.0"
	// RuleName is the rule of every violation the plugin reports.
	RuleName = "RegistrySchema"
)

// Plugin is a CDK policy validation plugin that checks every synthesized template against the
// vendored CloudFormation registry schemas (see ValidateTemplate). Register it on a Stage or
// the App; the CDK then fails the synth and prints one violation per finding:
//
//	awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{
//		PolicyValidationBeta1: &[]awscdk.IPolicyValidationPluginBeta1{cfnschema.NewPlugin()},
//	})
//
// With the CDK CLI the report goes to stderr and the synth exits non-zero. In-process
// (app.Synth() in a Go test) the CDK panics with "Validation failed"; set the context
// "@aws-cdk/core:appMode" to "inmemory" (or the environment variable CDK_APP_MODE=inmemory)
// to have the whole report in the panic message. CDK_VALIDATION=false turns off only the
// CDK's built-in validation, not this plugin.
type Plugin struct {
	_ byte // a non-zero size gives every *Plugin its own identity for the jsii object table
}

// NewPlugin returns the registry-schema validation plugin. Pass the pointer to the CDK.
func NewPlugin() *Plugin { return &Plugin{} }

// Compile-time check that *Plugin is what the CDK expects.
var _ awscdk.IPolicyValidationPluginBeta1 = (*Plugin)(nil)

// Name implements awscdk.IPolicyValidationPluginBeta1.
func (p *Plugin) Name() *string { return jsii.String(PluginName) }

// Version implements awscdk.IPolicyValidationPluginBeta1.
func (p *Plugin) Version() *string { return jsii.String(PluginVersion) }

// RuleIds implements awscdk.IPolicyValidationPluginBeta1.
func (p *Plugin) RuleIds() *[]*string { return &[]*string{jsii.String(RuleName)} }

// Validate implements awscdk.IPolicyValidationPluginBeta1: it validates every template the CDK
// hands over and reports each finding as an error-severity violation. A template that cannot
// be read or parsed is reported as a violation too, so the synth fails rather than passing
// unchecked.
func (p *Plugin) Validate(ctx awscdk.IPolicyValidationContextBeta1) *awscdk.PolicyValidationPluginReportBeta1 {
	var paths []string
	if tp := ctx.TemplatePaths(); tp != nil {
		for _, s := range *tp {
			if s != nil {
				paths = append(paths, *s)
			}
		}
	}
	violations := []*awscdk.PolicyViolationBeta1{}
	for _, path := range paths {
		findings, err := validateFile(path)
		if err != nil {
			violations = append(violations, &awscdk.PolicyViolationBeta1{
				RuleName:           jsii.String(RuleName),
				Description:        jsii.String(fmt.Sprintf("registry schema check could not run: %v", err)),
				Severity:           jsii.String("error"),
				ViolatingResources: &[]*awscdk.PolicyViolatingResourceBeta1{},
			})
			continue
		}
		for _, f := range findings {
			violations = append(violations, violation(path, f))
		}
	}
	return &awscdk.PolicyValidationPluginReportBeta1{
		Success:       jsii.Bool(len(violations) == 0),
		Violations:    &violations,
		PluginVersion: jsii.String(PluginVersion),
	}
}

func validateFile(path string) ([]Finding, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ValidateTemplate(filepath.Base(path), data)
}

// violation words one finding for the CDK report, which prints the description, the construct
// path and logical ID, and the fix; the property goes into the description because the
// report's text form does not print locations.
func violation(templatePath string, f Finding) *awscdk.PolicyViolationBeta1 {
	desc := fmt.Sprintf("%s %s: %s", f.Type, f.Property, f.Message)
	fix := "set a value the CloudFormation registry schema of " + f.Type + " accepts (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html)"
	switch f.Message {
	case msgReadOnly:
		fix = "remove " + f.Property + " from the template: it is a read-only attribute"
	case msgUnknown:
		fix = "remove or rename " + f.Property + " (check the spelling against the " + f.Type + " schema)"
	}
	if f.Property == "Type" {
		fix = "add " + f.Type + " to internal/cfnschema/schemas/TYPES.txt and run go generate"
	}
	return &awscdk.PolicyViolationBeta1{
		RuleName:    jsii.String(RuleName),
		Description: jsii.String(desc),
		Severity:    jsii.String("error"),
		Fix:         jsii.String(fix),
		ViolatingResources: &[]*awscdk.PolicyViolatingResourceBeta1{{
			ResourceLogicalId: jsii.String(f.LogicalID),
			TemplatePath:      jsii.String(templatePath),
			Locations:         &[]*string{jsii.String(f.Property)},
		}},
	}
}
