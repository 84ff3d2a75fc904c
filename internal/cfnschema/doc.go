// Package cfnschema checks CloudFormation templates against the official CloudFormation
// registry resource schemas, so that a typo in an enum, a missing required property, an
// unknown property or a read-only attribute fails at synth time instead of minutes into a
// deployment.
//
// The schemas of the resource types the project emits are vendored, unmodified, under
// schemas/ and embedded in the binary (see schemas/SOURCE.md for their provenance and
// schemas/TYPES.txt for the list; `go generate` refreshes them). Nothing is read from the
// network or from outside the module at run or test time.
//
// Each resource's Properties object is validated with a JSON Schema draft-07 validator
// (github.com/santhosh-tekuri/jsonschema/v6, with ECMAScript regular expressions from
// github.com/dlclark/regexp2 because several registry patterns use lookaheads, lookbehinds
// and \u escapes that Go's RE2 cannot compile). On top of plain JSON Schema it:
//
//   - ignores errors that are only caused by intrinsic functions ({"Ref": ...},
//     {"Fn::GetAtt": ...}, any single-key {"Fn::...": ...} object), which stand for values
//     known only at deploy time, including oneOf/anyOf failures whose only failing branch
//     parts sit under an intrinsic;
//   - reports read-only properties (the schema's readOnlyProperties, e.g. Domain Id or
//     RootDomainUnitId) that a template sets;
//   - reports AWS:: resource types with no vendored schema (except AWS::CDK::Metadata), so the
//     vendored list grows with the project instead of silently skipping types;
//   - requires ServiceToken on Custom::* and AWS::CloudFormation::CustomResource resources.
//
// Entry points: [ValidateTemplate] for one template, [ValidateAssembly] for a whole CDK cloud
// assembly directory (nested stages and nested stacks included), and [Plugin], a CDK policy
// validation plugin that runs the same check inside every synth:
//
//	plugin := cfnschema.NewPlugin()
//	stage := awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{
//		PolicyValidationBeta1: &[]awscdk.IPolicyValidationPluginBeta1{plugin},
//	})
//
// Schemas are compiled lazily, once per type, and are safe for concurrent use.
package cfnschema
