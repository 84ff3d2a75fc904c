// Package nagpacks turns the mesh's central standards into code that runs on every
// resource at synth: the DataMesh pack (a rule engine in Go that governance teams extend
// with their own rules, see Rule), and Apply, which adds it together with
// cdk-nag's AwsSolutions (and optionally HIPAA Security, NIST 800-53 R5, PCI DSS 3.2.1)
// to a Stage.
//
// # Using it
//
// Add the checks to every Stage, because an aspect added to the App does not reach the
// constructs inside a Stage:
//
//	prd := awscdk.NewStage(app, jsii.String("prd"), nil)
//	// ... stacks of the stage ...
//	nagpacks.Apply(prd, &nagpacks.Options{Production: true})
//
// then run `cdk synth '**'` (plain `cdk synth` only synthesizes top-level stacks). An
// error-level finding fails the synth (an AwsSolutions error annotation, or a DataMesh
// error in the validation report); a warning does not. Each pack writes
// <Pack>-<Stage>-<Stack>-NagReport.csv and .json into the output directory. Fix a finding, or suppress it narrowly with a reason:
//
//	cdknag.NagSuppressions_AddResourceSuppressions(profile, &[]*cdknag.NagPackSuppression{{
//		Id:        jsii.String("DataMesh-CostlyBlueprintOnCreate"),
//		Reason:    jsii.String("Cost approved in FIN-123"),
//		AppliesTo: &[]any{jsii.String("MLExperiments")},
//	}}, jsii.Bool(false))
//
// RULES.md lists the rules (Rules returns the same list): what each finds, why, and how
// to fix and suppress it.
//
// # What the rules read
//
// The rules read the CloudFormation properties of the resources, as written in the
// synthesized templates, and the metadata that the smusmesh constructs record on them under
// Metadata "smusmesh" (internal/meshmeta): whether a domain is the governance domain,
// whether a project is a Master Data producer with which contract, whether a member is
// temporary and until when, which personal data a read exposes. So the pack also checks stacks built from raw L1 resources,
// as long as they carry that metadata. A value that cannot be resolved at synth (a
// parameter, an import) is never a violation.
//
// # How the pack is built
//
// The DataMesh pack (DataMeshPack) is a CDK policy validation plugin written in Go: after
// app.Synth() has written the templates, it reads each stack's template and its nested
// stacks' templates, and the cloud assembly's manifest for the construct paths, runs the
// rules registered for each resource's type (one table entry and one file per rule, plus
// Options.Rules), applies cdk-nag's suppressions from the template metadata, writes
// cdk-nag's reports and returns the findings to the CDK. No jsii callback runs per
// construct: registering the pack costs a handful of jsii calls per stage. Governance
// teams add their own rules in Go (Rule, ExampleRule).
package nagpacks
