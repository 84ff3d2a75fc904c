package datamesh

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// ProducerAccessLevel is what a project's own pipelines may do with the databases and
// tables it produces, in Lake Formation permissions (AWS Lake Formation Developer Guide,
// Lake Formation permissions reference:
// https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html).
type ProducerAccessLevel string

const (
	// ProducerAccessReadWrite reads, writes and creates tables: DESCRIBE, CREATE_TABLE and
	// ALTER on the database; SELECT, INSERT, DELETE, DESCRIBE and ALTER on the tables. It
	// is the default: what an ingestion or transformation pipeline needs, without DROP.
	ProducerAccessReadWrite ProducerAccessLevel = "READ_WRITE"
	// ProducerAccessRead reads: DESCRIBE on the database, SELECT and DESCRIBE on the
	// tables (what a data source needs to import and publish them).
	ProducerAccessRead ProducerAccessLevel = "READ"
	// ProducerAccessAll is every permission (the console's Super, the API's ALL) on the
	// database and its tables, DROP included.
	ProducerAccessAll ProducerAccessLevel = "ALL"
)

// ProducerAccessLevels lists the levels.
func ProducerAccessLevels() []ProducerAccessLevel {
	return []ProducerAccessLevel{ProducerAccessReadWrite, ProducerAccessRead, ProducerAccessAll}
}

// permissions returns the database and table permissions of the level.
func (l ProducerAccessLevel) permissions() (database, tables []string) {
	switch l {
	case ProducerAccessRead:
		return []string{"DESCRIBE"}, []string{"SELECT", "DESCRIBE"}
	case ProducerAccessAll:
		return []string{"ALL"}, []string{"ALL"}
	default:
		return []string{"DESCRIBE", "CREATE_TABLE", "ALTER"}, []string{"SELECT", "INSERT", "DELETE", "DESCRIBE", "ALTER"}
	}
}

// ProducerAccessProps configure ProducerAccess: Lake Formation permissions of a
// project's own pipeline (a Glue job, a crawler, the project's role) on the Glue
// database it produces.
type ProducerAccessProps struct {
	// Project that produces the data. The grants are recorded as its own (publisher)
	// access, never as a consumer's read. Required.
	Project IProject
	// Role the pipeline runs as. Required.
	Role awsiam.IRole
	// DatabaseName is the Glue database the project produces. Required.
	DatabaseName string
	// Tables limits the table permissions to these tables.
	//
	// Default: every table of the database, present and future (TableWildcard).
	Tables []string
	// Level of access.
	//
	// Default: ProducerAccessReadWrite.
	Level ProducerAccessLevel
	// Grantable lets Role grant the same permissions to others
	// (PermissionsWithGrantOption): a data source that publishes the tables needs it, so
	// that DataZone can grant subscribers access on its behalf.
	//
	// Default: false.
	Grantable bool
	// CatalogID is the account ID of the Glue Data Catalog.
	//
	// Default: the stack's account.
	CatalogID string
}

// ProducerAccess is a project's own access to the database it produces, rendered as
// AWS::LakeFormation::PrincipalPermissions on the database and on its tables.
type ProducerAccess interface {
	constructs.Construct
	// Grants are the PrincipalPermissions: the database first, then the tables.
	Grants() []awslakeformation.CfnPrincipalPermissions
}

type producerAccess struct {
	constructs.Construct
	grants []awslakeformation.CfnPrincipalPermissions
}

func (p *producerAccess) Grants() []awslakeformation.CfnPrincipalPermissions {
	return slices.Clone(p.grants)
}

// glueName is a Glue database or table name: 1-255 characters, no control characters
// (AWS Glue API, Database and Table name patterns).
var glueName = regexp.MustCompile(`^[\x{0020}-\x{D7FF}\x{E000}-\x{FFFD}\t]{1,255}$`)

// Validate reports every problem of the props at once.
func (p *ProducerAccessProps) Validate() error { return p.validate("") }

func (p *ProducerAccessProps) validate(path string) error {
	at := &site{}
	if p != nil {
		at.project = projectOf(p.Project)
		if p.Role != nil && at.project != nil {
			at.role = *p.Role.RoleArn()
		}
	}
	pr := newProblems("ProducerAccess", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at (at.project: the project, at.role:
// the role, as the plan or the props name it).
func (p *ProducerAccessProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &ProducerAccessProps{Project: ..., Role: ..., DatabaseName: ...}")
		return
	}
	if p.Project == nil && !at.placed {
		pr.add(ErrMissing, "Project", "", "name the project that produces the data")
	}
	if p.Role == nil && at.role == "" {
		pr.add(ErrMissing, "Role", "", "pass the IAM role the pipeline runs as (awsiam.Role_FromRoleArn for an existing one)")
	}
	checkGlueName(pr, "DatabaseName", p.DatabaseName, "name the Glue database the project produces")
	seen := map[string]int{}
	for i, t := range p.Tables {
		f := fmt.Sprintf("Tables[%d]", i)
		checkGlueName(pr, f, t, "name the table, or leave Tables empty for every table")
		if j, ok := seen[t]; ok {
			pr.add(ErrDuplicate, f, t, fmt.Sprintf("already listed as Tables[%d]: remove one", j))
		}
		seen[t] = i
	}
	if p.Level != "" && !slices.Contains(ProducerAccessLevels(), p.Level) {
		pr.add(ErrInvalidProps, "Level", string(p.Level), "use ProducerAccessReadWrite, ProducerAccessRead or ProducerAccessAll")
	}
	if p.CatalogID != "" && !isToken(p.CatalogID) && !accountID.MatchString(p.CatalogID) {
		pr.add(ErrInvalidProps, "CatalogID", p.CatalogID, "the catalog of an account is its 12-digit account ID")
	}
	// What the constructor would refuse: Lake Formation keeps one grant per principal and
	// resource.
	if at.project != nil && at.role != "" {
		if other, ok := at.project.reserved[p.grantKey(at.role)]; ok {
			pr.add(ErrDuplicate, "Role", at.role, fmt.Sprintf("%s grants this role on database %q already: merge the two (one Level, one list of Tables)", other, p.DatabaseName))
		}
	}
}

// grantKey is what Lake Formation keeps one grant of in a project: role, catalog, database.
func (p *ProducerAccessProps) grantKey(role string) string {
	return "lf|" + role + "|" + p.CatalogID + "|" + p.DatabaseName
}

func checkGlueName(pr *problems, field, v, fix string) {
	switch {
	case v == "":
		pr.add(ErrMissing, field, "", fix)
	case isToken(v):
	case strings.TrimSpace(v) != v || !glueName.MatchString(v):
		pr.add(ErrInvalidProps, field, v, "a Glue name is 1-255 characters without control characters or surrounding spaces")
	}
}

// NewProducerAccess grants a project's pipeline role Lake Formation permissions on the
// Glue database the project produces and on its tables (every table, or Tables), at
// Level, with grant option when Grantable. The grants are recorded as the project's own
// (publisher) access, so the access matrix and the DataMesh rules never count them as a
// consumer's read.
//
// As for every Lake Formation grant, the deploying role must be a data lake administrator
// (NewDataLakeAdmins, APPEND) and the database must exist; named tables must exist too.
// PrincipalPermissions have no update handler: changing Level, Tables or Grantable revokes
// and grants again (the old grant is deleted first: delete_then_create in the registry
// schema). The logical IDs derive from scope/id and the table names.
func NewProducerAccess(scope constructs.Construct, id *string, props *ProducerAccessProps) ProducerAccess {
	path := pathOf(scope, id)
	defer problem.Annotate("ProducerAccess", path)
	mustValid(props.validate(path))
	if p := projectOf(props.Project); p != nil {
		p.reserve(props.grantKey(*props.Role.RoleArn()), path)
	}
	a := &producerAccess{}
	constructs.NewConstruct_Override(a, scope, id)
	catalog := optional(props.CatalogID)
	if catalog == nil {
		catalog = awscdk.Stack_Of(a).Account()
	}
	dbPerms, tablePerms := props.Level.permissions()
	grantable := func(perms []string) *[]*string {
		if props.Grantable {
			return jsii.Strings(perms...)
		}
		return &[]*string{}
	}
	principal := &awslakeformation.CfnPrincipalPermissions_DataLakePrincipalProperty{DataLakePrincipalIdentifier: props.Role.RoleArn()}
	db := jsii.String(props.DatabaseName)
	database := awslakeformation.NewCfnPrincipalPermissions(a, jsii.String("Database"), &awslakeformation.CfnPrincipalPermissionsProps{
		Principal:                  principal,
		Resource:                   &awslakeformation.CfnPrincipalPermissions_ResourceProperty{Database: &awslakeformation.CfnPrincipalPermissions_DatabaseResourceProperty{CatalogId: catalog, Name: db}},
		Permissions:                jsii.Strings(dbPerms...),
		PermissionsWithGrantOption: grantable(dbPerms),
	})
	a.grants = append(a.grants, database)
	table := func(id string, t *awslakeformation.CfnPrincipalPermissions_TableResourceProperty) {
		g := awslakeformation.NewCfnPrincipalPermissions(a, jsii.String(id), &awslakeformation.CfnPrincipalPermissionsProps{
			Principal:                  principal,
			Resource:                   &awslakeformation.CfnPrincipalPermissions_ResourceProperty{Table: t},
			Permissions:                jsii.Strings(tablePerms...),
			PermissionsWithGrantOption: grantable(tablePerms),
		})
		// Lake Formation checks the database grant when a table grant is made.
		g.Node().AddDependency(database)
		a.grants = append(a.grants, g)
	}
	if len(props.Tables) == 0 {
		table("Tables", &awslakeformation.CfnPrincipalPermissions_TableResourceProperty{CatalogId: catalog, DatabaseName: db, TableWildcard: map[string]any{}})
	} else {
		for _, t := range props.Tables {
			table("Table"+constructID(t)+hashSuffix(t), &awslakeformation.CfnPrincipalPermissions_TableResourceProperty{CatalogId: catalog, DatabaseName: db, Name: jsii.String(t)})
		}
	}
	name := props.Project.ProjectName()
	for _, g := range a.grants {
		record(g, meshmeta.Resource{Kind: meshmeta.KindDataAccess, Name: name, Product: name, Publisher: true})
	}
	return a
}

// hashSuffix tells apart names that constructID maps to the same id ("a_b", "a-b").
func hashSuffix(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:4])
}
