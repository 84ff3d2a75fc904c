package stages

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// crossDomain reports whether the read names a product of another business domain than
// dom, the consumer's.
func (r *ReadDef) crossDomain(dom *DomainDef) bool {
	return r != nil && r.Domain != "" && !strings.EqualFold(r.Domain, dom.Name)
}

// crossRead is a read of a product of another business domain, built once every domain
// exists.
type crossRead struct {
	domain  string // the consumer's
	key     string // the consumer's key
	project datamesh.Project
	read    *ReadDef
}

// buildCrossDomainReads builds the reads of products of other business domains. Each
// lives in the product's nested stack: Lake Formation grants are made in the account of
// the product's catalog, which may grant the consumer's role of another account directly
// (docs/deploy.md, AWS::LakeFormation::PrincipalPermissions), and the product's stack
// needs nothing of the consumer's, so two domains may read each other without a cycle.
func (m *MeshStage) buildCrossDomainReads() {
	s := m.settings
	idsOf := map[datamesh.MasterDataProject]ids{}
	for _, cr := range m.crossReads {
		r := cr.read
		var dom *DomainDef
		for _, d := range m.def.Domains {
			if d != nil && strings.EqualFold(d.Name, r.Domain) {
				dom = d
			}
		}
		product := m.products[dom.Name+"|"+r.Product]
		scope := awscdk.Stack_Of(product)
		if idsOf[product] == nil {
			idsOf[product] = newIDs()
		}
		id := idsOf[product].of("ReadBy", cr.domain+" "+cr.key+" "+r.Table)
		role := awsiam.Role_FromRoleArn(scope, jsii.String(id+"Role"), jsii.String(ReadRoleARN(s.Region, s.accountOf(cr.domain), r.Role)),
			&awsiam.FromRoleArnOptions{Mutable: jsii.Bool(false)})
		var perms []datamesh.LakeFormationPermission
		for _, p := range r.Permissions {
			perms = append(perms, datamesh.LakeFormationPermission(p))
		}
		datamesh.NewDataProductAccess(scope, jsii.String(id), &datamesh.DataProductAccessProps{
			Consumer: cr.project, ConsumerRole: role, Product: product, Table: r.Table,
			Columns: r.Columns, RowFilter: r.RowFilter, TagExpression: r.TagExpression, Permissions: perms,
			PIIApproval: r.PIIApproval.approval(),
		})
	}
}

// validateCrossAccountReads reports the reads by LF-tags of a product of another domain
// whose account in this stage is not the consumer domain's: a cross-account grant
// through LF-tags needs the catalog's resource policy, which smusmesh does not write
// (datamesh.ErrCrossAccount).
func (s *Settings) validateCrossAccountReads(l *plist, path string, def *Definition) {
	if def == nil {
		return
	}
	for _, dom := range def.Domains {
		if dom == nil {
			continue
		}
		dom.Walk(func(_ []string, pp string, p *ProjectDef) {
			for j, r := range p.Reads {
				if !r.crossDomain(dom) || len(r.TagExpression) == 0 {
					continue
				}
				other := r.Domain
				for _, d := range def.Domains {
					if d != nil && strings.EqualFold(d.Name, r.Domain) {
						other = d.Name
					}
				}
				if a, b := s.accountOf(dom.Name), s.accountOf(other); a != b {
					l.add(datamesh.ErrCrossAccount, fmt.Sprintf("%s.domainAccounts", path),
						"%s.reads[%d] reads %s of domain %s by tagExpression, but the domains are in accounts %s and %s in this stage: a cross-account read through LF-tags needs the catalog's resource policy, which smusmesh does not write; read by table",
						pp, j, r.Product, r.Domain, a, b)
				}
			}
		})
	}
}
