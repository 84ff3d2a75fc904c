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
//     known only at deploy time, and oneOf/anyOf failures in which some alternative fails
//     only under an intrinsic (it may match once the value is resolved);
//   - reports read-only properties (the schema's readOnlyProperties, e.g. Domain Id or
//     RootDomainUnitId) that a template sets;
//   - reports AWS:: resource types with no vendored schema (except AWS::CDK::Metadata), so the
//     vendored list grows with the project instead of silently skipping types;
//   - requires ServiceToken on Custom::* and AWS::CloudFormation::CustomResource resources.
//
// The registry schemas describe the Cloud Control API; where a template legitimately differs
// (AWS::CloudFormation::Stack needs no StackName), an in-memory patch relaxes the schema.
//
// Entry points: [ValidateTemplate] for one template, [ValidateAssembly] for a whole CDK cloud
// assembly directory (nested stages and nested stacks included), and two CDK policy
// validation plugins that run the same check inside every synth and fail it on any finding:
//
//	// aws-cdk-lib's current API:
//	awscdk.Validations_Of(stage).AddPlugins(cfnschema.NewValidationsPlugin())
//
//	// or the deprecated Beta1 API the CDK still supports:
//	awscdk.NewStage(app, jsii.String("dev"), &awscdk.StageProps{
//		PolicyValidationBeta1: &[]awscdk.IPolicyValidationPluginBeta1{cfnschema.NewPlugin()},
//	})
//
// A failing synth prints, per finding:
//
//	ERROR AWS::DataZone::Domain Properties/SingleSignOn/Type: value must be one of "IAM_IDC", "DISABLED" (smusmesh-registry-schema)
//	   dev/DomainStack/Domain (Domain) aws-cdk-lib.aws_datazone.CfnDomain
//	   Suggested fix: set a value the CloudFormation registry schema of AWS::DataZone::Domain accepts (...)
//	   Acknowledge with 'smusmesh-registry-schema::RegistrySchema'
//
// Schemas are compiled lazily, once per type, and are safe for concurrent use.
package cfnschema
