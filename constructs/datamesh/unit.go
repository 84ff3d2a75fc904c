package datamesh

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/cloudformationinclude"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// IDomainUnitRef is a place in a root domain's hierarchy where units and projects live:
// the root domain itself (its root domain unit) or a DomainUnit. The governance domain is
// not one, so its API cannot hold business units or projects.
type IDomainUnitRef interface {
	constructs.IConstruct
	// DomainUnitID is the unit's ID, a token until deploy.
	DomainUnitID() *string
	// Domain the unit belongs to.
	Domain() IBusinessDomain
	// UnitPath is the unit's path of names from the root, "Sales/EMEA"; "" for the root.
	UnitPath() string

	unit() *unitCore
}

// unitCore is what the root unit and domain units share: owners, grants, child names.
type unitCore struct {
	self   constructs.Construct
	domain IBusinessDomain
	unitID *string
	path   string
	// cpath is the construct path of self, known in Go (reading it is two jsii calls): the
	// identity of the unit in grant keys and quota messages.
	cpath string
	// key is the path of keys from the root ("sales/emea"; "" for the root): what the
	// logical IDs of the unit's owners and of grants to its projects or owners derive
	// from, so that renaming a unit changes none of them.
	key      string
	children map[string]string       // child unit name -> construct path, for duplicate checks
	projects map[string]fmt.Stringer // project name -> its construct or plan path
	grants   *UnitGrants
}

// AddOwner makes p an owner of the unit.
func (u *unitCore) AddOwner(p Principal) {
	pr := newProblems("DomainUnit", u.cpath)
	p.validate(pr, "Owner", u.domain.IdentityMode())
	mustValid(pr.err())
	u.domain.core().addOwner(u.self, u.unitID, p)
}

// Grants returns the unit's grant helpers.
func (u *unitCore) Grants() *UnitGrants { return u.grants }

// reserveChild records a child unit name (or key, prefixed "key:"); it reports the
// construct path of the sibling that already has it.
func (u *unitCore) reserveChild(name, path string) (string, bool) {
	if u.children == nil {
		u.children = map[string]string{}
	}
	if other, ok := u.children[strings.ToLower(name)]; ok {
		return other, false
	}
	u.children[strings.ToLower(name)] = path
	return "", true
}

// childKey is the key path of a child unit with key k.
func (u *unitCore) childKey(k string) string {
	if u.key == "" {
		return k
	}
	return u.key + "/" + k
}

func (u *unitCore) reserveProject(name string, path fmt.Stringer) (fmt.Stringer, bool) {
	if u.projects == nil {
		u.projects = map[string]fmt.Stringer{}
	}
	if other, ok := u.projects[strings.ToLower(name)]; ok {
		return other, false
	}
	u.projects[strings.ToLower(name)] = path
	return nil, true
}

// DomainUnitProps configure a DomainUnit.
type DomainUnitProps struct {
	// Parent is the root domain (for a top-level unit) or another unit. Changing it
	// later replaces the unit (ParentDomainUnitIdentifier is create-only).
	Parent IDomainUnitRef
	// Name of the unit, unique among its siblings (1-128 characters of ^[\w -]+$). It can
	// be changed in place (AWS::DataZone::DomainUnit Name is updatable); keep Key (or the
	// construct id) when renaming.
	Name string
	// Key identifies the unit among its siblings for good: the logical IDs of its owners
	// and of grants to its projects or owners derive from the path of keys, never from
	// names, so that renaming the unit replaces none of them. Set it to the old name
	// before renaming a unit that had none (1-128 characters of letters, digits, _ . -
	// and space).
	//
	// Default: Name.
	Key string
	// Description of the unit.
	//
	// Default: none.
	Description string
	// Owners of the unit (users or groups). The DataMesh rules warn on a unit without one.
	//
	// Default: none.
	Owners []Principal
	// MemberPool are the users and groups that may be added to the unit's projects: each
	// gets the ADD_TO_PROJECT_MEMBER_POOL grant on this unit (and its profile) that a
	// project member gets when a project of the unit adds it (see Project). Listing the
	// members of the unit's projects here makes their grants with the unit, in the same
	// jsii call, instead of one by one as the projects add them; the template is the same.
	//
	// Default: none (the grants are made as projects add members).
	MemberPool []Principal
	// RemovalPolicy of the unit.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
}

// Validate reports every problem of the props that can be found without a parent.
func (p *DomainUnitProps) Validate() error { return p.validate("") }

func (p *DomainUnitProps) validate(path string) error {
	var at *site
	if p != nil {
		at = siteOfUnit(p.Parent)
		if p.Parent == nil {
			at.unit = nil
		}
	}
	pr := newProblems("DomainUnit", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at (at.unit is the parent).
func (p *DomainUnitProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &DomainUnitProps{Parent: ..., Name: ...}")
		return
	}
	if p.Parent == nil && !at.placed {
		pr.add(ErrMissing, "Parent", "", "set Parent to the BusinessDomain or to another DomainUnit")
	}
	checkName(pr, "Name", p.Name, 128, true)
	checkKey(pr, "Key", optional(p.Key))
	if p.Description != "" && len(p.Description) > 2048 {
		pr.add(ErrInvalidProps, "Description", (p.Description)[:32]+"...", "must be at most 2048 characters")
	}
	validatePrincipals(pr, "Owners", p.Owners, at.mode)
	validatePrincipals(pr, "MemberPool", p.MemberPool, at.mode)
	if name := p.Name; at.unit != nil && name != "" {
		k := or(p.Key, name)
		if other, ok := at.unit.children[strings.ToLower(name)]; ok {
			pr.add(ErrDuplicate, "Name", name, fmt.Sprintf("unit %q already has a child unit of that name (%s): rename one", at.unit.displayPath(), other))
		} else if other, ok := at.unit.children["key:"+strings.ToLower(k)]; ok {
			pr.add(ErrDuplicate, "Key", k, fmt.Sprintf("unit %q already has a child unit of that key (%s): keys are unique among siblings; set Key on one", at.unit.displayPath(), other))
		}
	}
}

func validatePrincipals(pr *problems, field string, list []Principal, mode IdentityMode) {
	seen := map[string]int{}
	for i, o := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		o.validate(pr, f, mode)
		if j, ok := seen[o.key()]; ok {
			pr.add(ErrDuplicate, f, o.String(), fmt.Sprintf("already listed as %s[%d]: remove one", field, j))
		}
		seen[o.key()] = i
	}
}

// DomainUnit is a department, team or capability inside a root domain; units nest.
type DomainUnit interface {
	IDomainUnitRef
	constructs.Construct
	// Resource is the underlying CfnDomainUnit.
	Resource() awsdatazone.CfnDomainUnit
	// Name of the unit.
	Name() string
	// AddOwner makes p an owner of the unit.
	AddOwner(p Principal)
	// Grants of the unit (who may create projects, child units ...).
	Grants() *UnitGrants
}

type domainUnit struct {
	cloudformationinclude.CfnInclude
	u    *unitCore
	name string
	// res are the unit's CfnDomainUnit ("Resource") and the owners and member-pool grants
	// made with it, in that order.
	res []awscdk.CfnResource
}

// NewDomainUnit creates a domain unit under props.Parent. Invalid props (a bad name, a
// sibling with the same name, a cycle) panic with every problem listed.
//
// The unit construct is a CfnInclude of a template fragment that holds the unit's
// CfnDomainUnit ("Resource"), its owners and its MemberPool grants, created in one jsii
// call at the construct paths (so the logical IDs) that NewCfnDomainUnit, NewCfnOwner
// and NewCfnPolicyGrant under the unit would give them (internal/cfnfrag IncludeChildren).
func NewDomainUnit(scope constructs.Construct, id *string, props *DomainUnitProps) DomainUnit {
	path := pathOf(scope, id)
	defer problem.Annotate("DomainUnit", path)
	mustValid(props.validate(path))
	parent := props.Parent.unit()
	parent.reserveChild(props.Name, path)
	parent.reserveChild("key:"+or(props.Key, props.Name), path)
	u := &domainUnit{name: props.Name}
	dom := props.Parent.Domain()
	core := dom.core()
	childPath := u.name
	if parent.path != "" {
		childPath = parent.path + "/" + u.name
	}
	key := parent.childKey(or(props.Key, u.name))
	u.u = &unitCore{self: u, domain: dom, path: childPath, key: key, cpath: path}
	u.u.grants = &UnitGrants{unit: u.u}

	unitProps := map[string]any{"DomainIdentifier": core.domainID, "ParentDomainUnitIdentifier": parent.unitID, "Name": props.Name}
	if props.Description != "" {
		unitProps["Description"] = props.Description
	}
	frag := cfnfrag.Fragment{{LogicalID: "Resource", Type: "AWS::DataZone::DomainUnit", Properties: unitProps,
		Metadata: metadata(meshmeta.Resource{Kind: meshmeta.KindDomainUnit, Domain: core.name, Name: childPath, Key: key})}}
	postRemoval := setRemoval(&frag[0], props.RemovalPolicy)
	self := map[string]any{"Fn::GetAtt": []any{"Resource", "Id"}}
	// The profiles each owner and grant depends on, in fragment order.
	var deps []awscdk.CfnResource
	for _, o := range props.Owners {
		if !core.takeOwner(u, o) {
			continue
		}
		frag = append(frag, core.ownerResource(self, o))
		deps = append(deps, core.profile(o))
	}
	var pool []string // the keys of the member-pool grants made here, in order
	if core.cfn != nil {
		seen := map[string]bool{}
		for _, p := range props.MemberPool {
			if seen[p.key()] {
				continue
			}
			seen[p.key()] = true
			frag = append(frag, core.memberPoolResource(idFor("MemberPool", p.key(), p.Identifier), self, p))
			deps = append(deps, core.profile(p))
			pool = append(pool, p.key())
		}
	}
	cfnfrag.IncludeChildren(scope, *id, u, frag, core.site(strings.TrimSuffix(strings.TrimSuffix(path, *id), "/")))
	if len(frag) == 1 {
		u.res = []awscdk.CfnResource{u.GetResource(jsii.String("Resource"))}
	} else {
		u.res = cfnfrag.Resources(u)
	}
	if postRemoval {
		applyRemoval(u.res[0], props.RemovalPolicy)
	}
	for i, dep := range deps {
		if dep != nil {
			u.res[i+1].AddResourceDependency(dep, nil)
		}
	}
	for i, k := range pool {
		core.keepPoolGrant(path, k, u.res[len(u.res)-len(pool)+i])
	}
	u.u.unitID = u.Resource().AttrId()
	core.usage.units = append(core.usage.units, u.u)
	return u
}

func (u *domainUnit) Resource() awsdatazone.CfnDomainUnit {
	return u.res[0].(awsdatazone.CfnDomainUnit)
}
func (u *domainUnit) Name() string            { return u.name }
func (u *domainUnit) DomainUnitID() *string   { return u.u.unitID }
func (u *domainUnit) Domain() IBusinessDomain { return u.u.domain }
func (u *domainUnit) UnitPath() string        { return u.u.path }
func (u *domainUnit) unit() *unitCore         { return u.u }
func (u *domainUnit) AddOwner(p Principal)    { u.u.AddOwner(p) }
func (u *domainUnit) Grants() *UnitGrants     { return u.u.grants }

func (u *unitCore) displayPath() string {
	if u.path == "" {
		return "(root)"
	}
	return u.path
}

// lazyPath is the construct path of id in scope, read from jsii only when a message
// needs it: a construct built without a problem never asks.
type lazyPath struct {
	scope constructs.Construct
	id    *string
}

func (l lazyPath) String() string { return pathOf(l.scope, l.id) }

// textPath is a path known as text (a plan entry's).
type textPath string

func (t textPath) String() string { return string(t) }

// annotateLazily is problem.Annotate with the path read only when build panics: deferred
// directly, it recovers, and re-panics under an Annotate that names the path.
func annotateLazily(construct string, path fmt.Stringer) {
	r := recover()
	if r == nil {
		return
	}
	func() {
		defer problem.Annotate(construct, path.String())
		panic(r)
	}()
}

// pathOf is the construct path a child id of scope will have, for error messages given
// before the construct exists.
func pathOf(scope constructs.Construct, id *string) string {
	if scope == nil {
		return str(id)
	}
	if p, ok := knownPath(scope); ok {
		if p == "" {
			return str(id)
		}
		return p + "/" + str(id)
	}
	// Construct.toString is node.path ("<root>" for the root): one jsii call, where
	// Node().Path() is two.
	p := *scope.ToString()
	if p == "" || p == "<root>" {
		return str(id)
	}
	return p + "/" + str(id)
}

// constructPath is the construct path of c: known in Go (knownPath), or read (two jsii calls).
func constructPath(c constructs.Construct) string {
	if p, ok := knownPath(c); ok {
		return p
	}
	return *c.Node().Path()
}

// knownPath is the construct path of c when Go knows it: the units and root domains of
// this package record theirs.
func knownPath(c any) (string, bool) {
	switch x := c.(type) {
	case *domainUnit:
		return x.u.cpath, true
	case *rootDomain:
		return x.u.cpath, true
	case *importedRootDomain:
		return x.u.cpath, true
	case *importedUnit:
		return x.u.cpath, true
	case *governanceDomain:
		return x.cpath, x.cpath != ""
	}
	return "", false
}
