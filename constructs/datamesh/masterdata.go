package datamesh

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsglue"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/internal/projectstack"
	"github.com/smusmesh/smusmesh/problem"
)

// Sentinels of Master Data projects and their consumers.
var (
	// ErrNotTemporary is an engineer of a Master Data project whose membership does not end.
	// It also matches ErrInvalidProps.
	ErrNotTemporary = fmt.Errorf("%w: membership is not temporary", ErrInvalidProps)
	// ErrInvalidContract is a data contract that does not validate; the problem also
	// matches the datacontract sentinel (datacontract.ErrDuplicate, ...) and ErrInvalidProps.
	ErrInvalidContract = fmt.Errorf("%w: invalid data contract", ErrInvalidProps)
	// ErrInvalidAccess is a consumer's access declaration that does not fit the product's
	// contract; the problem also matches the datacontract sentinel (datacontract.ErrUnknownColumn,
	// ...) and ErrInvalidProps.
	ErrInvalidAccess = fmt.Errorf("%w: invalid data product access", ErrInvalidProps)
)

// addContractErr adds the problems of a datacontract error under the field that rename
// gives each contract path; each matches sentinel, the datacontract sentinel and
// ErrInvalidProps.
func (p *problems) addContractErr(sentinel error, err error, rename func(path string) string) {
	for _, e := range problem.All(err) {
		p.list.Add(&problem.Problem{
			Construct: p.construct, Path: p.path, Field: rename(e.Field), Value: e.Value,
			Detail: e.Detail, Fix: e.Fix, Err: problem.Both(sentinel, e.Err),
		})
	}
}

// GlueDataSourceOptions configure the AWS Glue data source (AWS::DataZone::DataSource of
// type GLUE) through which a Master Data project imports, enriches and publishes its tables.
type GlueDataSourceOptions struct {
	// DatabaseName is the Glue database that holds the product's tables. Required.
	DatabaseName string
	// CatalogName is the Glue catalog of the database.
	//
	// Default: - the account's default catalog.
	CatalogName string
	// Include lists the table-name expressions to import (INCLUDE filters, "customers",
	// "orders_*").
	//
	// Default: - the tables of the contract's schema.
	Include []string
	// Exclude lists the table-name expressions not to import (EXCLUDE filters).
	//
	// Default: none.
	Exclude []string
	// Schedule runs the data source on a cron expression, minutes and hours first:
	// "cron(0 2 * * ? *)".
	//
	// Default: - no schedule (run on demand from the portal).
	Schedule string
	// Timezone of Schedule, a DataZone timezone name ("UTC", "CET", "EUROPE_PARIS").
	//
	// Default: - UTC (the service's default).
	Timezone string
	// NoPublishOnImport leaves the imported assets in the project's inventory instead
	// of publishing them to the catalog right away.
	//
	// Default: false (assets are published on import).
	NoPublishOnImport bool
	// NoBusinessNameGeneration stops DataZone generating friendly business names for
	// the imported tables and columns (Recommendation.EnableBusinessNameGeneration).
	//
	// Default: false (names are generated).
	NoBusinessNameGeneration bool
	// NoDataQualityResults stops importing the AWS Glue Data Quality results of the
	// contract's rulesets onto the assets (GlueRunConfiguration.AutoImportDataQualityResult).
	//
	// Default: false (results are imported).
	NoDataQualityResults bool
	// DataAccessRole is the role DataZone assumes to read the Glue catalog. It is granted
	// the producer's Lake Formation permissions on DatabaseName instead of the project's
	// user role.
	//
	// Default: - the project's user role (the data source runs as the project).
	DataAccessRole awsiam.IRole
	// ConnectionIdentifier is the ID of the project's Lakehouse connection that the data
	// source imports through (create-only: changing it replaces the data source).
	//
	// Default: - looked up at deploy time: a custom resource, ordered after the project,
	// waits (at most 14 minutes) until the project's Lakehouse Database (DataLake)
	// environment has created the connection LakehouseConnectionName and returns its ID,
	// which never changes for the project. The project's profile must deploy DataLake
	// ON_CREATE (PresetSQLAnalytics does).
	ConnectionIdentifier string
	// LakehouseConnectionName is the name of the connection the lookup waits for; when no
	// connection has that name, the project's only connection of type LAKEHOUSE is taken.
	//
	// Default: DefaultLakehouseConnectionName ("project.default_lakehouse").
	LakehouseConnectionName string
	// EnvironmentIdentifier is the ID of the environment (V1 style) that the data source
	// publishes through. Use ConnectionIdentifier in V2 domains. Create-only.
	//
	// Default: none.
	EnvironmentIdentifier string
	// Description of the data source.
	//
	// Default: - says which contract it publishes.
	Description string
}

// MasterDataProjectProps configure a Master Data project.
type MasterDataProjectProps struct {
	// DomainUnit the project lives in (the unit of the business that owns the source).
	DomainUnit IDomainUnitRef
	// Source is the critical data source the project publishes ("CRM"). The project is
	// named by the governance standards: Standards.MasterDataProjectName(Source), "CRM
	// Master Data" by default.
	Source string
	// Key identifies the project for good (recorded in the template metadata, see
	// ProjectProps.Key). The names of the resources that hang off the project (the Glue
	// data source, the Glue Data Quality rulesets, the form type's description) derive from
	// it rather than from the project's name, so that renaming the project (or its source)
	// changes the project's Name in place and replaces nothing. Set it to the old project
	// name before renaming a project that had none.
	//
	// Default: the project's name ("CRM Master Data").
	Key string
	// Description of the project.
	//
	// Default: - says which source and contract the project publishes.
	Description string
	// Profile the project is created from (create-only: changing it replaces the project).
	Profile IProjectProfile
	// DataOwners are the permanent, accountable owners of the data (PROJECT_OWNER).
	// At least one is required.
	DataOwners []Principal
	// Engineers join for a limited time to set the project up (ingestion, rules). Each must
	// be Temporary with an end date.
	//
	// Default: none.
	Engineers []*Member
	// Members are other permanent members (stewards, catalog viewers ...).
	//
	// Default: none.
	Members []*Member
	// Contract is the data contract of the product: its form type, the assets' form and
	// the Glue Data Quality rulesets are rendered from it. Required.
	Contract *datacontract.Contract
	// DataSource is the Glue data source that imports and publishes the product. Required.
	DataSource *GlueDataSourceOptions
	// GlossaryTerms are glossary term IDs attached to the project (at most 20).
	//
	// Default: none.
	GlossaryTerms []string
	// RemovalPolicy of the project, its data source, form type and rulesets.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
}

// MasterDataProject is a producer project around one critical data source: permanent
// data owners, temporary engineers, one Glue data source that publishes the product with
// its data contract as a metadata form, and one AWS Glue Data Quality ruleset per table.
type MasterDataProject interface {
	Project
	IDataProduct
	// Source is the data source the project publishes ("CRM").
	Source() string
	// Contract returns a copy of the product's data contract.
	Contract() datacontract.Contract
	// DatabaseName is the Glue database of the product's tables.
	DatabaseName() string
	// DataSource is the AWS::DataZone::DataSource.
	DataSource() awsdatazone.CfnDataSource
	// FormType is the AWS::DataZone::FormType that carries the contract.
	FormType() awsdatazone.CfnFormType
	// QualityRulesets are the AWS::Glue::DataQualityRuleset of each table, by table name.
	QualityRulesets() map[string]awsglue.CfnDataQualityRuleset
	// Consumers lists the names of the projects that read the product (lineage: each
	// consumer derives from the products it reads), in the order they were declared.
	Consumers() []string
	// LakehouseConnection is the custom resource that looks up the project's Lakehouse
	// connection (attributes ConnectionId and UserRoleArn), or nil when the data source
	// names its connection or environment itself.
	LakehouseConnection() awscdk.CustomResource
	// PublisherGrants are the Lake Formation permissions of the role the data source runs
	// as on the product's database and tables (none when that role is unknown).
	PublisherGrants() []awslakeformation.CfnPrincipalPermissions
}

type masterDataProject struct {
	constructs.Construct
	inner    *project
	source   string
	contract datacontract.Contract
	database string
	ds       awsdatazone.CfnDataSource
	lookup   awscdk.CustomResource
	grants   []awslakeformation.CfnPrincipalPermissions
	form     awsdatazone.CfnFormType
	rulesets map[string]awsglue.CfnDataQualityRuleset
	// key names the data source, rulesets and form description (see MasterDataProjectProps.Key).
	key       string
	consumers []string
	// lfTagged is set once the product's LF-tags are associated with its tables.
	lfTagged bool
	// filters are the DataCellsFilter names in use, per table, with their construct path.
	filters map[string]string
	// account is the stack's account (the Glue catalog ID), read once.
	account *string
}

// dataSourceTimezones are the timezones a data source schedule accepts (the service's
// Timezone enum, as CloudFormation's own validation lists it).
var dataSourceTimezones = strings.Fields(`AFRICA_JOHANNESBURG AMERICA_MONTREAL AMERICA_SAO_PAULO ASIA_BAHRAIN ASIA_BANGKOK ASIA_CALCUTTA ASIA_DUBAI ASIA_HONG_KONG ASIA_JAKARTA ASIA_KUALA_LUMPUR ASIA_SEOUL ASIA_SHANGHAI ASIA_SINGAPORE ASIA_TAIPEI ASIA_TOKYO AUSTRALIA_MELBOURNE AUSTRALIA_SYDNEY CANADA_CENTRAL CET CST6CDT ETC_GMT ETC_GMT0 ETC_GMT_ADD_0 ETC_GMT_ADD_1 ETC_GMT_ADD_10 ETC_GMT_ADD_11 ETC_GMT_ADD_12 ETC_GMT_ADD_2 ETC_GMT_ADD_3 ETC_GMT_ADD_4 ETC_GMT_ADD_5 ETC_GMT_ADD_6 ETC_GMT_ADD_7 ETC_GMT_ADD_8 ETC_GMT_ADD_9 ETC_GMT_NEG_0 ETC_GMT_NEG_1 ETC_GMT_NEG_10 ETC_GMT_NEG_11 ETC_GMT_NEG_12 ETC_GMT_NEG_13 ETC_GMT_NEG_14 ETC_GMT_NEG_2 ETC_GMT_NEG_3 ETC_GMT_NEG_4 ETC_GMT_NEG_5 ETC_GMT_NEG_6 ETC_GMT_NEG_7 ETC_GMT_NEG_8 ETC_GMT_NEG_9 EUROPE_DUBLIN EUROPE_LONDON EUROPE_PARIS EUROPE_STOCKHOLM EUROPE_ZURICH ISRAEL MEXICO_GENERAL MST7MDT PACIFIC_AUCKLAND US_CENTRAL US_EASTERN US_MOUNTAIN US_PACIFIC UTC`)

// dataSourceSchedule is the ScheduleConfiguration pattern of AWS::DataZone::DataSource.
var dataSourceSchedule = regexp.MustCompile(`cron\((\b[0-5]?[0-9]\b) (\b2[0-3]\b|\b[0-1]?[0-9]\b) (.*){1,5} (.*){1,5} (.*){1,5} (.*){1,5}\)`)

// Validate reports every problem of the props at once.
func (p *MasterDataProjectProps) Validate() error { return p.validate("") }

func (p *MasterDataProjectProps) validate(path string) error {
	var at *site
	if p != nil {
		at = siteOfUnit(p.DomainUnit).withProfile(p.Profile)
	}
	pr := newProblems("MasterDataProject", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at.
func (p *MasterDataProjectProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &MasterDataProjectProps{DomainUnit: ..., Source: ..., Profile: ..., Contract: ..., DataSource: ...}")
		return
	}
	source := strings.TrimSpace(p.Source)
	if source == "" {
		pr.add(ErrMissing, "Source", "", `name the critical data source the project publishes, e.g. "CRM"`)
	}
	// The project's own props, without members (checked below under their own lists); its
	// name comes from the source, so a problem of the name is one of the source.
	if source != "" || p.DomainUnit != nil || p.Profile != nil || at.placed {
		pp := p.projectProps(nil, at.std)
		inner := &problems{construct: pr.construct, path: pr.path, unbound: pr.unbound}
		pp.check(inner, at)
		for _, e := range inner.list.Problems() {
			if e.Field == "Name" {
				if source == "" {
					continue // reported as a missing source
				}
				e.Field, e.Fix = "Source", e.Fix+" (the project is named "+strings.TrimSpace(pp.Name)+")"
			}
			if e.Field == "ExecutionRole" {
				// A ToolingLite profile: its projects bring their own role, while the
				// Lakehouse lookup reads the user role that Tooling creates.
				e.Err, e.Field, e.Value = ErrInvalidProps, "Profile", at.profile.name
				e.Fix = "a Master Data project needs a profile whose home is Tooling (an SSO domain): its data source publishes with the project role Tooling creates"
			}
			pr.list.Add(e)
		}
	}
	p.validateMembers(pr, at.mode)
	p.validateContract(pr, at.std)
	p.validateDataSource(pr, at)
	p.validateFilters(pr)
}

// validateMembers checks owners, engineers and other members, and that nobody is listed
// twice across the three lists.
func (p *MasterDataProjectProps) validateMembers(pr *problems, mode IdentityMode) {
	if len(p.DataOwners) == 0 {
		pr.add(ErrMissing, "DataOwners", "", "name at least one permanent data owner: a Master Data project is owned")
	}
	type seenAt struct {
		field string
		owner bool
	}
	seen := map[string]seenAt{}
	note := func(f string, pl Principal, owner bool) {
		prev, ok := seen[pl.key()]
		switch {
		case !ok:
			seen[pl.key()] = seenAt{f, owner}
		case prev.owner != owner:
			pr.add(ErrMemberConflict, f, pl.String(), fmt.Sprintf("also %s: a data owner is permanent and an engineer temporary; list the principal once", prev.field))
		default:
			pr.add(ErrDuplicate, f, pl.String(), fmt.Sprintf("already listed as %s: remove one", prev.field))
		}
	}
	for i, o := range p.DataOwners {
		f := fmt.Sprintf("DataOwners[%d]", i)
		o.validate(pr, f, mode)
		note(f, o, true)
	}
	for i, m := range p.Engineers {
		f := fmt.Sprintf("Engineers[%d]", i)
		if m == nil {
			pr.add(ErrMissing, f, "nil", "remove the nil entry")
			continue
		}
		validateMember(pr, f, m, mode)
		if m.Temporary == nil || (strings.TrimSpace(m.Temporary.Until) == "" && !pr.unbound) {
			pr.add(ErrNotTemporary, f+".Temporary", m.Principal.String(), `engineers join for a limited time: set Temporary: &Temporary{Until: "YYYY-MM-DD"}`)
		}
		if m.designation() == DesignationOwner {
			pr.add(ErrInvalidProps, f+".Designation", string(DesignationOwner), "engineers are contributors; owners belong in DataOwners")
		}
		note(f, m.Principal, m.designation() == DesignationOwner)
	}
	for i, m := range p.Members {
		f := fmt.Sprintf("Members[%d]", i)
		if m == nil {
			pr.add(ErrMissing, f, "nil", "remove the nil entry")
			continue
		}
		validateMember(pr, f, m, mode)
		note(f, m.Principal, m.designation() == DesignationOwner)
	}
}

// validateContract checks the contract and the fields the governance standards require.
func (p *MasterDataProjectProps) validateContract(pr *problems, std *Standards) {
	c := p.Contract
	if c == nil {
		pr.add(ErrMissing, "Contract", "", "a Master Data project publishes a data contract: set Contract")
		return
	}
	if err := c.Validate(); err != nil {
		pr.addContractErr(ErrInvalidContract, err, func(path string) string { return "Contract." + path })
	}
	for _, f := range c.Missing(std.RequiredProductMetadata) {
		pr.add(ErrMissing, "Contract."+string(f), "", fmt.Sprintf("the governance standards require every data product to fill in %s", f))
	}
	missingOwner := strings.TrimSpace(c.Owner) == ""
	if missingOwner && !slices.Contains(std.RequiredProductMetadata, datacontract.FieldOwner) {
		pr.add(ErrMissing, "Contract.owner", "", "the contract form requires an owner: name the person or group accountable for the product")
	}
	if !missingOwner && c.Validate() == nil {
		if content, err := c.FormContent(); err == nil && len(content) > 75000 {
			pr.add(ErrLimit, "Contract", c.Name, fmt.Sprintf("the contract form is %d characters; a data source's form content takes at most 75000", len(content)))
		}
	}
}

// validateDataSource checks the Glue data source options.
func (p *MasterDataProjectProps) validateDataSource(pr *problems, at *site) {
	if p.DataSource == nil {
		pr.add(ErrMissing, "DataSource", "", "set DataSource: &GlueDataSourceOptions{DatabaseName: ...}")
		return
	}
	validateGlueDataSource(pr, p.DataSource, at)
}

// validateGlueDataSource checks the Glue data source options of a project (a Master Data
// project's or any project's) placed at at (its profile).
func validateGlueDataSource(pr *problems, d *GlueDataSourceOptions, at *site) {
	db := d.DatabaseName
	switch {
	case isToken(db):
	case strings.TrimSpace(db) == "":
		pr.add(ErrMissing, "DataSource.DatabaseName", "", "name the Glue database that holds the product's tables")
	case len(db) > 128:
		pr.add(ErrInvalidName, "DataSource.DatabaseName", db, "must be at most 128 characters")
	}
	if d.CatalogName != "" && !isToken(d.CatalogName) && (len(d.CatalogName) < 1 || len(d.CatalogName) > 128) {
		pr.add(ErrInvalidName, "DataSource.CatalogName", d.CatalogName, "must be 1-128 characters")
	}
	for _, l := range []struct {
		field string
		list  []string
	}{{"DataSource.Include", d.Include}, {"DataSource.Exclude", d.Exclude}} {
		for i, e := range l.list {
			if e == "" || len(e) > 2048 {
				pr.add(ErrInvalidProps, fmt.Sprintf("%s[%d]", l.field, i), e, "a filter expression is 1-2048 characters")
			}
		}
	}
	if d.Schedule != "" && !isToken(d.Schedule) {
		if !dataSourceSchedule.MatchString(d.Schedule) || len(d.Schedule) > 256 {
			pr.add(ErrInvalidProps, "DataSource.Schedule", d.Schedule, `write a cron expression with minutes and hours first, e.g. "cron(0 2 * * ? *)"`)
		}
	}
	if d.Timezone != "" && !isToken(d.Timezone) && !slices.Contains(dataSourceTimezones, d.Timezone) {
		pr.add(ErrInvalidProps, "DataSource.Timezone", d.Timezone, "use a DataZone timezone name such as UTC, CET, EUROPE_PARIS or US_EASTERN")
	}
	if d.Timezone != "" && d.Schedule == "" {
		pr.add(ErrInvalidProps, "DataSource.Timezone", d.Timezone, "a timezone applies to a Schedule: set Schedule or remove Timezone")
	}
	if d.ConnectionIdentifier != "" && d.EnvironmentIdentifier != "" {
		pr.add(ErrInvalidProps, "DataSource.EnvironmentIdentifier", d.EnvironmentIdentifier, "set ConnectionIdentifier (V2 domains) or EnvironmentIdentifier, not both")
	}
	if n := d.LakehouseConnectionName; n != "" && !isToken(n) && (strings.TrimSpace(n) == "" || len(n) > 64) {
		pr.add(ErrInvalidProps, "DataSource.LakehouseConnectionName", n, "a connection name is 1-64 characters; leave it unset for "+DefaultLakehouseConnectionName)
	}
	// The lookup waits for the connection that the DataLake (Lakehouse Database)
	// environment creates: the profile must deploy it with every project.
	if d.ConnectionIdentifier == "" && d.EnvironmentIdentifier == "" && at.profile != nil && at.profile.known {
		if !slices.Contains(at.profile.onCreate, BlueprintDataLake) {
			pr.add(ErrInvalidProps, "Profile", at.profile.name, "the data source publishes through the Lakehouse connection that the DataLake (Lakehouse Database) environment creates: "+
				"use a profile with Preset PresetSQLAnalytics, or add &EnvironmentConfiguration{Blueprint: BlueprintDataLake, DeploymentMode: DeploymentOnCreate, DeploymentOrder: 1} to it")
		}
	}
	if d.Description != "" && len(d.Description) > 2048 {
		pr.add(ErrInvalidProps, "DataSource.Description", (d.Description)[:32]+"...", "must be at most 2048 characters")
	}
}

// projectProps are the props of the underlying project, named under the standards std.
func (p *MasterDataProjectProps) projectProps(members []*Member, std *Standards) *ProjectProps {
	name := jsii.String(std.MasterDataProjectName(strings.TrimSpace(p.Source)))
	desc := p.Description
	if desc == "" && p.Contract != nil {
		desc = fmt.Sprintf("Master Data of %s: publishes the data product %q under its data contract", strings.TrimSpace(p.Source), p.Contract.Name)
	}
	return &ProjectProps{
		DomainUnit: p.DomainUnit, Name: *name, Key: p.Key, Description: desc, Profile: p.Profile,
		Members: members, GlossaryTerms: p.GlossaryTerms, RemovalPolicy: p.RemovalPolicy,
	}
}

// NewMasterDataProject creates a Master Data project: the project with its data owners
// (PROJECT_OWNER), temporary engineers and other members, the contract's form type, the
// Glue data source that publishes the product with the contract form attached, and one
// Glue Data Quality ruleset per table that has quality rules. Invalid props panic with
// every problem (see Validate).
//
// The project itself sits at scope/id/Default, so its logical IDs are the ones
// NewProject(scope, id, ...) gives: turning an existing project into a Master Data
// project does not replace it as long as its name stays the same.
func NewMasterDataProject(scope constructs.Construct, id *string, props *MasterDataProjectProps) MasterDataProject {
	path := pathOf(scope, id)
	defer problem.Annotate("MasterDataProject", path)
	mustValid(props.validate(path))

	m := &masterDataProject{
		source:   strings.TrimSpace(props.Source),
		contract: cloneContract(props.Contract),
		database: props.DataSource.DatabaseName,
		rulesets: map[string]awsglue.CfnDataQualityRuleset{},
		filters:  map[string]string{},
	}
	constructs.NewConstruct_Override(m, scope, id)

	members := make([]*Member, 0, len(props.DataOwners)+len(props.Engineers)+len(props.Members))
	for _, o := range props.DataOwners {
		members = append(members, &Member{Principal: o, Designation: DesignationOwner})
	}
	members = append(members, props.Engineers...)
	members = append(members, props.Members...)

	c := &m.contract
	var fields []string
	for _, f := range c.Filled() {
		fields = append(fields, string(f))
	}
	// The tables and their personal-data columns let a reader of the assembly (the access
	// matrix, meshtest) tell which reads reach PII.
	var tables, pii []string
	for _, t := range c.Schema.Tables {
		tables = append(tables, t.Name)
		for _, col := range t.Columns {
			if col.PII.IsPII() {
				pii = append(pii, t.Name+"."+col.Name)
			}
		}
	}
	meta := meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: &meshmeta.MasterData{
		Source: m.source, Owner: c.Owner, Steward: c.Steward, Contract: c.Name,
		ContractFields: fields, FreshnessSLA: c.FreshnessSLA, QualityRules: len(c.QualityRules),
		Database: m.database, Tables: tables, PIIColumns: pii,
	}}
	// "Default" keeps the project's logical IDs those of NewProject(scope, id).
	at := projectAt{site: cfnfrag.SiteOf(m)}
	if s, ok := projectstack.Is(scope); ok {
		// In its own nested stack the project is its only content: what a project made
		// directly in the stack leaves to the stack, it leaves too.
		at = projectAt{site: s.Child(*id), own: true}
	}
	m.inner = newProject(m, jsii.String("Default"), props.projectProps(members, siteOfUnit(props.DomainUnit).std), meta, at).(*project)
	m.key = or(props.Key, m.inner.name)

	core := props.DomainUnit.Domain().core()
	removal := props.RemovalPolicy

	// The contract's form type, owned by the project.
	m.form = awsdatazone.NewCfnFormType(m, jsii.String("ContractForm"), &awsdatazone.CfnFormTypeProps{
		DomainIdentifier:        core.domainID,
		Name:                    jsii.String(c.FormTypeName()),
		Description:             jsii.String(truncate("Data contract of "+c.Name+", published by "+m.key, 2048)),
		Model:                   &awsdatazone.CfnFormType_ModelProperty{Smithy: jsii.String(c.FormModel())},
		OwningProjectIdentifier: m.inner.ProjectID(),
		Status:                  jsii.String("ENABLED"),
	})
	applyRemoval(m.form, removal)
	record(m.form, meshmeta.Resource{Kind: meshmeta.KindFormType, Domain: core.name, Name: m.inner.name})

	m.ds = m.newDataSource(props.DataSource, core, removal)

	// One Glue Data Quality ruleset per table with rules.
	for _, table := range c.RuleTables() {
		rs := awsglue.NewCfnDataQualityRuleset(m, jsii.String("Quality"+constructID(table)), &awsglue.CfnDataQualityRulesetProps{
			Name:        jsii.String(rulesetName(m.key, table)),
			Description: jsii.String(truncate(fmt.Sprintf("Quality rules of the data contract %q for table %s.%s", c.Name, m.database, table), 2048)),
			Ruleset:     jsii.String(c.DQDL(table)),
			TargetTable: &awsglue.CfnDataQualityRuleset_DataQualityTargetTableProperty{
				DatabaseName: jsii.String(m.database),
				TableName:    jsii.String(table),
			},
		})
		applyRemoval(rs, removal)
		m.rulesets[table] = rs
	}
	return m
}

// newDataSource renders the Glue data source with the contract form attached (see
// addGlueDataSource: a project's own data source is made the same way).
func (m *masterDataProject) newDataSource(o *GlueDataSourceOptions, core *domainCore, removal awscdk.RemovalPolicy) awsdatazone.CfnDataSource {
	c := &m.contract
	include := o.Include
	if len(include) == 0 {
		for _, t := range c.Schema.Tables {
			include = append(include, t.Name)
		}
	}
	content, _ := c.FormContent() // validated
	desc := o.Description
	if desc == "" {
		desc = truncate(fmt.Sprintf("Imports %s from Glue database %s and publishes it under the data contract %q", m.source, m.database, c.Name), 2048)
	}
	src := addGlueDataSource(m, m.inner, m.key, o, glueSourceExtras{
		include: include, description: desc, catalog: m.catalogID(),
		form: &awsdatazone.CfnDataSource_FormInputProperty{
			FormName:       jsii.String(c.FormTypeName()),
			TypeIdentifier: m.form.AttrFormTypeIdentifier(),
			TypeRevision:   m.form.AttrRevision(),
			Content:        jsii.String(content),
		},
	}, core, removal)
	m.lookup, m.grants = src.lookup, src.grants
	return src.ds
}

func (m *masterDataProject) ProjectID() *string                    { return m.inner.ProjectID() }
func (m *masterDataProject) ProjectName() string                   { return m.inner.name }
func (m *masterDataProject) DomainUnit() IDomainUnitRef            { return m.inner.unit }
func (m *masterDataProject) Resource() awsdatazone.CfnProject      { return m.inner.Resource() }
func (m *masterDataProject) Members() []Member                     { return m.inner.Members() }
func (m *masterDataProject) Source() string                        { return m.source }
func (m *masterDataProject) Contract() datacontract.Contract       { return cloneContract(&m.contract) }
func (m *masterDataProject) DatabaseName() string                  { return m.database }
func (m *masterDataProject) DataSource() awsdatazone.CfnDataSource { return m.ds }
func (m *masterDataProject) FormType() awsdatazone.CfnFormType     { return m.form }
func (m *masterDataProject) Consumers() []string                   { return slices.Clone(m.consumers) }

func (m *masterDataProject) LakehouseConnection() awscdk.CustomResource { return m.lookup }

func (m *masterDataProject) lakehouseLookup() awscdk.CustomResource { return m.lookup }

func (m *masterDataProject) PublisherGrants() []awslakeformation.CfnPrincipalPermissions {
	return slices.Clone(m.grants)
}

// AddMember adds a member to the project (see Project.AddMember).
func (m *masterDataProject) AddMember(mem *Member) awsdatazone.CfnProjectMembership {
	return m.inner.AddMember(mem)
}

func (m *masterDataProject) QualityRulesets() map[string]awsglue.CfnDataQualityRuleset {
	out := make(map[string]awsglue.CfnDataQualityRuleset, len(m.rulesets))
	for k, v := range m.rulesets {
		out[k] = v
	}
	return out
}

// cloneContract deep-copies the parts of a contract that the construct keeps, so that the
// caller's later edits do not change what was rendered.
func cloneContract(c *datacontract.Contract) datacontract.Contract {
	out := *c
	out.Schema.Tables = make([]datacontract.Table, len(c.Schema.Tables))
	for i, t := range c.Schema.Tables {
		t.Columns = slices.Clone(t.Columns)
		t.PrimaryKey = slices.Clone(t.PrimaryKey)
		out.Schema.Tables[i] = t
	}
	out.QualityRules = slices.Clone(c.QualityRules)
	out.GlossaryTerms = slices.Clone(c.GlossaryTerms)
	if c.Tags != nil {
		out.Tags = make(map[string][]string, len(c.Tags))
		for k, v := range c.Tags {
			out.Tags[k] = slices.Clone(v)
		}
	}
	return out
}

// rulesetName is the Glue ruleset name of one table: the project name in lower case with
// hyphens, then the table ("crm-master-data-customers").
func rulesetName(project, table string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(project) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		default:
			b.WriteRune('-')
		}
	}
	return truncate(b.String()+"-"+table, 255)
}

// constructID turns a Glue name into a construct-id part: "customer_orders" gives
// "CustomerOrders".
func constructID(name string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !isASCIIAlnum(r) }) {
		b.WriteString(strings.ToUpper(w[:1]))
		b.WriteString(w[1:])
	}
	return b.String()
}

func isASCIIAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
