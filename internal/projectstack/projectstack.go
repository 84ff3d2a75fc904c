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

// Retain registers the aspect on stack: resources of Types under it (nested stacks
// included) without a removal policy get RETAIN at synth. Two jsii calls per stack.
func Retain(stack constructs.IConstruct) {
	awscdk.MissingRemovalPolicies_Of(stack).Retain(&awscdk.RemovalPolicyProps{ApplyToResourceTypes: jsii.Strings(Types...)})
}

// Mark records that nested is a nested stack made for one project, under a stack given
// to Retain.
func Mark(nested constructs.IConstruct) { marked.Store(nested, struct{}{}) }

// Is reports whether scope was given to Mark.
func Is(scope constructs.IConstruct) bool {
	_, ok := marked.Load(scope)
	return ok
}
