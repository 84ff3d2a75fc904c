package stages

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/projectstack"
)

// deferredProject is a project whose profile runs in an associated account: built after
// that account's stack.
type deferredProject struct {
	unit    datamesh.IDomainUnitRef
	path    []string
	def     *ProjectDef
	account *AssociatedAccount
}

// AssociatedProjectsStackID is the construct id of the stack that holds the projects of
// domain whose environments run in the associated account: <Domain>Projects<account>.
func AssociatedProjectsStackID(domain, account string) string {
	return stackID(domain) + "Projects" + account
}

// associatedProjects builds the projects whose profile runs in an associated account, in
// one stack per account in the domain's account (the project is a resource of the
// domain), deployed after the associated account's stack: the project's environments
// need that account's blueprint configurations and grants.
func (b *domainBuilder) associatedProjects() {
	stacks := map[string]awscdk.Stack{}
	for _, d := range b.deferred {
		st, ok := stacks[d.account.Account]
		if !ok {
			s := b.m.settings
			st = awscdk.NewStack(b.m.Stage, jsii.String(AssociatedProjectsStackID(b.domainName, d.account.Account)), &awscdk.StackProps{
				Env:         &awscdk.Environment{Account: jsii.String(s.accountOf(b.domainName)), Region: jsii.String(s.Region)},
				Description: jsii.String("SMUS projects of domain " + b.domainName + " whose environments run in account " + d.account.Account),
			})
			// The memberships' acknowledgment and the stack's path, once for its projects.
			projectstack.Prepare(st)
			// The stack imports the domain's and units' IDs by Fn::ImportValue: say so
			// explicitly (aws-cdk-lib warns when the strength is left to its default). A
			// strong reference keeps the domain stack from dropping an ID a project uses.
			awscdk.CrossStackReferences_Of(st).Consume(awscdk.ReferenceStrength_STRONG)
			st.AddStackDependency(b.stack, jsii.String("the projects belong to the domain"))
			if as := b.m.associated[b.domainName+"|"+d.account.Account]; as != nil {
				st.AddStackDependency(as, jsii.String("the projects' environments need the account's blueprint configurations"))
			}
			stacks[d.account.Account] = st
		}
		b.project(st, AssociatedProjectsStackID(b.domainName, d.account.Account), d.unit, d.path, d.def)
	}
}

// managementProject builds the domain management project (category ADMIN) in the root
// unit of the domain's stack, when the definition has one.
func (b *domainBuilder) managementProject(m *ManagementProjectDef) {
	if m == nil {
		return
	}
	name := m.Name
	if name == "" {
		name = "admin-project-" + b.m.settings.accountOf(b.domainName)
	}
	desc := m.Description
	if desc == "" {
		desc = "Domain management: its members administer domain " + b.domainName + " in the portal."
	}
	members := make([]*datamesh.Member, 0, len(m.Members))
	for _, md := range m.Members {
		members = append(members, b.member(md))
	}
	datamesh.NewProject(b.dom, jsii.String("ManagementProject"), &datamesh.ProjectProps{
		DomainUnit: b.dom, Name: name, Key: "ManagementProject", Description: desc,
		Category: datamesh.ProjectCategoryAdmin, Members: members, RemovalPolicy: b.m.settings.RemovalPolicy,
	})
}
