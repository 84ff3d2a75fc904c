// Package nagscope lets a caller of nagpacks.Apply take cdk-nag's AwsSolutions pack, as
// Apply configures it, and apply it to part of the scope itself: stages applies it to a
// MeshStage without the projects' nested stacks, whose resource types no AwsSolutions
// rule checks (stages/nagscope.go).
package nagscope

import (
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
)

var deferred sync.Map // constructs.IConstruct -> func(awscdk.IAspect)

// Defer makes the next nagpacks.Apply on scope hand its AwsSolutions pack to take
// instead of adding it to scope's aspects.
func Defer(scope constructs.IConstruct, take func(awscdk.IAspect)) { deferred.Store(scope, take) }

// Take returns (and forgets) the function Defer registered for scope, or nil.
func Take(scope constructs.IConstruct) func(awscdk.IAspect) {
	if v, ok := deferred.LoadAndDelete(scope); ok {
		return v.(func(awscdk.IAspect))
	}
	return nil
}
