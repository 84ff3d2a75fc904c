// Package projectstack records the nested stacks that a builder (package stages) makes for
// one project each, so that the project's construct can do per stack what it would
// otherwise do per resource, each a jsii round trip, and write the same templates:
//
//   - Site: the builder records the construct path of each stack it prepares and whether
//     the app writes path metadata (three jsii calls per stack); a project stack's path
//     follows in Go from its parent's and its id, so a project made in it builds its
//     resources as one template fragment (internal/cfnfrag) without asking jsii where it
//     is.
//   - Acknowledgment: the builder records the E3019 acknowledgment of the memberships once
//     on the parent stack (AcknowledgeMemberships), which holds every project stack; a
//     project in a marked stack does not repeat it.
//   - Dependencies: a membership in a nested stack that depends on a user profile or a
//     member-pool grant of the parent stack becomes a DependsOn of the nested stack's
//     resource in the parent (aws-cdk-lib core/lib/deps.ts), whichever construct of the
//     nested stack carries the dependency; so one AddDependency for all members of the
//     project gives the same DependsOn as one per membership.
//
// A project's removal policy is part of its fragment: the stacks need no aspect for it.
package projectstack

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
)

var (
	prepared sync.Map // stack constructs.IConstruct -> cfnfrag.Site
	marked   sync.Map // nested stack constructs.IConstruct -> cfnfrag.Site
)

// Prepare does for stack, under which a builder will mark project stacks, what a project
// in a marked stack leaves to it: AcknowledgeMemberships, and it records the stack's
// Site. Five jsii calls.
func Prepare(stack constructs.Construct) {
	AcknowledgeMemberships(stack)
	prepared.Store(stack, cfnfrag.SiteOf(stack))
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

// Mark records that nested, made by awscdk.NewNestedStack(parent, id, ...), is a nested
// stack made for one project, under a parent given to Prepare. Its Site derives from the
// parent's: aws-cdk-lib puts a nested stack at <parent>/<id>, its AWS::CloudFormation::Stack
// at <parent>/<id>.NestedStack/<id>.NestedStackResource (core/lib/nested-stack.ts). No
// jsii call (three for a parent not prepared).
func Mark(nested, parent constructs.Construct, id string) {
	var at cfnfrag.Site
	if s, ok := prepared.Load(parent); ok {
		at = s.(cfnfrag.Site).Child(id)
	} else {
		at = cfnfrag.SiteOf(nested)
	}
	marked.Store(nested, at)
}

// Is reports whether scope was given to Mark, and its Site.
func Is(scope constructs.IConstruct) (cfnfrag.Site, bool) {
	s, ok := marked.Load(scope)
	if !ok {
		return cfnfrag.Site{}, false
	}
	return s.(cfnfrag.Site), true
}
