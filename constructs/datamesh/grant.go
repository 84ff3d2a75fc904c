package datamesh

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// PolicyType is a DataZone authorization policy that a PolicyGrant gives.
type PolicyType string

// Every PolicyType of AWS::DataZone::PolicyGrant.
const (
	PolicyCreateDomainUnit                 PolicyType = "CREATE_DOMAIN_UNIT"
	PolicyOverrideDomainUnitOwners         PolicyType = "OVERRIDE_DOMAIN_UNIT_OWNERS"
	PolicyAddToProjectMemberPool           PolicyType = "ADD_TO_PROJECT_MEMBER_POOL"
	PolicyOverrideProjectOwners            PolicyType = "OVERRIDE_PROJECT_OWNERS"
	PolicyCreateGlossary                   PolicyType = "CREATE_GLOSSARY"
	PolicyCreateFormType                   PolicyType = "CREATE_FORM_TYPE"
	PolicyCreateAssetType                  PolicyType = "CREATE_ASSET_TYPE"
	PolicyCreateProject                    PolicyType = "CREATE_PROJECT"
	PolicyCreateEnvironmentProfile         PolicyType = "CREATE_ENVIRONMENT_PROFILE"
	PolicyDelegateCreateEnvironmentProfile PolicyType = "DELEGATE_CREATE_ENVIRONMENT_PROFILE"
	PolicyCreateEnvironment                PolicyType = "CREATE_ENVIRONMENT"
	PolicyCreateEnvironmentFromBlueprint   PolicyType = "CREATE_ENVIRONMENT_FROM_BLUEPRINT"
	PolicyCreateProjectFromProjectProfile  PolicyType = "CREATE_PROJECT_FROM_PROJECT_PROFILE"
)

// PolicyTypes lists every policy type.
func PolicyTypes() []PolicyType {
	return []PolicyType{PolicyCreateDomainUnit, PolicyOverrideDomainUnitOwners, PolicyAddToProjectMemberPool,
		PolicyOverrideProjectOwners, PolicyCreateGlossary, PolicyCreateFormType, PolicyCreateAssetType,
		PolicyCreateProject, PolicyCreateEnvironmentProfile, PolicyDelegateCreateEnvironmentProfile,
		PolicyCreateEnvironment, PolicyCreateEnvironmentFromBlueprint, PolicyCreateProjectFromProjectProfile}
}

// takesChildUnits reports whether the policy's detail has IncludeChildDomainUnits.
func (t PolicyType) takesChildUnits() bool {
	switch t {
	case PolicyCreateEnvironmentProfile, PolicyDelegateCreateEnvironmentProfile, PolicyCreateEnvironment, PolicyCreateEnvironmentFromBlueprint:
		return false
	}
	return true
}

// PolicyDetail is the detail of a grant. Which fields a policy type takes:
// IncludeChildDomainUnits: every type on a domain unit except the environment ones;
// ProjectProfiles: CREATE_PROJECT_FROM_PROJECT_PROFILE only (and required there);
// DomainUnitID: CREATE_ENVIRONMENT_PROFILE only.
type PolicyDetail struct {
	// IncludeChildDomainUnits extends the grant to every unit below.
	//
	// Default: false.
	IncludeChildDomainUnits bool
	// ProjectProfiles that projects may be created from.
	ProjectProfiles []IProjectProfile
	// DomainUnitID where environment profiles may be created.
	DomainUnitID string
}

// ProjectDesignation is the role of a project's members that a grant to projects names.
type ProjectDesignation string

// The project designations of PolicyGrant principals.
const (
	ProjectDesignationOwners         ProjectDesignation = "OWNER"
	ProjectDesignationContributors   ProjectDesignation = "CONTRIBUTOR"
	ProjectDesignationCatalogSteward ProjectDesignation = "PROJECT_CATALOG_STEWARD"
)

// GrantPrincipal is who receives a grant. Create one with GrantToPrincipal,
// GrantToAllUsers, GrantToProjectsIn or GrantToUnitOwners.
type GrantPrincipal struct {
	principal   *Principal
	allUsers    bool
	projectsIn  IDomainUnitRef
	designation ProjectDesignation
	children    bool
	unitOwners  IDomainUnitRef
}

// GrantToPrincipal grants to one user or group.
func GrantToPrincipal(p Principal) GrantPrincipal { return GrantPrincipal{principal: &p} }

// GrantToAllUsers grants to every user of the domain. The DataMesh rules reject it in a
// production stage.
func GrantToAllUsers() GrantPrincipal { return GrantPrincipal{allUsers: true} }

// ChildUnits says whether a grant on a domain unit reaches the units below it (the
// service's IncludeChildDomainUnits).
type ChildUnits int

const (
	// ChildUnitsExcluded: the unit itself only (the default).
	ChildUnitsExcluded ChildUnits = iota
	// ChildUnitsIncluded: the unit and every unit below it.
	ChildUnitsIncluded
)

// GrantToProjectsIn grants to the members with designation of every project in unit
// (and below it with ChildUnitsIncluded).
func GrantToProjectsIn(unit IDomainUnitRef, designation ProjectDesignation, children ChildUnits) GrantPrincipal {
	return GrantPrincipal{projectsIn: unit, designation: designation, children: children == ChildUnitsIncluded}
}

// GrantToUnitOwners grants to the owners of unit.
func GrantToUnitOwners(unit IDomainUnitRef) GrantPrincipal { return GrantPrincipal{unitOwners: unit} }

// key identifies the principal in logical IDs: units by construct path, which a rename
// of the unit leaves alone.
func (g GrantPrincipal) key() string {
	switch {
	case g.projectsIn != nil:
		return "PROJECTS:" + g.projectsIn.unit().cpath + ":" + string(g.designation) + ":" + strconv.FormatBool(g.children)
	case g.unitOwners != nil:
		return "UNIT_OWNERS:" + g.unitOwners.unit().cpath
	}
	return g.String()
}

// String names the principal ("SSO_GROUP:analysts", "ALL_USERS", "UNIT_OWNERS:Sales").
func (g GrantPrincipal) String() string {
	switch {
	case g.principal != nil:
		return g.principal.key()
	case g.allUsers:
		return "ALL_USERS"
	case g.projectsIn != nil:
		return "PROJECTS:" + g.projectsIn.unit().key + ":" + string(g.designation) + ":" + strconv.FormatBool(g.children)
	case g.unitOwners != nil:
		return "UNIT_OWNERS:" + g.unitOwners.unit().key
	}
	return ""
}

func (g GrantPrincipal) validate(pr *problems, field string, mode IdentityMode) {
	switch {
	case g.principal != nil:
		g.principal.validate(pr, field, mode)
	case g.allUsers:
	case g.projectsIn != nil:
		if !slices.Contains([]ProjectDesignation{ProjectDesignationOwners, ProjectDesignationContributors, ProjectDesignationCatalogSteward}, g.designation) {
			pr.add(ErrInvalidProps, field+".Designation", string(g.designation), "use ProjectOwners, ProjectContributors or ProjectCatalogSteward")
		}
	case g.unitOwners != nil:
	default:
		pr.add(ErrMissing, field, "", "create the principal with GrantToPrincipal, GrantToAllUsers, GrantToProjectsIn or GrantToUnitOwners")
	}
}

// render builds the grant's principal; a group is named by its group ID (resolved by
// core from a display name when needed).
func (g GrantPrincipal) render(core *domainCore) *awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty {
	switch {
	case g.principal != nil && g.principal.IsGroup():
		return &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			Group: &awsdatazone.CfnPolicyGrant_GroupPolicyGrantPrincipalProperty{GroupIdentifier: core.groupID(*g.principal)}}
	case g.principal != nil:
		return &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			User: &awsdatazone.CfnPolicyGrant_UserPolicyGrantPrincipalProperty{UserIdentifier: jsii.String(g.principal.Identifier)}}
	case g.allUsers:
		return &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			User: &awsdatazone.CfnPolicyGrant_UserPolicyGrantPrincipalProperty{AllUsersGrantFilter: map[string]any{}}}
	case g.projectsIn != nil:
		return &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			Project: &awsdatazone.CfnPolicyGrant_ProjectPolicyGrantPrincipalProperty{
				ProjectDesignation: jsii.String(string(g.designation)),
				ProjectGrantFilter: &awsdatazone.CfnPolicyGrant_ProjectGrantFilterProperty{
					DomainUnitFilter: &awsdatazone.CfnPolicyGrant_DomainUnitFilterForProjectProperty{
						DomainUnit: g.projectsIn.DomainUnitID(), IncludeChildDomainUnits: jsii.Bool(g.children)}}}}
	default:
		return &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			DomainUnit: &awsdatazone.CfnPolicyGrant_DomainUnitPolicyGrantPrincipalProperty{
				DomainUnitDesignation: jsii.String("OWNER"), DomainUnitIdentifier: g.unitOwners.DomainUnitID()}}
	}
}

// PolicyGrantProps configure a PolicyGrant: which policy, on what, to whom.
type PolicyGrantProps struct {
	// DomainUnit the grant applies to (every policy but CREATE_ENVIRONMENT_FROM_BLUEPRINT).
	DomainUnit IDomainUnitRef
	// Domain and Blueprint the grant applies to (CREATE_ENVIRONMENT_FROM_BLUEPRINT only).
	Domain IBusinessDomain
	// Blueprint the grant applies to (CREATE_ENVIRONMENT_FROM_BLUEPRINT only).
	Blueprint Blueprint
	// Policy granted.
	Policy PolicyType
	// Principal that receives it.
	Principal GrantPrincipal
	// Detail of the grant; see PolicyDetail for what each type takes.
	//
	// Default: an empty detail of the policy's type.
	Detail *PolicyDetail
}

// Validate reports every problem, including a detail that does not match the type.
func (p *PolicyGrantProps) Validate() error { return p.validate("") }

func (p *PolicyGrantProps) validate(path string) error {
	_, err := p.check(path)
	return err
}

// check returns the grant's identity in its domain (entity, policy and principal) and the
// problems of the props; a grant of that identity already in the domain is one.
func (p *PolicyGrantProps) check(path string) (string, error) {
	pr := newProblems("PolicyGrant", path)
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &PolicyGrantProps{...}")
		return "", pr.err()
	}
	if !slices.Contains(PolicyTypes(), p.Policy) {
		pr.add(ErrInvalidProps, "Policy", string(p.Policy), fmt.Sprintf("use one of %v", PolicyTypes()))
		return "", pr.err()
	}
	var mode IdentityMode = IdentityModeSSO
	if p.Policy == PolicyCreateEnvironmentFromBlueprint {
		if p.Domain == nil {
			pr.add(ErrMissing, "Domain", "", "a blueprint grant names the root domain and the Blueprint")
		} else {
			mode = p.Domain.IdentityMode()
			if p.Domain.BlueprintID(p.Blueprint) == nil {
				pr.add(ErrUnknownBlueprint, "Blueprint", string(p.Blueprint), "enable the blueprint in BusinessDomainProps.Blueprints first")
			}
		}
		if p.DomainUnit != nil {
			pr.add(ErrPolicyDetail, "DomainUnit", p.DomainUnit.UnitPath(), "CREATE_ENVIRONMENT_FROM_BLUEPRINT applies to a blueprint: set Domain and Blueprint, not DomainUnit")
		}
	} else {
		if p.DomainUnit == nil {
			pr.add(ErrMissing, "DomainUnit", "", "set the unit (or root domain) the grant applies to")
		} else {
			mode = p.DomainUnit.Domain().IdentityMode()
		}
		if p.Blueprint != "" {
			pr.add(ErrPolicyDetail, "Blueprint", string(p.Blueprint), string(p.Policy)+" applies to a domain unit: remove Blueprint")
		}
	}
	p.Principal.validate(pr, "Principal", mode)
	p.validateDomains(pr)
	if d := p.Detail; d != nil {
		if d.IncludeChildDomainUnits && !p.Policy.takesChildUnits() {
			pr.add(ErrPolicyDetail, "Detail.IncludeChildDomainUnits", strconv.FormatBool(d.IncludeChildDomainUnits), string(p.Policy)+" has no IncludeChildDomainUnits: remove it")
		}
		if len(d.ProjectProfiles) > 0 && p.Policy != PolicyCreateProjectFromProjectProfile {
			pr.add(ErrPolicyDetail, "Detail.ProjectProfiles", fmt.Sprint(len(d.ProjectProfiles)), "only CREATE_PROJECT_FROM_PROJECT_PROFILE takes project profiles: remove them or change Policy")
		}
		if d.DomainUnitID != "" && p.Policy != PolicyCreateEnvironmentProfile {
			pr.add(ErrPolicyDetail, "Detail.DomainUnitID", d.DomainUnitID, "only CREATE_ENVIRONMENT_PROFILE takes a DomainUnitID: remove it")
		}
	}
	if p.Policy == PolicyCreateProjectFromProjectProfile && (p.Detail == nil || len(p.Detail.ProjectProfiles) == 0) {
		pr.add(ErrPolicyDetail, "Detail.ProjectProfiles", "", "name the profiles projects may be created from")
	}
	if pr.list.Len() > 0 {
		return "", pr.err()
	}
	domain, entityType := p.Domain, "ENVIRONMENT_BLUEPRINT_CONFIGURATION"
	if p.Policy != PolicyCreateEnvironmentFromBlueprint {
		domain, entityType = p.DomainUnit.Domain(), "DOMAIN_UNIT"
	}
	identity := entityType + "|" + p.Policy.entityKey(p) + "|" + string(p.Policy) + "|" + p.Principal.key()
	if other, ok := domain.core().grants[identity]; ok {
		pr.add(ErrDuplicate, "Principal", p.Principal.String(), fmt.Sprintf("%s already grants %s to this principal on the same entity (%s): DataZone keeps one grant per entity, policy and principal; keep one grant (with every project profile it needs)", other, p.Policy, entityType))
	}
	return identity, pr.err()
}

// PolicyGrant is one DataZone policy grant.
type PolicyGrant interface {
	constructs.Construct
	// Resource is the underlying resource: an AWS::DataZone::PolicyGrant for the policy
	// types whose detail is always empty, else a Custom::SmusmeshPolicyGrant with the same
	// properties, which updates the grant in place when its detail changes.
	Resource() awscdk.CfnResource
}

type policyGrant struct {
	constructs.Construct
	cfn awscdk.CfnResource
}

func (g *policyGrant) Resource() awscdk.CfnResource { return g.cfn }

// NewPolicyGrant creates a grant. DataZone keeps one grant per entity (unit or blueprint),
// policy type and principal, and AWS::DataZone::PolicyGrant has no update handler: a
// changed detail would replace the grant, creating the new one while the old one still
// exists, which the service refuses as AlreadyExists
// (aws-ia/terraform-aws-sagemaker-unified-studio, examples/quick-setup/README.md, known
// issues). So a grant whose policy type has a detail (every type but
// CREATE_ENVIRONMENT_FROM_BLUEPRINT, CREATE_ENVIRONMENT and
// DELEGATE_CREATE_ENVIRONMENT_PROFILE) is a Custom::SmusmeshPolicyGrant, kept by the
// domain's grant provider, which changes the detail in place (grantprovider.go): adding a
// project profile to a grant, or flipping IncludeChildDomainUnits, deploys in one pass.
// Two grants of one entity, policy and principal in one mesh are an ErrDuplicate.
func NewPolicyGrant(scope constructs.Construct, id *string, props *PolicyGrantProps) PolicyGrant {
	path := pathOf(scope, id)
	defer problem.Annotate("PolicyGrant", path)
	identity, err := props.check(path)
	mustValid(err)
	g := &policyGrant{}
	constructs.NewConstruct_Override(g, scope, id)
	var domain IBusinessDomain
	var entityType string
	var entityID *string
	var deps []awscdk.CfnResource
	if props.Policy == PolicyCreateEnvironmentFromBlueprint {
		domain = props.Domain
		entityType = "ENVIRONMENT_BLUEPRINT_CONFIGURATION"
		entityID = awscdk.Fn_Join(jsii.String(":"), &[]*string{domain.core().accountOf(), domain.BlueprintID(props.Blueprint)})
	} else {
		domain = props.DomainUnit.Domain()
		entityType = "DOMAIN_UNIT"
		entityID = props.DomainUnit.DomainUnitID()
	}
	d := props.Detail
	if d == nil {
		d = &PolicyDetail{}
	}
	var profileIDs *[]*string
	if len(d.ProjectProfiles) > 0 {
		ids := make([]*string, len(d.ProjectProfiles))
		for i, pp := range d.ProjectProfiles {
			ids[i] = pp.ProjectProfileID()
		}
		profileIDs = &ids
	}
	core := domain.core()
	if core.grants == nil {
		core.grants = map[string]string{}
	}
	core.grants[identity] = path
	if props.Policy.fixedDetail() {
		g.cfn = awsdatazone.NewCfnPolicyGrant(g, jsii.String("Resource"), &awsdatazone.CfnPolicyGrantProps{
			DomainIdentifier: core.domainID,
			EntityType:       jsii.String(entityType),
			EntityIdentifier: entityID,
			PolicyType:       jsii.String(string(props.Policy)),
			Detail:           renderDetail(props.Policy, d, profileIDs),
			Principal:        props.Principal.render(core),
		})
	} else {
		cr := newCustomGrant(g, core, entityType, entityID, props.Policy, detailMap(props.Policy, d, profileIDs), props.Principal.renderMap(core))
		g.cfn = cr.Node().DefaultChild().(awscdk.CfnResource)
	}
	record(g.cfn, meshmeta.Resource{Kind: meshmeta.KindPolicyGrant, Domain: core.name, Member: props.Principal.String(), Name: string(props.Policy)})
	if p := props.Principal.principal; p != nil {
		if prof := core.profile(*p); prof != nil {
			deps = append(deps, prof)
		}
	}
	for _, dep := range deps {
		g.cfn.Node().AddDependency(dep)
	}
	return g
}

// entityKey names the grant's entity within its domain: the unit's construct path, or the
// blueprint.
func (t PolicyType) entityKey(props *PolicyGrantProps) string {
	if t == PolicyCreateEnvironmentFromBlueprint {
		return string(props.Blueprint)
	}
	return props.DomainUnit.unit().cpath
}

// UnitGrants are the common grants on one domain unit (or the root unit). Each grant's
// logical ID derives from policy and principal, the grant's service identity on the unit,
// so adding one never touches another, and no two grants can share an identity.
type UnitGrants struct {
	unit  *unitCore
	added map[string]unitGrant // policy|principal -> the grant and its detail
}

type unitGrant struct {
	grant  PolicyGrant
	detail string
}

// CreateProjects lets principal create projects in the unit from profiles.
func (u *UnitGrants) CreateProjects(principal GrantPrincipal, profiles []IProjectProfile, children ChildUnits) PolicyGrant {
	return u.Add(PolicyCreateProjectFromProjectProfile, principal, &PolicyDetail{ProjectProfiles: profiles, IncludeChildDomainUnits: children == ChildUnitsIncluded})
}

// CreateDomainUnits lets principal create child units.
func (u *UnitGrants) CreateDomainUnits(principal GrantPrincipal, children ChildUnits) PolicyGrant {
	return u.Add(PolicyCreateDomainUnit, principal, &PolicyDetail{IncludeChildDomainUnits: children == ChildUnitsIncluded})
}

// CreateGlossaries lets principal create business glossaries.
func (u *UnitGrants) CreateGlossaries(principal GrantPrincipal, children ChildUnits) PolicyGrant {
	return u.Add(PolicyCreateGlossary, principal, &PolicyDetail{IncludeChildDomainUnits: children == ChildUnitsIncluded})
}

// CreateFormTypes lets principal create metadata form types.
func (u *UnitGrants) CreateFormTypes(principal GrantPrincipal, children ChildUnits) PolicyGrant {
	return u.Add(PolicyCreateFormType, principal, &PolicyDetail{IncludeChildDomainUnits: children == ChildUnitsIncluded})
}

// Add grants any unit-level policy; the detail must match the policy type. Adding the
// same policy, principal and detail again returns the first grant; the same policy and
// principal with another detail is an ErrDuplicate (DataZone keeps one grant per unit,
// policy and principal).
func (u *UnitGrants) Add(policy PolicyType, principal GrantPrincipal, detail *PolicyDetail) PolicyGrant {
	ref := u.unit.self.(IDomainUnitRef)
	key := string(policy) + "|" + principal.key()
	if prev, ok := u.added[key]; ok {
		if prev.detail == detailKey(detail) {
			return prev.grant
		}
		pr := newProblems("PolicyGrant", *prev.grant.Node().Path())
		pr.add(ErrDuplicate, "Detail", detailKey(detail), fmt.Sprintf("%s is already granted to %s on this unit with detail %q: DataZone keeps one grant per unit, policy and principal; keep one detail (one grant listing every project profile)", policy, principal, prev.detail))
		mustValid(pr.err())
	}
	g := NewPolicyGrant(u.unit.self, jsii.String(idFor("Grant", key, strings.ReplaceAll(strings.ToLower(string(policy)), "_", ""))), &PolicyGrantProps{
		DomainUnit: ref, Policy: policy, Principal: principal, Detail: detail,
	})
	if u.added == nil {
		u.added = map[string]unitGrant{}
	}
	u.added[key] = unitGrant{grant: g, detail: detailKey(detail)}
	return g
}

// detailKey identifies a detail, to tell a repeated grant from a conflicting one.
func detailKey(d *PolicyDetail) string {
	if d == nil {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "children=%t;", d.IncludeChildDomainUnits)
	names := make([]string, 0, len(d.ProjectProfiles))
	for _, p := range d.ProjectProfiles {
		names = append(names, p.ProfileName())
	}
	slices.Sort(names)
	fmt.Fprintf(&b, "profiles=%s;unit=%s", strings.Join(names, ","), d.DomainUnitID)
	return b.String()
}

// GrantCreateEnvironmentFromBlueprint lets principal create environments from the
// enabled blueprint b.
func (d *rootDomain) GrantCreateEnvironmentFromBlueprint(b Blueprint, principal GrantPrincipal) PolicyGrant {
	key := string(PolicyCreateEnvironmentFromBlueprint) + "|" + string(b) + "|" + principal.key()
	return NewPolicyGrant(d, jsii.String(idFor("BlueprintGrant", key, string(b))), &PolicyGrantProps{
		Domain: d, Blueprint: b, Policy: PolicyCreateEnvironmentFromBlueprint, Principal: principal,
	})
}

// renderDetail builds the typed detail of policy. The L1 maps only its own typed fields
// to CloudFormation (a raw map with PascalCase keys would be dropped), hence one case
// per policy type.
func renderDetail(policy PolicyType, d *PolicyDetail, profileIDs *[]*string) *awsdatazone.CfnPolicyGrant_PolicyGrantDetailProperty {
	var children any = d.IncludeChildDomainUnits
	out := &awsdatazone.CfnPolicyGrant_PolicyGrantDetailProperty{}
	switch policy {
	case PolicyCreateDomainUnit:
		out.CreateDomainUnit = &awsdatazone.CfnPolicyGrant_CreateDomainUnitPolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyOverrideDomainUnitOwners:
		out.OverrideDomainUnitOwners = &awsdatazone.CfnPolicyGrant_OverrideDomainUnitOwnersPolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyAddToProjectMemberPool:
		out.AddToProjectMemberPool = &awsdatazone.CfnPolicyGrant_AddToProjectMemberPoolPolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyOverrideProjectOwners:
		out.OverrideProjectOwners = &awsdatazone.CfnPolicyGrant_OverrideProjectOwnersPolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyCreateGlossary:
		out.CreateGlossary = &awsdatazone.CfnPolicyGrant_CreateGlossaryPolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyCreateFormType:
		out.CreateFormType = &awsdatazone.CfnPolicyGrant_CreateFormTypePolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyCreateAssetType:
		out.CreateAssetType = &awsdatazone.CfnPolicyGrant_CreateAssetTypePolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyCreateProject:
		out.CreateProject = &awsdatazone.CfnPolicyGrant_CreateProjectPolicyGrantDetailProperty{IncludeChildDomainUnits: children}
	case PolicyCreateEnvironmentProfile:
		out.CreateEnvironmentProfile = &awsdatazone.CfnPolicyGrant_CreateEnvironmentProfilePolicyGrantDetailProperty{DomainUnitId: optional(d.DomainUnitID)}
	case PolicyDelegateCreateEnvironmentProfile:
		out.DelegateCreateEnvironmentProfile = map[string]any{}
	case PolicyCreateEnvironment:
		out.CreateEnvironment = map[string]any{}
	case PolicyCreateEnvironmentFromBlueprint:
		out.CreateEnvironmentFromBlueprint = map[string]any{}
	case PolicyCreateProjectFromProjectProfile:
		out.CreateProjectFromProjectProfile = &awsdatazone.CfnPolicyGrant_CreateProjectFromProjectProfilePolicyGrantDetailProperty{
			IncludeChildDomainUnits: children, ProjectProfiles: profileIDs}
	}
	return out
}
