package stages

import (
	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// Definition is a whole data mesh, the same in every environment: the governance domain
// and the root domains with their profiles, units, projects and members. Load it from a
// YAML or JSON file (Load, Parse) or write it in Go. Per-environment values (accounts,
// region, Identity Center, VPC, buckets, end dates) are in Settings, never here.
type Definition struct {
	// Governance is the governance domain: standards and the central team, no data.
	Governance *GovernanceDef `yaml:"governance" json:"governance" mesh:"required"`
	// Domains are the root domains, one per line of business.
	Domains []*DomainDef `yaml:"domains" json:"domains" mesh:"required"`

	src *source // where Parse found each entry, for problems with file and line
}

// GovernanceDef defines the governance domain.
type GovernanceDef struct {
	// Name of the domain.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description of the domain.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Identity is SSO (default) or IAM.
	Identity string `yaml:"identity,omitempty" json:"identity,omitempty"`
	// UserAssignment of an SSO domain: MANUAL (the default: only the people the mesh
	// names sign in) or AUTOMATIC (every user of the Identity Center instance).
	UserAssignment string `yaml:"userAssignment,omitempty" json:"userAssignment,omitempty"`
	// Owners of the governance domain's root unit: the central team.
	Owners []*PrincipalDef `yaml:"owners,omitempty" json:"owners,omitempty"`
	// Users are people who may sign in without a role (users and groups; each gets its
	// profile in the domain, as owners and members do, and nothing else).
	Users []*PrincipalDef `yaml:"users,omitempty" json:"users,omitempty"`
	// GlossaryAuthors may create mesh-wide glossaries and metadata form types: they are
	// contributors of the standards project (the owners are its owners).
	GlossaryAuthors []*PrincipalDef `yaml:"glossaryAuthors,omitempty" json:"glossaryAuthors,omitempty"`
	// StandardsProject names the project that holds the glossary and form-type grants.
	//
	// Default: "Mesh Standards".
	StandardsProject *StandardsProjectDef `yaml:"standardsProject,omitempty" json:"standardsProject,omitempty"`
	// Standards: naming patterns and the metadata every data product must carry.
	Standards *StandardsDef `yaml:"standards,omitempty" json:"standards,omitempty"`
	// Tags on the domain (AWS::DataZone::Domain Tags), key to value; they update in place.
	Tags map[string]string `yaml:"tags,omitempty" json:"tags,omitempty"`
}

// StandardsProjectDef defines the governance domain's standards project (see
// datamesh.StandardsProjectOptions).
type StandardsProjectDef struct {
	// Name of the project; renaming keeps the project.
	//
	// Default: "Mesh Standards".
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Description of the project.
	//
	// Default: a sentence saying what the project is for.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// standardsProject returns the datamesh options of the standards project (nil: defaults).
func (g *GovernanceDef) standardsProject() *datamesh.StandardsProjectOptions {
	if g.StandardsProject == nil {
		return nil
	}
	return &datamesh.StandardsProjectOptions{Name: g.StandardsProject.Name, Description: g.StandardsProject.Description}
}

// StandardsDef defines the mesh-wide standards (see datamesh.Standards).
type StandardsDef struct {
	// Naming patterns (RE2); an absent pattern takes the default.
	Naming *NamingDef `yaml:"naming,omitempty" json:"naming,omitempty"`
	// RequiredProductMetadata lists data-contract fields every data product fills in.
	RequiredProductMetadata []string `yaml:"requiredProductMetadata,omitempty" json:"requiredProductMetadata,omitempty"`
}

// NamingDef holds the naming patterns (see datamesh.NamingConventions).
type NamingDef struct {
	// DomainName pattern.
	DomainName string `yaml:"domainName,omitempty" json:"domainName,omitempty"`
	// DomainUnitName pattern.
	DomainUnitName string `yaml:"domainUnitName,omitempty" json:"domainUnitName,omitempty"`
	// ProjectName pattern.
	ProjectName string `yaml:"projectName,omitempty" json:"projectName,omitempty"`
	// MasterDataSuffix ends the name of every Master Data project.
	MasterDataSuffix string `yaml:"masterDataSuffix,omitempty" json:"masterDataSuffix,omitempty"`
}

// DomainDef defines one root domain.
type DomainDef struct {
	// Name of the domain, unique in the mesh; it also names the domain's stack.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description of the domain.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Identity is SSO (default) or IAM.
	Identity string `yaml:"identity,omitempty" json:"identity,omitempty"`
	// UserAssignment of an SSO domain: MANUAL (the default: only the people the mesh
	// names sign in) or AUTOMATIC (every user of the Identity Center instance).
	UserAssignment string `yaml:"userAssignment,omitempty" json:"userAssignment,omitempty"`
	// Network is OPEN (default) or VPC_ONLY.
	Network string `yaml:"network,omitempty" json:"network,omitempty"`
	// Blueprints enabled besides Tooling (ToolingLite in IAM domains), in enable order:
	// any managed blueprint by its service name (S3Bucket, EmrOnEks ...).
	Blueprints []string `yaml:"blueprints,omitempty" json:"blueprints,omitempty"`
	// BlueprintSettings configure blueprints of the list above, by name: parameters,
	// regions, who provisions.
	BlueprintSettings map[string]*BlueprintSettingsDef `yaml:"blueprintSettings,omitempty" json:"blueprintSettings,omitempty"`
	// Tooling sets further parameters of the domain's Tooling configuration.
	Tooling *ToolingDef `yaml:"tooling,omitempty" json:"tooling,omitempty"`
	// CustomBlueprints are blueprints made from CloudFormation templates of your own;
	// profiles name them like managed ones.
	CustomBlueprints []*CustomBlueprintDef `yaml:"customBlueprints,omitempty" json:"customBlueprints,omitempty"`
	// ManagementProject is the domain management project (project category ADMIN) in the
	// root unit: its members administer the domain in the portal.
	ManagementProject *ManagementProjectDef `yaml:"managementProject,omitempty" json:"managementProject,omitempty"`
	// Profiles are the project profiles of the domain.
	Profiles []*ProfileDef `yaml:"profiles" json:"profiles" mesh:"required"`
	// Owners of the root domain unit.
	Owners []*PrincipalDef `yaml:"owners,omitempty" json:"owners,omitempty"`
	// Users are people who may sign in without a role (users and groups; each gets its
	// profile in the domain, as owners and members do, and nothing else).
	Users []*PrincipalDef `yaml:"users,omitempty" json:"users,omitempty"`
	// ProjectCreators may create projects from every profile of the domain in the root
	// unit and every unit below it.
	ProjectCreators []*CreatorDef `yaml:"projectCreators,omitempty" json:"projectCreators,omitempty"`
	// Units are the top-level domain units.
	Units []*UnitDef `yaml:"units,omitempty" json:"units,omitempty"`
	// Projects in the root domain unit.
	Projects []*ProjectDef `yaml:"projects,omitempty" json:"projects,omitempty"`
	// MasterData are the Master Data projects of the root domain unit.
	MasterData []*MasterDataDef `yaml:"masterData,omitempty" json:"masterData,omitempty"`
	// Tags on the domain (AWS::DataZone::Domain Tags), key to value; they update in place.
	Tags map[string]string `yaml:"tags,omitempty" json:"tags,omitempty"`
}

// ProfileDef defines a project profile.
type ProfileDef struct {
	// Name of the profile, unique in the domain; projects name it.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description of the profile.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Preset is AllCapabilities, SQLAnalytics or GenAI (optional).
	Preset string `yaml:"preset,omitempty" json:"preset,omitempty"`
	// Environments added after the preset (Tooling is always first).
	Environments []*EnvironmentDef `yaml:"environments,omitempty" json:"environments,omitempty"`
	// NoEnvironments makes a profile without any environment, not even Tooling (AWS's
	// "Generative AI model governance" profile).
	NoEnvironments bool `yaml:"noEnvironments,omitempty" json:"noEnvironments,omitempty"`
	// RunsIn names an associated account of the domain (Settings.Associated[domain][].Name)
	// where the profile's environments run; every stage must have an associated account of
	// that name. Projects of the definition that use such a profile are built in a stack of
	// their own in the domain's account, <Domain>Projects<account>, deployed after the
	// associated account's stack (whose blueprint configurations they need); they may not
	// have reads (their role lives in the associated account).
	//
	// Default: the domain's own account.
	RunsIn string `yaml:"runsIn,omitempty" json:"runsIn,omitempty"`
	// Unit is the domain unit that owns the profile (the profile's DomainUnitIdentifier):
	// the path of unit names from the root unit, "Grid" or "Grid/Forecast". It updates in
	// place.
	//
	// Default: the root domain unit.
	Unit string `yaml:"unit,omitempty" json:"unit,omitempty"`
	// Disabled profiles (status DISABLED) cannot be used for new projects; the projects
	// made from them stay.
	Disabled bool `yaml:"disabled,omitempty" json:"disabled,omitempty"`
}

// EnvironmentDef is one environment configuration of a profile.
type EnvironmentDef struct {
	// Blueprint of the environment; the domain must enable it.
	Blueprint string `yaml:"blueprint" json:"blueprint" mesh:"required"`
	// Name, unique in the profile (default: the blueprint).
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Description of the environment.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Deployment is ON_CREATE or ON_DEMAND (default ON_DEMAND, Tooling ON_CREATE).
	Deployment string `yaml:"deployment,omitempty" json:"deployment,omitempty"`
	// DeploymentOrder of an ON_CREATE environment, 1-16 (default: the order of the list,
	// after the highest order given; Tooling 0). Environments of one order deploy
	// together, as AWS's "SQL analytics" profile deploys its Lakehouse Database and
	// Redshift Serverless (both 1).
	DeploymentOrder float64 `yaml:"deploymentOrder,omitempty" json:"deploymentOrder,omitempty"`
	// Parameters set blueprint parameters of the environment, passed as written.
	Parameters []*ParameterDef `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	// Tooling sets the Tooling blueprint's documented parameters (Tooling and ToolingLite
	// environments only).
	Tooling *ToolingParametersDef `yaml:"tooling,omitempty" json:"tooling,omitempty"`
}

// UnitDef defines a domain unit; units nest.
type UnitDef struct {
	// Name of the unit, unique among its siblings. Renaming is an in-place update.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Key identifies the unit among its siblings for good (default: Name). The logical IDs
	// of the unit, its owners and grants derive from the path of keys: set key to the old
	// name when renaming a unit. Moving a unit to another parent replaces it (see the
	// package README).
	Key string `yaml:"key,omitempty" json:"key,omitempty"`
	// Description of the unit.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Owners of the unit.
	Owners []*PrincipalDef `yaml:"owners,omitempty" json:"owners,omitempty"`
	// ProjectCreators may create projects from every profile of the domain in the unit
	// and below.
	ProjectCreators []*CreatorDef `yaml:"projectCreators,omitempty" json:"projectCreators,omitempty"`
	// Units nested in this one.
	Units []*UnitDef `yaml:"units,omitempty" json:"units,omitempty"`
	// Projects in the unit.
	Projects []*ProjectDef `yaml:"projects,omitempty" json:"projects,omitempty"`
	// MasterData are the Master Data projects of the unit.
	MasterData []*MasterDataDef `yaml:"masterData,omitempty" json:"masterData,omitempty"`
}

// ProjectDef defines a project.
type ProjectDef struct {
	// Name of the project, unique in its unit. Renaming is an in-place update.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Key identifies the project in its domain for good (default: Name): its nested stack
	// and logical IDs derive from the key alone, never from the unit or the name, so that
	// renaming the project or moving it to another unit updates it in place. Set key to
	// the old name when renaming a project; keys are unique in the domain (Master Data
	// projects included).
	Key string `yaml:"key,omitempty" json:"key,omitempty"`
	// Description of the project.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Profile names one of the domain's profiles.
	Profile string `yaml:"profile" json:"profile" mesh:"required"`
	// ExecutionRole is the project's own IAM role (bring your own role): a role name
	// (path/name), which each stage resolves in the domain's account, or a full ARN.
	// Required when the profile's home is ToolingLite. Changing it replaces the project.
	ExecutionRole string `yaml:"executionRole,omitempty" json:"executionRole,omitempty"`
	// Members of the project.
	Members []*MemberDef `yaml:"members,omitempty" json:"members,omitempty"`
	// Reads are the Master Data products the project consumes (Lake Formation grants to
	// the project's role).
	Reads []*ReadDef `yaml:"reads,omitempty" json:"reads,omitempty"`
	// Connections of the project: Redshift, Athena, S3, Glue, Spark on Glue or EMR, IAM,
	// HyperPod (see ConnectionDef).
	Connections []*ConnectionDef `yaml:"connections,omitempty" json:"connections,omitempty"`
	// ProducerAccess grants the project's own pipelines Lake Formation permissions on the
	// Glue databases it produces (see ProducerAccessDef).
	ProducerAccess []*ProducerAccessDef `yaml:"producerAccess,omitempty" json:"producerAccess,omitempty"`
	// UserParameters set parameters of the profile's environments for this project
	// (AWS::DataZone::Project UserParameters), one entry per environment.
	UserParameters []*UserParametersDef `yaml:"userParameters,omitempty" json:"userParameters,omitempty"`
	// DataSource is a Glue data source that imports and publishes the tables of a Glue
	// database the project produces, made as a Master Data project's (without a data
	// contract; its name "<key> Glue"); the profile must deploy DataLake ON_CREATE.
	DataSource *DataSourceDef `yaml:"dataSource,omitempty" json:"dataSource,omitempty"`
	// GlossaryTerms are glossary term IDs attached to the project (at most 20), as a
	// Master Data project's.
	GlossaryTerms []string `yaml:"glossaryTerms,omitempty" json:"glossaryTerms,omitempty"`
}

// PrincipalDef names one person or group: exactly one of its fields is set.
type PrincipalDef struct {
	// User is an IAM Identity Center user: its user name (the UserName attribute, not
	// always the e-mail address) or user ID.
	User string `yaml:"user,omitempty" json:"user,omitempty"`
	// Group is an IAM Identity Center group: its display name (resolved to the group ID at
	// deploy time) or group ID.
	Group string `yaml:"group,omitempty" json:"group,omitempty"`
	// Role is an IAM role ARN.
	Role string `yaml:"role,omitempty" json:"role,omitempty"`
	// IAMUser is an IAM user ARN.
	IAMUser string `yaml:"iamUser,omitempty" json:"iamUser,omitempty"`
}

// CreatorDef names who may create projects: one person or group, or every user of the
// domain (allUsers: true; the DataMesh rules reject it in a production stage).
type CreatorDef struct {
	// User is an IAM Identity Center user: its user name or user ID.
	User string `yaml:"user,omitempty" json:"user,omitempty"`
	// Group is an IAM Identity Center group: its display name or group ID.
	Group string `yaml:"group,omitempty" json:"group,omitempty"`
	// Role is an IAM role ARN.
	Role string `yaml:"role,omitempty" json:"role,omitempty"`
	// IAMUser is an IAM user ARN.
	IAMUser string `yaml:"iamUser,omitempty" json:"iamUser,omitempty"`
	// AllUsers grants to every user of the domain (the service's AllUsersGrantFilter).
	AllUsers bool `yaml:"allUsers,omitempty" json:"allUsers,omitempty"`
}

// UserParametersDef sets parameters of one environment of a project's profile (see
// datamesh.EnvironmentUserParameters).
type UserParametersDef struct {
	// Environment names the environment configuration in the project's profile.
	Environment string `yaml:"environment" json:"environment" mesh:"required"`
	// Parameters to set: name -> value.
	Parameters map[string]string `yaml:"parameters,omitempty" json:"parameters,omitempty"`
}

// MemberDef is one project member.
type MemberDef struct {
	// User is an IAM Identity Center user: its user name (the UserName attribute, not
	// always the e-mail address) or user ID.
	User string `yaml:"user,omitempty" json:"user,omitempty"`
	// Group is an IAM Identity Center group: its display name (resolved to the group ID at
	// deploy time) or group ID.
	Group string `yaml:"group,omitempty" json:"group,omitempty"`
	// Role is an IAM role ARN.
	Role string `yaml:"role,omitempty" json:"role,omitempty"`
	// IAMUser is an IAM user ARN.
	IAMUser string `yaml:"iamUser,omitempty" json:"iamUser,omitempty"`
	// Designation: owner, contributor, catalogViewer, catalogConsumer, catalogSteward
	// (or the PROJECT_* value). Default contributor.
	Designation string `yaml:"designation,omitempty" json:"designation,omitempty"`
	// Temporary marks a member who leaves; the end date is Until or the stage's
	// Settings.TemporaryUntil.
	Temporary bool `yaml:"temporary,omitempty" json:"temporary,omitempty"`
	// Until is the last day (YYYY-MM-DD) of a temporary membership; it implies Temporary.
	Until string `yaml:"until,omitempty" json:"until,omitempty"`
	// Reason the member joins.
	Reason string `yaml:"reason,omitempty" json:"reason,omitempty"`
}

// userParameters returns the datamesh form of the project's user parameters, entry for
// entry (an empty entry stays nil: the project's checks report it).
func (p *ProjectDef) userParameters() []*datamesh.EnvironmentUserParameters {
	var out []*datamesh.EnvironmentUserParameters
	for _, u := range p.UserParameters {
		if u == nil {
			out = append(out, nil)
			continue
		}
		out = append(out, &datamesh.EnvironmentUserParameters{EnvironmentConfigurationName: u.Environment, Parameters: u.Parameters})
	}
	return out
}

// KeyOf is the key of the unit: Key, or Name when Key is empty.
func (u *UnitDef) KeyOf() string { return or(u.Key, u.Name) }

// KeyOf is the key of the project: Key, or Name when Key is empty.
func (p *ProjectDef) KeyOf() string { return or(p.Key, p.Name) }

// props are the DomainUnitProps the entry says: what the plan validates and the builder
// builds (which adds the parent, member pool and removal policy).
func (u *UnitDef) props() *datamesh.DomainUnitProps {
	return &datamesh.DomainUnitProps{Name: u.Name, Key: u.Key, Description: u.Description, Owners: principals(u.Owners)}
}

// props are the ProjectProps the entry says, with members: what the plan validates and the
// builder builds (which adds the unit, profile, execution role and removal policy).
func (p *ProjectDef) props(members []*datamesh.Member) *datamesh.ProjectProps {
	return &datamesh.ProjectProps{
		Name: p.Name, Key: p.Key, Description: p.Description, Members: members, DataSource: p.DataSource.options(),
		GlossaryTerms: p.GlossaryTerms, UserParameters: p.userParameters(),
	}
}

// Principal returns the datamesh principal of the entry (the first field set).
func (p *PrincipalDef) Principal() datamesh.Principal {
	return principalOf(p.User, p.Group, p.Role, p.IAMUser)
}

// Grantee returns the datamesh grant principal of the entry: every user, or the
// principal it names.
func (c *CreatorDef) Grantee() datamesh.GrantPrincipal {
	if c.AllUsers {
		return datamesh.GrantToAllUsers()
	}
	return datamesh.GrantToPrincipal(principalOf(c.User, c.Group, c.Role, c.IAMUser))
}

// Principal returns the datamesh principal of the member.
func (m *MemberDef) Principal() datamesh.Principal {
	return principalOf(m.User, m.Group, m.Role, m.IAMUser)
}

func principalOf(user, group, role, iamUser string) datamesh.Principal {
	switch {
	case user != "":
		return datamesh.SSOUser(user)
	case group != "":
		return datamesh.SSOGroup(group)
	case role != "":
		return datamesh.IAMRole(role)
	case iamUser != "":
		return datamesh.IAMUser(iamUser)
	}
	return datamesh.Principal{}
}

func countSet(v ...string) int {
	n := 0
	for _, s := range v {
		if s != "" {
			n++
		}
	}
	return n
}

var designations = map[string]datamesh.Designation{
	"":                "",
	"owner":           datamesh.DesignationOwner,
	"contributor":     datamesh.DesignationContributor,
	"catalogViewer":   datamesh.DesignationCatalogViewer,
	"catalogConsumer": datamesh.DesignationCatalogConsumer,
	"catalogSteward":  datamesh.DesignationCatalogSteward,
}

// DesignationOf returns the datamesh designation of the member ("" for the default).
func (m *MemberDef) DesignationOf() (datamesh.Designation, bool) {
	if d, ok := designations[m.Designation]; ok {
		return d, true
	}
	for _, d := range datamesh.Designations() {
		if string(d) == m.Designation {
			return d, true
		}
	}
	return datamesh.Designation(m.Designation), false
}

// Standards returns the datamesh standards of the definition (defaults for unset fields).
func (d *Definition) Standards() *datamesh.Standards {
	var s *datamesh.Standards
	if d.Governance != nil && d.Governance.Standards != nil {
		sd := d.Governance.Standards
		s = &datamesh.Standards{}
		if n := sd.Naming; n != nil {
			def := datamesh.DefaultNamingConventions()
			s.Naming = &datamesh.NamingConventions{
				DomainName: or(n.DomainName, def.DomainName), DomainUnitName: or(n.DomainUnitName, def.DomainUnitName),
				ProjectName: or(n.ProjectName, def.ProjectName), MasterDataSuffix: or(n.MasterDataSuffix, def.MasterDataSuffix),
			}
		}
		if sd.RequiredProductMetadata != nil {
			s.RequiredProductMetadata = []datacontract.Field{}
			for _, f := range sd.RequiredProductMetadata {
				s.RequiredProductMetadata = append(s.RequiredProductMetadata, datacontract.Field(f))
			}
		}
	}
	return s.WithDefaults()
}

func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// Walk calls fn for every project of the domain with the unit path of names ("" for
// the root unit, "Grid/Forecast" for nested units) and the definition path of the
// project, in definition order.
func (d *DomainDef) Walk(fn func(unitPath []string, path string, p *ProjectDef)) {
	base := "domains[" + d.Name + "]"
	for _, p := range d.Projects {
		fn(nil, base+".projects["+p.Name+"]", p)
	}
	var walk func(units []*UnitDef, parent []string, path string)
	walk = func(units []*UnitDef, parent []string, path string) {
		for _, u := range units {
			if u == nil {
				continue
			}
			up := append(append([]string{}, parent...), u.Name)
			pp := path + ".units[" + u.Name + "]"
			for _, p := range u.Projects {
				fn(up, pp+".projects["+p.Name+"]", p)
			}
			walk(u.Units, up, pp)
		}
	}
	walk(d.Units, nil, base)
}

// ProjectCount is the number of projects in the definition.
func (d *Definition) ProjectCount() int {
	n := 0
	for _, dom := range d.Domains {
		if dom != nil {
			dom.Walk(func([]string, string, *ProjectDef) { n++ })
		}
	}
	return n
}
