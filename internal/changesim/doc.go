// Package changesim simulates deploying one CDK cloud assembly over another, as CloudFormation
// and the AWS services would run it, and reports what the services would refuse and which
// stateful resources would be replaced, deleted or orphaned. Tests use it as an oracle: "this
// edit of the mesh deploys over the previous version" is checked without an AWS account.
//
//	r, err := changesim.Simulate("before/cdk.out", "after/cdk.out")
//	for _, f := range r.Failures { ... }        // the service would refuse these operations
//	for _, c := range r.StatefulChanges { ... } // stateful resources replaced, deleted, orphaned
//	t.Log(r)                                    // everything, readable in a test failure
//
// SimulateSteps chains several deployments (orphans of one stay for the next); package
// simtest synthesizes two CDK apps and simulates (it needs the jsii runtime; this package does
// not).
//
// # What it models
//
//   - Assemblies: the stacks of manifest.json and of nested assemblies (stages), via
//     cfnschema.AssemblyStacks, and nested stacks (AWS::CloudFormation::Stack) found through
//     their aws:asset:path metadata, the asset manifests (TemplateURL names the asset hash), or
//     a plain file name. Top-level stacks match by display name (dev/Retail), resources by
//     logical ID, nested stacks by the logical ID of their stack resource.
//   - The change set, from the registry schemas vendored in internal/cfnschema
//     (cfnschema.BehaviorOf): a new logical ID is a create, a missing one a delete; a changed
//     create-only property, or any change to a type without an update handler (PolicyGrant,
//     Owner, Lake Formation grants) is a replacement; a changed type under one logical ID is a
//     failure (CloudFormation refuses the change set: "Update of resource type is not
//     permitted"); other changes are updates,
//     equal resolved properties a no-op. A replacement creates the new resource first, unless
//     the schema's replacementStrategy is delete_then_create (Lake Formation grants, data
//     cells filters, LF-tags), where the old one is deleted first. A custom resource type with a row in Rules
//     (InPlace: Custom::SmusmeshPolicyGrant) is updated in place by its provider; other types
//     with no vendored schema are updated in place too (reported in Notes).
//   - Intrinsics are resolved before comparing: Ref and Fn::GetAtt of a resource become a token
//     naming its stack path, logical ID and generation, so a reference to the same logical ID
//     compares equal on both sides unless that resource was replaced in between (a replacement
//     is a new physical resource, so everything that names it changes too, and follows its own
//     create-only rules). Parameters of nested stacks resolve to what the parent passes;
//     AWS::AccountId and AWS::Region to the stack's environment; Fn::Join, Fn::Sub and
//     Fn::Select of known values are evaluated; anything else is compared structurally.
//   - CloudFormation's order: per top-level stack (in dependency order), creates, updates and
//     the new halves of replacements in dependency order (DependsOn, Ref, Fn::GetAtt,
//     Fn::Sub), nested stacks in place of their stack resource; then the cleanup phase: deletes
//     (dependents first; a removed nested stack deletes everything in it) and the old halves of
//     replacements. DeletionPolicy / UpdateReplacePolicy Retain (and RetainExceptOnCreate)
//     leave the old resource in the service, orphaned, still holding its identity.
//   - The services' uniqueness rules, one row per type in Rules (rules.go; rendered in
//     docs/emitted/changesim.md): each create, update or new half of a replacement whose
//     identity (properties, plus account/region where the rule says so) is held by another
//     resource, live or orphaned, is a Failure naming both and the service's error. User and
//     group profiles keep their identity after a delete (DataZone has no delete API). A row
//     may add a hazard (DataLakeSettings without APPEND replaces the account's admin list).
//   - Stateful types (Stateful) replaced, deleted, or orphaned by Retain are StatefulChanges.
//
// # What it does not model
//
//   - No AWS call: rules come from documentation and AWS-authored templates (each row names
//     its source); a service rule missing from Rules is not checked.
//   - No rollback: a real deployment stops and rolls back at the first failure; the
//     simulation goes on and reports every failure.
//   - No parallelism: CloudFormation runs independent operations concurrently; the simulation
//     runs them in one deterministic dependency order, so a collision that only some
//     interleavings produce (a rename that frees a name another create takes) may be missed
//     or reported where CloudFormation would get lucky.
//   - No other preconditions: permissions, eventual consistency, a domain unit that must be
//     empty before it is deleted, the CDK's stack dependencies across accounts, custom
//     resources' behaviour, Fn::ImportValue values (compared structurally).
//   - Stacks removed from the app are left as they are (cdk deploy does not delete them).
package changesim
