package nagpacks

import (
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

// Options selects the packs that Apply adds and configures them.
type Options struct {
	// Production is true for a production stage (see DataMeshPackProps.Production).
	//
	// Default: false.
	Production bool
	// Now is the synth date for the temporary-membership rules.
	//
	// Default: time.Now().
	Now *time.Time
	// Standards are the mesh's naming conventions and required data-contract fields.
	//
	// Default: datamesh.DefaultStandards().
	Standards *datamesh.Standards
	// HIPAA adds cdk-nag's HIPAA Security pack.
	//
	// Default: false.
	HIPAA bool
	// NIST80053R5 adds cdk-nag's NIST 800-53 rev 5 pack.
	//
	// Default: false.
	NIST80053R5 bool
	// PCIDSS adds cdk-nag's PCI DSS 3.2.1 pack.
	//
	// Default: false.
	PCIDSS bool
	// NoReports skips each pack's compliance report, which is otherwise written as CSV
	// and JSON into the cloud assembly (<outdir>/<Pack>-<Stack>-NagReport.csv and .json).
	//
	// Default: false (reports are written).
	NoReports bool
	// Verbose adds each rule's explanation to its annotations.
	//
	// Default: false.
	Verbose bool
	// LogIgnores logs suppressed findings as info annotations.
	//
	// Default: false.
	LogIgnores bool
	// Rules are a governance team's own rules, checked and reported with the DataMesh
	// pack's (see Rule).
	//
	// Default: none.
	Rules []*Rule
	// SkipRegistrySchema leaves out the registry-schema check (see RegistrySchemaPlugin).
	//
	// Default: false (the check runs).
	SkipRegistrySchema bool
}

// RegistrySchemaPlugin returns the synth-time check of every template of a scope against
// the official CloudFormation registry schemas of its resource types (a wrong enum, a
// missing required property, an unknown property, a read-only attribute set, a type
// without a schema). It is a CDK policy validation plugin: it runs at the end of
// app.Synth(), after the templates are written, so it also sees escape-hatch overrides
// and nested stack templates, and a violation fails synth with the resource and the
// property named. Apply registers it unless Options.SkipRegistrySchema.
func RegistrySchemaPlugin() awscdk.IPolicyValidationPlugin {
	return cfnschema.NewValidationsPlugin()
}

// Apply adds the compliance checks to scope: cdk-nag's AwsSolutions pack as an aspect (plus
// HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 when opts asks for them), whose findings
// are annotations on the resources; the DataMesh pack (AddDataMeshPack), which runs in Go on
// the written templates and reports its findings in the validation report; and the
// registry-schema check (RegistrySchemaPlugin). An error-level finding makes `cdk synth`
// fail, a warning does not (unless `cdk synth --strict`). opts may be nil.
//
// Call Apply on each Stage (or on each top-level Stack): an aspect added to the App does
// not reach the constructs inside a Stage (and the DataMesh pack, like it, checks only the
// stacks of scope's own assembly), so
//
//	nagpacks.Apply(app, nil) // cannot check inside the stages
//
// fails the synth of an App that holds a Stage without checks of its own, with a problem
// naming the Stages ("the checks were applied to the App, which does not reach inside its
// Stages (dev, prd): call nagpacks.Apply(stage, opts) on each Stage instead"); an App of
// top-level stacks only is checked as usual. Per stage instead:
//
//	dev := awscdk.NewStage(app, jsii.String("dev"), nil)
//	nagpacks.Apply(dev, &nagpacks.Options{})
//	prd := awscdk.NewStage(app, jsii.String("prd"), nil)
//	nagpacks.Apply(prd, &nagpacks.Options{Production: true})
//
// and synthesize with `cdk synth '**'`: plain `cdk synth` (or --all) only synthesizes the
// top-level stacks, so it neither checks nor fails on anything inside a Stage.
func Apply(scope constructs.IConstruct, opts *Options) {
	if opts == nil {
		opts = &Options{}
	}
	props := func() *cdknag.NagPackProps {
		return &cdknag.NagPackProps{
			Verbose:       jsii.Bool(opts.Verbose),
			LogIgnores:    jsii.Bool(opts.LogIgnores),
			Reports:       jsii.Bool(!opts.NoReports),
			ReportFormats: &[]cdknag.NagReportFormat{cdknag.NagReportFormat_CSV, cdknag.NagReportFormat_JSON},
		}
	}
	aspects := awscdk.Aspects_Of(scope)
	aspects.Add(cdknag.NewAwsSolutionsChecks(props()), nil)
	AddDataMeshPack(scope, &DataMeshPackProps{
		Production:   opts.Production,
		Now:          opts.Now,
		Standards:    opts.Standards,
		Rules:        opts.Rules,
		NagPackProps: props(),
	})
	if opts.HIPAA {
		aspects.Add(cdknag.NewHIPAASecurityChecks(props()), nil)
	}
	if opts.NIST80053R5 {
		aspects.Add(cdknag.NewNIST80053R5Checks(props()), nil)
	}
	if opts.PCIDSS {
		aspects.Add(cdknag.NewPCIDSS321Checks(props()), nil)
	}
	if !opts.SkipRegistrySchema {
		awscdk.Validations_Of(scope).AddPlugins(RegistrySchemaPlugin())
	}
}
