// Package stages builds a whole data mesh on Amazon SageMaker Unified Studio, one
// awscdk.Stage per environment (dev, uat, prd), from one typed Definition and
// per-environment Settings.
//
// The Definition (governance domain, root domains, profiles, units, projects, members,
// Master Data projects with their data contracts, and the reads of consumer projects) is
// the same in every stage; it is Go structs with yaml and json tags, loaded with Load
// or Parse from a YAML or JSON file so that a domain team onboards a project with a pull
// request. Parse rejects unknown keys, wrong types and missing required keys with file,
// line and path; Definition.Validate reports every problem at once, each with the path of
// its entry, such as
//
//	mesh.yaml:24: domains[energy].units[grid].projects[Forecasting].members[2].designation: unknown designation "boss"
//
// Hostile or odd files (alias bombs, deep nesting, huge files, several documents, bytes that
// are not UTF-8) are one problem with the line, never a hang (ErrTooLarge, ErrSyntax). The
// JSON Schema of the definition, schema/mesh.schema.json, is generated from these types
// (go generate ./stages) for editors.
//
// Settings hold what differs: accounts (one per environment, or one per domain per
// environment), region, the Identity Center instance, VPC and subnets, Tooling buckets,
// the end date of temporary members, the production flag, and the associated accounts
// that use a domain from another account.
//
// NewMeshStage creates, inside the stage, one Stack per domain (the governance domain and
// each root domain) and one NestedStack per project or Master Data project, so that a
// domain's projects do not share one template. A consumer's reads become Lake Formation
// grants (datamesh.NewDataProductAccess) in the consumer's nested stack, for the consumer
// role named in the definition, in the domain's account of each stage. Values cross stacks only as nested stack parameters (domain ID,
// unit ID, profile ID) inside one account; across accounts they travel through AWS RAM
// (the domain share) and a shared Advanced SSM parameter read at deploy time, never
// hard-coded IDs or exports. A domain used by another account is shared with
// AWSRAMPermissionsAmazonDatazoneDomainExtendedServiceAccess, and the associated account
// gets a stack (Tooling bucket, blueprint configurations and their grants) that depends on
// the domain stack; inside it a custom resource accepts pending RAM invitations and waits
// until the domain is usable before anything names it.
//
// Projects, Master Data projects and units have a key (default: the name) from which their
// nested stack and logical IDs derive, so that a rename or a move to another unit is an
// in-place update; each stage compares its keys with the previous cloud assembly of the
// stage and warns about every key that is gone (KeyChanges): the project behind it would
// be orphaned and a new, empty one created. With that previous assembly, synth also
// simulates the deployment (the change check, CheckChanges): an operation the service
// would refuse, or a replaced domain or project, fails the synth; other stateful changes
// warn (Settings.DisableChangeCheck or SMUSMESH_CHANGE_CHECK=off opt out).
//
// Every stage gets the cdk-nag packs (nagpacks.Apply, which also registers the
// registry-schema check) and a CloudFormation limits check (500 resources, 200 outputs,
// 200 parameters, 1 MB per template, nested templates included); Settings.DisableNag and
// DisableSchemaCheck opt out per stage. Aspects added to the App do not reach into
// stages, which is why the stage adds them itself.
//
// Main (with a definition) and Run (any build function) are a whole main function: they
// print each finding of every pack and check once, write each stage's combined findings
// report and exit 1 on a problem or an error-level finding; SynthAndReport, Synth and
// problem.Catch are the parts. Synthesize and deploy with the CDK CLI and a selector that reaches into the
// stages:
//
//	npx cdk synth '**'
//	npx cdk diff 'dev/**'
//	npx cdk deploy 'dev/**'
package stages

// The JSON Schema of the definition, schema/mesh.schema.json, is generated from the types.
//go:generate go run ../internal/meshschema
