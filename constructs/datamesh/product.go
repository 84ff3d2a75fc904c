package datamesh

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
)

// ErrCrossAccount is a Lake Formation grant declared in an account that does not own the
// product's Glue Data Catalog. It also matches ErrInvalidProps.
var ErrCrossAccount = fmt.Errorf("%w: grant outside the catalog's account", ErrInvalidProps)

// IDataProduct is a data product as a consumer reads it: the domain and project that
// publish it, the account and Glue database that hold its tables, and its data contract
// (tables, columns, personal data, LF-tags), which a read is checked against and which
// the PII rule reads. A MasterDataProject is one; DataProductFromAttributes imports one
// published by another stack, app or domain.
type IDataProduct interface {
	constructs.IConstruct
	// ProjectName is the name of the project that publishes the product ("CRM Master Data").
	ProjectName() string
	// DomainName is the name of the business domain of that project.
	DomainName() string
	// DatabaseName is the Glue database of the product's tables.
	DatabaseName() string
	// CatalogID is the account whose Glue Data Catalog holds the database.
	CatalogID() *string
	// Contract returns a copy of the product's data contract.
	Contract() datacontract.Contract

	dataProduct() *productView
}

// productView is what a read needs of a product, shared by a published and an imported
// product.
type productView struct {
	name, domain, database string
	catalog                func() *string
	contract               *datacontract.Contract
	// filters are the DataCellsFilter names in use, per table, with their construct path.
	filters map[string]string
	// consumers are the names of the projects that read the product.
	consumers *[]string
	// tagTables makes sure the product's LF-tags exist and tag its tables; nil when the
	// product's stack is not ours (the producer's stack owns its tags).
	tagTables func() []awscdk.CfnResource
}

func (m *masterDataProject) dataProduct() *productView {
	return &productView{
		name: m.inner.name, domain: m.DomainName(), database: m.database, catalog: m.catalogID,
		contract: &m.contract, filters: m.filters, consumers: &m.consumers, tagTables: m.tagTables,
	}
}

// DomainName is the name of the business domain of the project.
func (m *masterDataProject) DomainName() string { return m.inner.unit.Domain().DomainName() }

// CatalogID is the account of the project's stack, whose Glue Data Catalog holds the
// product's database.
func (m *masterDataProject) CatalogID() *string { return m.catalogID() }

// DataProductAttributes describe a data product published by another stack, app or
// domain, so that a consumer here can read it.
type DataProductAttributes struct {
	// DomainName is the name of the business domain that publishes the product. Required.
	DomainName string
	// ProjectName is the name of the project that publishes the product ("CRM Master
	// Data"). Required.
	ProjectName string
	// DatabaseName is the Glue database of the product's tables. Required.
	DatabaseName string
	// CatalogID is the account whose Glue Data Catalog holds the database.
	//
	// Default: the account of the scope's stack.
	CatalogID string
	// Contract of the product, as its producer publishes it: reads are checked against its
	// tables, columns and tags, and the PII rule reads its classification. Required.
	Contract *datacontract.Contract
}

type importedProduct struct {
	constructs.Construct
	view *productView
}

func (p *importedProduct) ProjectName() string             { return p.view.name }
func (p *importedProduct) DomainName() string              { return p.view.domain }
func (p *importedProduct) DatabaseName() string            { return p.view.database }
func (p *importedProduct) CatalogID() *string              { return p.view.catalog() }
func (p *importedProduct) Contract() datacontract.Contract { return cloneContract(p.view.contract) }
func (p *importedProduct) dataProduct() *productView       { return p.view }

// Validate reports every problem of the attributes at once.
func (a *DataProductAttributes) Validate() error { return a.validate("") }

func (a *DataProductAttributes) validate(path string) error {
	pr := newProblems("DataProductFromAttributes", path)
	if a == nil {
		pr.add(ErrMissing, "attrs", "nil", "pass &DataProductAttributes{DomainName: ..., ProjectName: ..., DatabaseName: ..., Contract: ...}")
		return pr.err()
	}
	for _, f := range []struct{ field, value, fix string }{
		{"DomainName", a.DomainName, "name the business domain that publishes the product"},
		{"ProjectName", a.ProjectName, `name the project that publishes the product, e.g. "CRM Master Data"`},
		{"DatabaseName", a.DatabaseName, "name the Glue database of the product's tables"},
	} {
		if strings.TrimSpace(f.value) == "" {
			pr.add(ErrMissing, f.field, "", f.fix)
		}
	}
	if a.CatalogID != "" && !isToken(a.CatalogID) && !accountID.MatchString(a.CatalogID) {
		pr.add(ErrInvalidProps, "CatalogID", a.CatalogID, "the catalog of a Glue database is its account ID: 12 digits")
	}
	if a.Contract == nil {
		pr.add(ErrMissing, "Contract", "", "pass the product's data contract: reads are checked against it")
	} else if err := a.Contract.Validate(); err != nil {
		pr.addContractErr(ErrInvalidContract, err, func(path string) string { return "Contract." + path })
	}
	return pr.err()
}

// DataProductFromAttributes imports a data product that another stack, app or domain
// publishes, so that NewDataProductAccess can grant a consumer here read access to it.
// The grants are made in the account of the access's stack, which must own the
// product's catalog (see NewDataProductAccess); reads by LF-tags are not available on an
// imported product, whose tags belong to the producer's stack.
func DataProductFromAttributes(scope constructs.Construct, id *string, attrs *DataProductAttributes) IDataProduct {
	mustValid(attrs.validate(pathOf(scope, id)))
	p := &importedProduct{}
	constructs.NewConstruct_Override(p, scope, id)
	c := cloneContract(attrs.Contract)
	var catalog *string
	p.view = &productView{
		name: attrs.ProjectName, domain: attrs.DomainName, database: attrs.DatabaseName, contract: &c,
		filters: map[string]string{}, consumers: &[]string{},
		catalog: func() *string {
			if catalog == nil {
				catalog = jsii.String(attrs.CatalogID)
				if attrs.CatalogID == "" {
					catalog = awscdk.Stack_Of(p).Account()
				}
			}
			return catalog
		},
	}
	return p
}

// checkAccount reports an access whose stack is in another account than the product's
// catalog: Lake Formation grants on a catalog are made by its account (a data lake
// administrator there), which may grant a role of another account directly (Lake
// Formation cross-account version 3 and later,
// https://docs.aws.amazon.com/lake-formation/latest/dg/optimize-ram.html).
//
// A read by LF-tags of a role of another account is refused too: a cross-account grant
// through LF-tags needs the catalog's resource policy to allow the consumer account
// (https://docs.aws.amazon.com/lake-formation/latest/dg/cross-account-share-prerequisistes.html),
// which smusmesh does not write.
func checkAccount(pr *problems, scope constructs.Construct, props *DataProductAccessProps) {
	view := props.Product.dataProduct()
	there := view.catalog()
	if there == nil || isToken(*there) {
		return
	}
	if len(props.TagExpression) > 0 {
		if arn := str(props.ConsumerRole.RoleArn()); !isToken(arn) {
			if parts := strings.Split(arn, ":"); len(parts) > 4 && parts[4] != "" && parts[4] != *there {
				pr.add(ErrCrossAccount, "TagExpression", fmt.Sprint(props.TagExpression), fmt.Sprintf(
					"the consumer's role is in account %s and the product's catalog in %s: a cross-account read through LF-tags needs the catalog's resource policy, which smusmesh does not write; read by Table",
					parts[4], *there))
			}
		}
	}
	here := awscdk.Stack_Of(scope).Account()
	if here == nil || isToken(*here) || *here == *there {
		return
	}
	pr.add(ErrCrossAccount, "Product", view.name, fmt.Sprintf(
		"the product's tables are in the Glue Data Catalog of account %s and this access is in a stack of account %s: Lake Formation grants are made by the catalog's account; declare the access in a stack of account %s (it may grant a role of account %s)",
		*there, *here, *there, *here))
}

// consumerDomain is the name of the consumer's business domain, "" when unknown.
func consumerDomain(p IProject) string {
	if u := p.DomainUnit(); u != nil && u.Domain() != nil {
		return u.Domain().DomainName()
	}
	return ""
}
