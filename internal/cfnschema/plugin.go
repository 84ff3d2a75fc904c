package cfnschema

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

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
// The CDK hands the plugin the stack templates of the stage; the plugin also validates the
// nested stack templates (*.nested.template.json) written beside them, and the report maps
// their findings to construct paths as well. Each violation can be acknowledged by rule ID
// "smusmesh-registry-schema::RegistrySchema" like any CDK validation.
//
// By default the CDK prints the report to stderr and app.Synth() panics with
// "ValidationFailed: Validation failed. A copy of this report can be found in: .../validation-report.json".
// With the context "@aws-cdk/core:appMode" set to "inmemory" (or CDK_APP_MODE=inmemory in
// the environment) the panic message carries the whole report, which is what tests want.
// CDK_VALIDATION=false turns off only the CDK's built-in template validation, not this plugin.
//
// StageProps.PolicyValidationBeta1 is deprecated in aws-cdk-lib 2.270 and prints a warning on
// every synth; ValidationsPlugin is the same check for awscdk.Validations_Of(scope).AddPlugins.
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
// hands over, and the nested stack templates next to them, and reports each finding as an
// error-severity violation. A template that cannot be read or parsed is reported as a
// violation too, so the synth fails rather than passing unchecked.
func (p *Plugin) Validate(ctx awscdk.IPolicyValidationContextBeta1) *awscdk.PolicyValidationPluginReportBeta1 {
	vs := check(ctx.TemplatePaths())
	violations := make([]*awscdk.PolicyViolationBeta1, len(vs))
	for i, v := range vs {
		res := []*awscdk.PolicyViolatingResourceBeta1{}
		if v.logicalID != "" {
			res = append(res, &awscdk.PolicyViolatingResourceBeta1{
				ResourceLogicalId: jsii.String(v.logicalID),
				TemplatePath:      jsii.String(v.templatePath),
				Locations:         &[]*string{jsii.String(v.property)},
			})
		}
		violations[i] = &awscdk.PolicyViolationBeta1{
			RuleName:           jsii.String(RuleName),
			Description:        jsii.String(v.description),
			Severity:           jsii.String("error"),
			Fix:                v.fix,
			ViolatingResources: &res,
		}
	}
	return &awscdk.PolicyValidationPluginReportBeta1{
		Success:       jsii.Bool(len(violations) == 0),
		Violations:    &violations,
		PluginVersion: jsii.String(PluginVersion),
	}
}

// ValidationsPlugin is the same check as Plugin for the non-deprecated registration API,
// which does not print the deprecation warning StageProps.PolicyValidationBeta1 prints on
// every synth:
//
//	awscdk.Validations_Of(stage).AddPlugins(cfnschema.NewValidationsPlugin())
type ValidationsPlugin struct {
	_ byte // a non-zero size gives every *ValidationsPlugin its own jsii identity
}

// NewValidationsPlugin returns the registry-schema plugin for awscdk.Validations_Of(scope).
// AddPlugins. Pass the pointer to the CDK.
func NewValidationsPlugin() *ValidationsPlugin { return &ValidationsPlugin{} }

var _ awscdk.IPolicyValidationPlugin = (*ValidationsPlugin)(nil)

// Name implements awscdk.IPolicyValidationPlugin.
func (p *ValidationsPlugin) Name() *string { return jsii.String(PluginName) }

// Version implements awscdk.IPolicyValidationPlugin.
func (p *ValidationsPlugin) Version() *string { return jsii.String(PluginVersion) }

// RuleIds implements awscdk.IPolicyValidationPlugin.
func (p *ValidationsPlugin) RuleIds() *[]*string { return &[]*string{jsii.String(RuleName)} }

// Validate implements awscdk.IPolicyValidationPlugin; see Plugin.Validate.
func (p *ValidationsPlugin) Validate(ctx awscdk.IPolicyValidationContext) *awscdk.PolicyValidationPluginReport {
	vs := check(ctx.TemplatePaths())
	violations := make([]*awscdk.PolicyViolation, len(vs))
	for i, v := range vs {
		res := []*awscdk.PolicyViolatingResource{}
		if v.logicalID != "" {
			res = append(res, &awscdk.PolicyViolatingResource{
				ResourceLogicalId: jsii.String(v.logicalID),
				TemplatePath:      jsii.String(v.templatePath),
				Locations:         &[]*string{jsii.String(v.property)},
			})
		}
		violations[i] = &awscdk.PolicyViolation{
			RuleName:           jsii.String(RuleName),
			Description:        jsii.String(v.description),
			Severity:           jsii.String("error"),
			Fix:                v.fix,
			ViolatingResources: &res,
		}
	}
	return &awscdk.PolicyValidationPluginReport{
		Success:       jsii.Bool(len(violations) == 0),
		Violations:    &violations,
		PluginVersion: jsii.String(PluginVersion),
	}
}

// violationData is one violation, independent of the CDK's two report types.
type violationData struct {
	description, logicalID, templatePath, property string
	fix                                            *string
}

// check validates the templates at paths (plus the nested stack templates beside them).
func check(templatePaths *[]*string) []violationData {
	var paths []string
	if templatePaths != nil {
		for _, s := range *templatePaths {
			if s != nil {
				paths = append(paths, *s)
			}
		}
	}
	var out []violationData
	for _, path := range withNestedTemplates(paths) {
		findings, err := validateFile(path)
		if err != nil {
			out = append(out, violationData{description: fmt.Sprintf("registry schema check could not run: %v", err)})
			continue
		}
		for _, f := range findings {
			out = append(out, violation(path, f))
		}
	}
	return out
}

// withNestedTemplates adds the nested stack templates to the stack templates the CDK hands
// over: the CDK lists only stack artifacts, and writes each nested stack's template
// (*.nested.template.json) into the directory of its parent's template.
func withNestedTemplates(paths []string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		p = filepath.Clean(p)
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	dirs := map[string]bool{}
	for _, p := range paths {
		add(p)
		dirs[filepath.Dir(filepath.Clean(p))] = true
	}
	for _, p := range paths {
		d := filepath.Dir(filepath.Clean(p))
		if !dirs[d] {
			continue
		}
		delete(dirs, d) // each directory once, in the order of the stacks
		nested, _ := filepath.Glob(filepath.Join(d, "*.nested.template.json"))
		sort.Strings(nested)
		for _, n := range nested {
			add(n)
		}
	}
	return out
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
func violation(templatePath string, f Finding) violationData {
	fix := "set a value the CloudFormation registry schema of " + f.Type + " accepts (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html)"
	switch {
	case f.Property == "Type":
		fix = "add " + f.Type + " to internal/cfnschema/schemas/TYPES.txt and run go generate"
	case f.Message == msgReadOnly:
		fix = "remove " + f.Property + " from the template: it is a read-only attribute"
	case f.Message == msgUnknown:
		fix = "remove or rename " + f.Property + " (check the spelling against the " + f.Type + " schema)"
	}
	return violationData{
		description:  fmt.Sprintf("%s %s: %s", f.Type, f.Property, f.Message),
		logicalID:    f.LogicalID,
		templatePath: templatePath,
		property:     f.Property,
		fix:          jsii.String(fix),
	}
}
