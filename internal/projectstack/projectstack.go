// Package projectstack records the nested stacks that a builder (package stages) makes for
// one project each, so that the project's construct can do per stack what it would
// otherwise do per resource, each a jsii round trip, and write the same templates:
//
//   - Removal policy: the builder registers one aspect on the parent stack (Retain), and a
//     project made with the default RETAIN in a marked stack leaves the policy to it. The
//     aspect is aws-cdk-lib's MissingRemovalPolicies (core/lib/removal-policies.ts): it
//     calls CfnResource.applyRemovalPolicy(RETAIN) on each resource of Types that has
//     neither a DeletionPolicy nor an UpdateReplacePolicy, setting both to Retain, as the
//     per-resource call did; an explicit other policy (DESTROY) is still set per resource
//     and the aspect leaves it alone. Aspects reach the resources of nested stacks, which
//     are constructs under their parent stack.
//   - Acknowledgment: the builder records the E3019 acknowledgment of the memberships once
//     on the parent stack (AcknowledgeMemberships), which holds every project stack; a
//     project in a marked stack does not repeat it.
//   - Dependencies: a membership in a nested stack that depends on a user profile or a
//     member-pool grant of the parent stack becomes a DependsOn of the nested stack's
//     resource in the parent (aws-cdk-lib core/lib/deps.ts), whichever construct of the
//     nested stack carries the dependency; so one AddDependency for all members of the
//     project gives the same DependsOn as one per membership.
package projectstack

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Types are the resource types the aspect of Retain retains: exactly those whose
// per-resource call a project in a marked stack skips.
var Types = []string{"AWS::DataZone::Project"}

var marked sync.Map // constructs.IConstruct -> struct{}

// Prepare does for stack, under which a builder will mark project stacks, what a project
// in a marked stack leaves to it: Retain and AcknowledgeMemberships. Four jsii calls.
func Prepare(stack constructs.IConstruct) {
	Retain(stack)
	AcknowledgeMemberships(stack)
}

// AcknowledgeMemberships silences one false positive of aws-cdk-lib's built-in template
// validation (cfn-lint E3019, "Primary identifiers ... should have unique values") for the
// project memberships under scope. The registry schema's primary identifier of
// AWS::DataZone::ProjectMembership is DomainIdentifier, ProjectIdentifier,
// MemberIdentifier and MemberIdentifierType, but the last two are read-only attributes
// derived from Member, absent from a template: the check compares only domain and
// project, so every second member of a project looks like a duplicate. aws-cdk-lib 2.270
// collects acknowledgments by rule ID from the whole construct tree
// (core/lib/private/collect-acknowledged-rule-ids.js); recording it on the construct
// that holds the memberships (the project, or the stack of all project stacks) keeps it
// right should acknowledgments ever apply to their subtree only. Two jsii calls.
func AcknowledgeMemberships(scope constructs.IConstruct) {
	awscdk.Validations_Of(scope).Acknowledge(&awscdk.Acknowledgment{
		Id:     jsii.String("CloudFormation-Validate::E3019"),
		Reason: jsii.String("A membership is identified by domain, project and member; the member part of the primary identifier is read-only (derived from Member), so templates cannot show it"),
	})
}

// Retain registers the aspect on stack: resources of Types under it (nested stacks
// included) without a removal policy get RETAIN at synth. Two jsii calls per stack.
func Retain(stack constructs.IConstruct) {
	awscdk.MissingRemovalPolicies_Of(stack).Retain(&awscdk.RemovalPolicyProps{ApplyToResourceTypes: jsii.Strings(Types...)})
}

// Mark records that nested is a nested stack made for one project, under a stack given
// to Prepare.
func Mark(nested constructs.IConstruct) { marked.Store(nested, struct{}{}) }

// Is reports whether scope was given to Mark.
func Is(scope constructs.IConstruct) bool {
	_, ok := marked.Load(scope)
	return ok
}
