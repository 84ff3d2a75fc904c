package datamesh

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// LakeFormationPermission is a Lake Formation permission that a consumer is granted on a
// data product. Consumers read: only SELECT and DESCRIBE are allowed.
type LakeFormationPermission string

// The permissions a consumer may be granted.
const (
	// PermissionSelect reads the data.
	PermissionSelect LakeFormationPermission = "SELECT"
	// PermissionDescribe sees the table's metadata.
	PermissionDescribe LakeFormationPermission = "DESCRIBE"
)

// DataProductAccessProps declare what a consumer project reads from a data product: one
// table (all of it, some columns, some rows), or whatever carries some of the product's
// LF-tags. Consumer and product may be in different business domains of the mesh: the
// read is a Lake Formation grant, which DataZone domains do not bound.
type DataProductAccessProps struct {
	// Consumer is the project that reads the product. The product's name is added to the
	// consumer's lineage (meshmeta Consumes). Required.
	Consumer IProject
	// ConsumerRole is the IAM role the consumer reads with (bring-your-own project role, or
	// the project's role from its environment). Lake Formation grants go to it. Required.
	ConsumerRole awsiam.IRole
	// Product is the data product read: a MasterDataProject, or a product of another
	// stack, app or domain imported with DataProductFromAttributes. Required.
	Product IDataProduct
	// Table of the product's contract. Required unless TagExpression is set; with a
	// TagExpression it is only checked against the contract (the grant follows the tags).
	//
	// Default: none.
	Table string
	// Columns the consumer may see (a column-level filter, e.g. without the PII columns).
	//
	// Default: - all columns.
	Columns []string
	// RowFilter is a Lake Formation row filter, a PartiQL predicate over the table's
	// columns ("country = 'DE'").
	//
	// Default: - all rows.
	RowFilter string
	// TagExpression grants access to every table that carries these LF-tags (key to any of
	// the values); keys and values must be the product contract's Tags. The product's
	// tables are tagged with the contract's tags. Not combined with Columns or RowFilter.
	//
	// Default: none.
	TagExpression map[string][]string
	// Permissions granted on the table, filter or tag policy.
	//
	// Default: SELECT and DESCRIBE.
	Permissions []LakeFormationPermission
	// PIIApproval approves a read that exposes columns the product's contract classifies as
	// personal data (PII or SENSITIVE_PII): a read of the whole table (no Columns, or only
	// a RowFilter), a TagExpression, or Columns that include one. Without it the DataMesh
	// rule DataMesh-PiiReadWithoutApproval fails the synth. It is recorded on the grant
	// (meshmeta read.approval), where reviewers and the rule see it.
	//
	// Default: none.
	PIIApproval *AccessApproval
}

// AccessApproval is the approval of a read of personal data.
type AccessApproval struct {
	// Reason says why the consumer needs the personal data (the purpose, and the ticket or
	// decision that approved it). Required.
	Reason string
	// ApprovedBy names who approved it (the data owner or the privacy officer).
	//
	// Default: none.
	ApprovedBy string
}

// DataProductAccess is a consumer's read access to a Master Data product, rendered as
// Lake Formation grants: a DataCellsFilter and a grant on it (columns or rows), a grant on
// the table, or a grant on an LF-tag expression; plus DESCRIBE on the product's database.
type DataProductAccess interface {
	constructs.Construct
	// Consumer is the reading project.
	Consumer() IProject
	// Product is the data product read.
	Product() IDataProduct
	// Grant is the PrincipalPermissions on the table, filter or tag policy.
	Grant() awslakeformation.CfnPrincipalPermissions
	// CellsFilter is the DataCellsFilter, or nil when the access reads the whole table or
	// goes through LF-tags.
	CellsFilter() awslakeformation.CfnDataCellsFilter
}

type dataProductAccess struct {
	constructs.Construct
	consumer IProject
	product  IDataProduct
	grant    awslakeformation.CfnPrincipalPermissions
	filter   awslakeformation.CfnDataCellsFilter
}

func (a *dataProductAccess) Consumer() IProject                               { return a.consumer }
func (a *dataProductAccess) Product() IDataProduct                            { return a.product }
func (a *dataProductAccess) Grant() awslakeformation.CfnPrincipalPermissions  { return a.grant }
func (a *dataProductAccess) CellsFilter() awslakeformation.CfnDataCellsFilter { return a.filter }

// Validate reports every problem of the props at once: missing consumer, role or
// product, and an access that does not fit the product's contract (unknown table, column
// or row-filter column, unknown tag) under the field it comes from (Columns[2],
// RowFilter, TagExpression[domain]).
func (p *DataProductAccessProps) Validate() error { return p.validate("") }

func (p *DataProductAccessProps) validate(path string) error {
	at := &site{}
	if p != nil {
		if p.Consumer != nil {
			at.consumerKey = projectKey(p.Consumer)
		}
		if p.Product != nil {
			v := p.Product.dataProduct()
			at.product = &productSite{contract: v.contract, filters: v.filters}
		}
	}
	pr := newProblems("DataProductAccess", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at (at.product: the product read,
// at.consumerKey: the consumer's key).
func (p *DataProductAccessProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &DataProductAccessProps{Consumer: ..., ConsumerRole: ..., Product: ..., Table: ...}")
		return
	}
	if !at.placed {
		if p.Consumer == nil {
			pr.add(ErrMissing, "Consumer", "", "name the project that reads the product")
		}
		if p.ConsumerRole == nil {
			pr.add(ErrMissing, "ConsumerRole", "", "pass the IAM role the consumer reads with (awsiam.Role_FromRoleArn for an existing one)")
		}
		if p.Product == nil {
			pr.add(ErrMissing, "Product", "", "name the data product read: a MasterDataProject or DataProductFromAttributes")
		} else if len(p.TagExpression) > 0 && p.Product.dataProduct().tagTables == nil {
			pr.add(ErrInvalidProps, "TagExpression", fmt.Sprint(p.TagExpression), "the LF-tags of an imported product belong to the producer's stack, which creates them for its own tag-based reads: read by Table here")
		}
	}
	for i, perm := range p.Permissions {
		if perm != PermissionSelect && perm != PermissionDescribe {
			pr.add(ErrInvalidProps, fmt.Sprintf("Permissions[%d]", i), string(perm), "consumers read: use PermissionSelect or PermissionDescribe")
		}
	}
	if p.PIIApproval != nil && strings.TrimSpace(p.PIIApproval.Reason) == "" {
		pr.add(ErrMissing, "PIIApproval.Reason", "", "say why the consumer needs the personal data, and who approved it")
	}
	filtered := len(p.Columns) > 0 || strings.TrimSpace(p.RowFilter) != ""
	if len(p.TagExpression) > 0 && filtered {
		pr.add(ErrInvalidProps, "TagExpression", fmt.Sprint(p.TagExpression), "a tag-based grant covers whole tables: declare columns or a row filter in a separate access without TagExpression")
	}
	if at.product == nil || at.consumerKey == "" {
		return
	}
	if c := at.product.contract; c != nil && c.Validate() == nil {
		// A contract that does not validate is reported under its product; the access
		// cannot be checked against it.
		pr.addContractErr(ErrInvalidAccess, c.ValidateAccess(p.access(at.consumerKey)), accessField)
	}
	if table := p.Table; filtered {
		if other, ok := at.product.filters[table+"|"+cellsFilterName(at.consumerKey, table)]; ok {
			pr.add(ErrDuplicate, "Table", table, fmt.Sprintf("consumer %q already has a filtered access to %s (%s): declare one access per consumer and table", at.consumerKey, table, other))
		}
	}
}

// access is the datacontract form of the declaration.
func (p *DataProductAccessProps) access(consumer string) datacontract.Access {
	return datacontract.Access{
		Consumer: consumer, Table: p.Table, Columns: p.Columns,
		RowFilter: p.RowFilter, TagExpression: p.TagExpression,
	}
}

// accessField maps a datacontract access path (access[x].columns[2]) to the props field
// (Columns[2]).
func accessField(path string) string {
	if i := strings.Index(path, "]."); strings.HasPrefix(path, "access[") && i >= 0 {
		path = path[i+2:]
	} else {
		path = strings.TrimPrefix(path, "access.")
	}
	for from, to := range map[string]string{"table": "Table", "columns": "Columns", "rowFilter": "RowFilter", "tagExpression": "TagExpression"} {
		if path == from || strings.HasPrefix(path, from+"[") || strings.HasPrefix(path, from+".") {
			return to + path[len(from):]
		}
	}
	return path
}

// NewDataProductAccess grants a consumer project's role read access to a Master Data
// product in Lake Formation, and records the lineage (consumer derives from product):
//
//   - Columns or RowFilter: an AWS::LakeFormation::DataCellsFilter named after consumer and
//     table, and PrincipalPermissions on it (no table-wide grant);
//   - Table alone: PrincipalPermissions on the table;
//   - TagExpression: the product's LF-tags (AWS::LakeFormation::Tag, one per key, shared
//     by the stack), their association with each of the product's tables, and
//     PrincipalPermissions on the tag expression (LFTagPolicy, TABLE);
//   - in every case DESCRIBE on the product's Glue database, once per consumer role and
//     database (it lives under the consumer project, so it stays when one access goes).
//
// PermissionsWithGrantOption is always empty: consumers do not re-grant. The deploying
// role must be a data lake administrator (opt in with NewDataLakeAdmins, APPEND only;
// docs/deploy.md). Lake Formation grants, filters and tag associations have no update
// handler: changing an access revokes and re-grants. The grants' logical IDs derive from
// scope/id, so adding or removing one access leaves every other access alone. The Glue
// tables must exist when the grants deploy (the producer's ingestion creates them).
//
// A Master Data project as consumer gets a warning: Master Data projects publish, they
// do not consume.
func NewDataProductAccess(scope constructs.Construct, id *string, props *DataProductAccessProps) DataProductAccess {
	path := pathOf(scope, id)
	defer problem.Annotate("DataProductAccess", path)
	err := props.validate(path)
	if err == nil {
		pr := newProblems("DataProductAccess", path)
		checkAccount(pr, scope, props)
		err = pr.err()
	}
	mustValid(err)
	product := props.Product.dataProduct()
	consumerName := props.Consumer.ProjectName()
	table := props.Table
	filtered := len(props.Columns) > 0 || strings.TrimSpace(props.RowFilter) != ""

	var filterName string
	if filtered {
		// The filter's name (create-only, and the filter has no update handler) derives from
		// the consumer's key, so renaming the consumer replaces neither filter nor grant.
		filterName = cellsFilterName(projectKey(props.Consumer), table)
		product.filters[table+"|"+filterName] = path
	}

	a := &dataProductAccess{consumer: props.Consumer, product: props.Product}
	constructs.NewConstruct_Override(a, scope, id)

	catalog := product.catalog()
	db := jsii.String(product.database)
	principal := &awslakeformation.CfnPrincipalPermissions_DataLakePrincipalProperty{DataLakePrincipalIdentifier: props.ConsumerRole.RoleArn()}
	perms := props.Permissions
	if len(perms) == 0 {
		perms = []LakeFormationPermission{PermissionSelect, PermissionDescribe}
	}
	permList := make([]*string, 0, len(perms))
	for _, p := range perms {
		if !slices.ContainsFunc(permList, func(s *string) bool { return *s == string(p) }) {
			permList = append(permList, jsii.String(string(p)))
		}
	}
	grantProps := &awslakeformation.CfnPrincipalPermissionsProps{
		Principal:                  principal,
		Permissions:                &permList,
		PermissionsWithGrantOption: &[]*string{},
	}

	switch {
	case len(props.TagExpression) > 0:
		tags := product.tagTables()
		var expr []any
		for _, k := range sortedKeys(props.TagExpression) {
			expr = append(expr, &awslakeformation.CfnPrincipalPermissions_LFTagProperty{TagKey: jsii.String(k), TagValues: jsii.Strings(props.TagExpression[k]...)})
		}
		grantProps.Resource = &awslakeformation.CfnPrincipalPermissions_ResourceProperty{
			LfTagPolicy: &awslakeformation.CfnPrincipalPermissions_LFTagPolicyResourceProperty{
				CatalogId: catalog, ResourceType: jsii.String("TABLE"), Expression: &expr,
			},
		}
		a.grant = awslakeformation.NewCfnPrincipalPermissions(a, jsii.String("Grant"), grantProps)
		for _, t := range tags {
			a.grant.Node().AddDependency(t)
		}
	case filtered:
		fp := &awslakeformation.CfnDataCellsFilterProps{
			TableCatalogId: catalog, DatabaseName: db, TableName: jsii.String(table), Name: jsii.String(filterName),
		}
		if rf := strings.TrimSpace(props.RowFilter); rf != "" {
			fp.RowFilter = &awslakeformation.CfnDataCellsFilter_RowFilterProperty{FilterExpression: jsii.String(rf)}
		} else {
			fp.RowFilter = &awslakeformation.CfnDataCellsFilter_RowFilterProperty{AllRowsWildcard: map[string]any{}}
		}
		if len(props.Columns) > 0 {
			fp.ColumnNames = jsii.Strings(props.Columns...)
		} else {
			fp.ColumnWildcard = map[string]any{}
		}
		a.filter = awslakeformation.NewCfnDataCellsFilter(a, jsii.String("CellsFilter"), fp)
		grantProps.Resource = &awslakeformation.CfnPrincipalPermissions_ResourceProperty{
			DataCellsFilter: &awslakeformation.CfnPrincipalPermissions_DataCellsFilterResourceProperty{
				TableCatalogId: catalog, DatabaseName: db, TableName: jsii.String(table), Name: jsii.String(filterName),
			},
		}
		a.grant = awslakeformation.NewCfnPrincipalPermissions(a, jsii.String("Grant"), grantProps)
		a.grant.Node().AddDependency(a.filter)
	default:
		grantProps.Resource = &awslakeformation.CfnPrincipalPermissions_ResourceProperty{
			Table: &awslakeformation.CfnPrincipalPermissions_TableResourceProperty{CatalogId: catalog, DatabaseName: db, Name: jsii.String(table)},
		}
		a.grant = awslakeformation.NewCfnPrincipalPermissions(a, jsii.String("Grant"), grantProps)
	}

	// The grant and filter say, in the template, which project reads which product: the
	// access matrix and meshtest read it from the assembly.
	// The grant also records what the read exposes of the contract's personal data, and its
	// approval, for DataMesh-PiiReadWithoutApproval.
	access := meshmeta.Resource{Kind: meshmeta.KindDataAccess, Name: consumerName, Product: product.name}
	if d := consumerDomain(props.Consumer); d != "" && !strings.EqualFold(d, product.domain) {
		access.ProductDomain = product.domain
	}
	if a.filter != nil {
		record(a.filter, access)
	}
	access.Read = readOf(props, product)
	record(a.grant, access)
	describeDatabase(a, props, catalog, db)
	recordLineage(a, props.Consumer, product)
	return a
}

// readOf is what the read exposes of the product: its table, columns and the contract's
// personal data in them, and the read's approval.
func readOf(props *DataProductAccessProps, product *productView) *meshmeta.Read {
	read := &meshmeta.Read{Product: product.name, Table: props.Table, Columns: props.Columns}
	if len(props.TagExpression) > 0 {
		read.Table, read.Columns = "", nil // whole tables: every table of the product
	}
	for _, t := range product.contract.Schema.Tables {
		if read.Table != "" && t.Name != read.Table {
			continue
		}
		for _, c := range t.Columns {
			if c.PII.IsPII() {
				read.PIIColumns = append(read.PIIColumns, t.Name+"."+c.Name)
			}
		}
	}
	if a := props.PIIApproval; a != nil {
		read.Approval, read.ApprovedBy = strings.TrimSpace(a.Reason), a.ApprovedBy
	}
	return read
}

// describeDatabase grants DESCRIBE on the product's database to the consumer role once,
// under the consumer project when it is a construct of the mesh in the access's stack
// (else under the access: a consumer of another stack may be in another account).
func describeDatabase(a *dataProductAccess, props *DataProductAccessProps, catalog, db *string) {
	var scope constructs.Construct = a
	if c, ok := props.Consumer.(constructs.Construct); ok && awscdk.Stack_Of(c) == awscdk.Stack_Of(a) {
		scope = c
	}
	roleKey := *props.ConsumerRole.RoleArn()
	if isToken(roleKey) {
		roleKey = *props.ConsumerRole.Node().Path()
	}
	id := idFor("DescribeDatabase", roleKey, *db)
	if scope.Node().TryFindChild(jsii.String(id)) != nil {
		return
	}
	awslakeformation.NewCfnPrincipalPermissions(scope, jsii.String(id), &awslakeformation.CfnPrincipalPermissionsProps{
		Principal:                  &awslakeformation.CfnPrincipalPermissions_DataLakePrincipalProperty{DataLakePrincipalIdentifier: props.ConsumerRole.RoleArn()},
		Resource:                   &awslakeformation.CfnPrincipalPermissions_ResourceProperty{Database: &awslakeformation.CfnPrincipalPermissions_DatabaseResourceProperty{CatalogId: catalog, Name: db}},
		Permissions:                jsii.Strings(string(PermissionDescribe)),
		PermissionsWithGrantOption: &[]*string{},
	})
}

// recordLineage adds the product to the consumer's meshmeta Consumes and the consumer to
// the product's consumers; a Master Data consumer gets a warning.
func recordLineage(a *dataProductAccess, consumer IProject, product *productView) {
	name := consumer.ProjectName()
	if !slices.Contains(*product.consumers, name) {
		*product.consumers = append(*product.consumers, name)
	}
	var inner *project
	switch c := consumer.(type) {
	case *project:
		inner = c
	case *masterDataProject:
		inner = c.inner
		awscdk.Annotations_Of(a).AddWarningV2(jsii.String("smusmesh:MasterDataConsumes"), jsii.String(fmt.Sprintf(
			"Master Data projects do not consume: %q reads %q. Publish from one source per Master Data project and derive in a consumer project.",
			name, product.name)))
	}
	if inner != nil && !slices.Contains(inner.meta.Consumes, product.name) {
		inner.meta.Consumes = append(inner.meta.Consumes, product.name)
		record(inner.Resource(), inner.meta)
	}
}

// catalogID is the Glue Data Catalog (account) of the product's tables, read once.
func (m *masterDataProject) catalogID() *string {
	if m.account == nil {
		m.account = awscdk.Stack_Of(m).Account()
	}
	return m.account
}

// tagTables makes sure the product's LF-tags exist in its stack and are associated with
// each of its tables, and returns the Tag resources.
func (m *masterDataProject) tagTables() []awscdk.CfnResource {
	reg := lfTagsOf(m)
	var tags []awscdk.CfnResource
	keys := sortedKeys(m.contract.Tags)
	for _, k := range keys {
		tags = append(tags, reg.tag(k, m.contract.Tags[k]))
	}
	if m.lfTagged {
		return tags
	}
	m.lfTagged = true
	catalog := m.catalogID()
	var pairs []any
	for _, k := range keys {
		pairs = append(pairs, &awslakeformation.CfnTagAssociation_LFTagPairProperty{CatalogId: catalog, TagKey: jsii.String(k), TagValues: jsii.Strings(m.contract.Tags[k]...)})
	}
	for _, t := range m.contract.Schema.Tables {
		assoc := awslakeformation.NewCfnTagAssociation(m, jsii.String("LFTags"+constructID(t.Name)), &awslakeformation.CfnTagAssociationProps{
			Resource: &awslakeformation.CfnTagAssociation_ResourceProperty{
				Table: &awslakeformation.CfnTagAssociation_TableResourceProperty{CatalogId: catalog, DatabaseName: jsii.String(m.database), Name: jsii.String(t.Name)},
			},
			LfTags: &pairs,
		})
		for _, tag := range tags {
			assoc.Node().AddDependency(tag)
		}
	}
	return tags
}

// lfTagRegistry holds the stack's LF-tags, one AWS::LakeFormation::Tag per key (the key
// is the tag's identity in the account), with the union of the values products declare.
type lfTagRegistry struct {
	constructs.Construct
	tags   map[string]awslakeformation.CfnTag
	values map[string][]string
}

const lfTagRegistryID = "SmusmeshLakeFormationTags"

// lfTagsOf returns the LF-tag registry of scope's stack, creating it on first use.
func lfTagsOf(scope constructs.IConstruct) *lfTagRegistry {
	stack := awscdk.Stack_Of(scope)
	if c := stack.Node().TryFindChild(jsii.String(lfTagRegistryID)); c != nil {
		if r, ok := c.(*lfTagRegistry); ok {
			return r
		}
	}
	r := &lfTagRegistry{tags: map[string]awslakeformation.CfnTag{}, values: map[string][]string{}}
	constructs.NewConstruct_Override(r, stack, jsii.String(lfTagRegistryID))
	return r
}

// TagKeys lists the LF-tag keys of the stack, sorted. (jsii needs an exported method on a
// Go construct type.)
func (r *lfTagRegistry) TagKeys() []string { return sortedKeys(r.tags) }

// tag returns the Tag resource of key, adding values to it.
func (r *lfTagRegistry) tag(key string, values []string) awslakeformation.CfnTag {
	have := r.values[key]
	changed := false
	for _, v := range values {
		if !slices.Contains(have, v) {
			have = append(have, v)
			changed = true
		}
	}
	sort.Strings(have)
	r.values[key] = have
	t, ok := r.tags[key]
	if !ok {
		t = awslakeformation.NewCfnTag(r, jsii.String(idFor("Tag", key, key)), &awslakeformation.CfnTagProps{
			TagKey: jsii.String(key), TagValues: jsii.Strings(have...),
		})
		r.tags[key] = t
	} else if changed {
		t.SetTagValues(jsii.Strings(have...))
	}
	return t
}

// projectKey is the key of a project (ProjectProps.Key, default its name); an imported
// project's key is its name.
func projectKey(p IProject) string {
	switch c := p.(type) {
	case *project:
		return or(c.meta.Key, c.name)
	case *masterDataProject:
		return or(c.inner.meta.Key, c.inner.name)
	}
	return p.ProjectName()
}

// cellsFilterName is the DataCellsFilter name of a consumer's filter on a table:
// "campaign_analytics_customers".
func cellsFilterName(consumer, table string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(consumer) {
		if isASCIIAlnum(r) || r == '_' {
			b.WriteRune(r)
		} else {
			b.WriteRune('_')
		}
	}
	return truncate(b.String()+"_"+table, 255)
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
