package datamesh

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// memberPoolGrant returns the ADD_TO_PROJECT_MEMBER_POOL grant that makes p eligible to
// be added to the projects of one domain unit (entityID, whose construct is unit),
// creating it on first use; a ProjectMembership of p depends on it.
//
// The service grants this policy only to the domain's creator (the CloudFormation
// execution role), so a user or group that nobody put in a unit's member pool cannot be
// added to its projects. aws/modern-data-architecture-accelerator grants it for the same
// reason (packages/constructs/L3/governance/datazone-l3-construct/lib/private/common-domain-helper.ts,
// setupDomainGovernance and buildOwnerAuthorizationPolicies; its docs: "only makes users
// eligible to be added as project members"). smusmesh grants it to exactly the principals
// that are members of a project in the unit, on that unit only (no child units): least
// privilege, and no grant to all users (which the DataMesh rules reject in production).
//
// The grant's logical ID derives from the principal, under the unit's construct, so adding
// or removing a member elsewhere never touches it; it stays while any project of the unit
// has the principal as member.
func (d *domainCore) memberPoolGrant(unit constructs.Construct, entityID *string, p Principal) awscdk.CfnResource {
	return d.memberPoolGrantWithID(unit, entityID, p, idFor("MemberPool", p.key(), p.Identifier), nil)
}

// memberPoolGrantWithID is memberPoolGrant with the construct id given: for a principal
// whose identifier is a token (a role created in the stack), whose text is no stable id.
// prof is that principal's user profile when the caller made it; nil means the domain's
// profile of p.
func (d *domainCore) memberPoolGrantWithID(unit constructs.Construct, entityID *string, p Principal, id string, prof awscdk.CfnResource) awscdk.CfnResource {
	k := d.poolPath(unit) + "|" + p.key()
	if g, ok := d.pool[k]; ok {
		return g
	}
	g := awsdatazone.NewCfnPolicyGrant(unit, jsii.String(id), &awsdatazone.CfnPolicyGrantProps{
		DomainIdentifier: d.domainID,
		EntityType:       jsii.String("DOMAIN_UNIT"),
		EntityIdentifier: entityID,
		PolicyType:       jsii.String(string(PolicyAddToProjectMemberPool)),
		Detail:           renderDetail(PolicyAddToProjectMemberPool, &PolicyDetail{IncludeChildDomainUnits: false}, nil),
		Principal:        GrantToPrincipal(p).render(d),
	})
	record(g, d.memberPoolMeta(p))
	if prof == nil {
		prof = d.profile(p)
	}
	if prof != nil {
		g.AddResourceDependency(prof, nil)
	}
	d.keepPoolGrant(d.poolPath(unit), p.key(), g)
	return g
}

// memberPoolResource is the member-pool grant of p on the unit entity (its ID, as a token
// or an intrinsic of the fragment), in template form: what memberPoolGrantWithID creates
// with construct id id.
func (d *domainCore) memberPoolResource(id string, entity any, p Principal) cfnfrag.Resource {
	return cfnfrag.Resource{LogicalID: id, Type: "AWS::DataZone::PolicyGrant",
		Properties: map[string]any{
			"DomainIdentifier": d.domainID,
			"EntityType":       "DOMAIN_UNIT",
			"EntityIdentifier": entity,
			"PolicyType":       string(PolicyAddToProjectMemberPool),
			"Detail":           detailMap(PolicyAddToProjectMemberPool, &PolicyDetail{IncludeChildDomainUnits: false}, nil),
			"Principal":        GrantToPrincipal(p).renderMap(d),
		},
		Metadata: metadata(d.memberPoolMeta(p))}
}

func (d *domainCore) memberPoolMeta(p Principal) meshmeta.Resource {
	return meshmeta.Resource{Kind: meshmeta.KindPolicyGrant, Domain: d.name, Governance: d.kind == meshmeta.KindGovernanceDomain, Member: p.String(), Name: string(PolicyAddToProjectMemberPool)}
}

// keepPoolGrant records g as the member-pool grant of the principal with key who on the
// unit at construct path unitPath.
func (d *domainCore) keepPoolGrant(unitPath, who string, g awscdk.CfnResource) {
	if d.pool == nil {
		d.pool = map[string]awscdk.CfnResource{}
	}
	d.pool[unitPath+"|"+who] = g
}

// poolPath is the construct path of a unit that holds member-pool grants: known in Go for
// this package's units, else read once (two jsii calls).
func (d *domainCore) poolPath(unit constructs.Construct) string {
	if p, ok := knownPath(unit); ok {
		return p
	}
	up, ok := d.poolPaths[unit]
	if !ok {
		if d.poolPaths == nil {
			d.poolPaths = map[constructs.Construct]string{}
		}
		up = *unit.Node().Path()
		d.poolPaths[unit] = up
	}
	return up
}
