package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// variation changes the quickstart the way a mesh team edits its mesh week after week, so
// that the scenario tests (scenario_test.go) can deploy each edit over the quickstart with
// the change simulator. main builds the zero variation: the quickstart as written. Each
// hook, when set, edits the props of one construct before it is created, and sees the
// constructs created before it in m.
type variation struct {
	corp     func(m *mesh, p *datamesh.BusinessDomainProps)
	profile  func(m *mesh, p *datamesh.ProjectProfileProps)
	sales    func(m *mesh, p *datamesh.DomainUnitProps)
	crm      func(m *mesh, p *datamesh.MasterDataProjectProps)
	campaign func(m *mesh, p *datamesh.ProjectProps)
	// profiles returns more profiles (created in m.Corp) that the units' project-creation
	// grants allow.
	profiles func(m *mesh) []datamesh.IProjectProfile
	// more adds constructs after the quickstart's.
	more func(m *mesh)
	// skipNag leaves the nag packs out (they add metadata, no property).
	skipNag bool
}

// mesh holds the quickstart's constructs as build creates them, for the hooks.
type mesh struct {
	CorpStack        awscdk.Stack
	Corp             datamesh.BusinessDomain
	Analytics        datamesh.IProjectProfile
	Sales, Marketing datamesh.DomainUnit
	Crm              datamesh.MasterDataProject
	Campaigns        datamesh.Project
}

// edit calls hook on props, when the hook is set, and returns props.
func edit[P any](hook func(*mesh, *P), m *mesh, props *P) *P {
	if hook != nil {
		hook(m, props)
	}
	return props
}
