package datamesh_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// twoDomains is a mesh of two business domains in one stage, each in its own stack:
// sales publishes CRM Master Data, energy has a consumer project.
type twoDomains struct {
	app                      awscdk.App
	salesStack, energyStack  awscdk.Stack
	crm                      datamesh.MasterDataProject
	forecasting              datamesh.Project
	energyAccount, salesAcct string
}

func newTwoDomains(energyAccount string) *twoDomains {
	app := awscdk.NewApp(nil)
	stack := func(id, account string) awscdk.Stack {
		return awscdk.NewStack(app, jsii.String(id), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String(account), Region: jsii.String(testRegion)}})
	}
	t := &twoDomains{app: app, salesStack: stack("Sales", testAccount), energyStack: stack("Energy", energyAccount), energyAccount: energyAccount, salesAcct: testAccount}
	sp := ssoDomainProps()
	sp.DomainName = "sales"
	sales := datamesh.NewBusinessDomain(t.salesStack, jsii.String("Domain"), sp)
	sprof := datamesh.NewProjectProfile(sales, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: sales, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	m := &mesh{stack: t.salesStack, domain: sales, profile: sprof,
		sales: datamesh.NewDomainUnit(sales, jsii.String("Crm"), &datamesh.DomainUnitProps{Parent: sales, Name: "CRM"})}
	t.crm = datamesh.NewMasterDataProject(t.salesStack, jsii.String("Crm"), m.crmProps())

	ep := ssoDomainProps()
	ep.DomainName = "energy"
	energy := datamesh.NewBusinessDomain(t.energyStack, jsii.String("Domain"), ep)
	eprof := datamesh.NewProjectProfile(energy, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: energy, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	t.forecasting = datamesh.NewProject(t.energyStack, jsii.String("Forecasting"), &datamesh.ProjectProps{DomainUnit: energy, Name: "Forecasting", Profile: eprof})
	return t
}

func (t *twoDomains) role(scope awscdk.Stack) awsiam.IRole {
	return awsiam.Role_FromRoleArn(scope, jsii.String("ForecastingRole"), jsii.String("arn:aws:iam::"+t.energyAccount+":role/Forecasting"), nil)
}

// TestReadAcrossDomains: a project of one business domain reads a product of another.
// In one account the access may live in either stack; across accounts it lives in the
// product's account, which grants the consumer's role directly.
func TestReadAcrossDomains(t *testing.T) {
	for _, tc := range []struct {
		name          string
		energyAccount string
		inConsumer    bool // declare the access in the consumer's stack
		wantErr       error
	}{
		{"one account, access with the consumer", testAccount, true, nil},
		{"one account, access with the product", testAccount, false, nil},
		{"two accounts, access with the product", "222222222222", false, nil},
		{"two accounts, access with the consumer", "222222222222", true, datamesh.ErrCrossAccount},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTwoDomains(tc.energyAccount)
			scope := m.salesStack
			if tc.inConsumer {
				scope = m.energyStack
			}
			err := build(func() {
				datamesh.NewDataProductAccess(scope, jsii.String("ForecastingReadsCustomers"), &datamesh.DataProductAccessProps{
					Consumer: m.forecasting, ConsumerRole: m.role(scope), Product: m.crm, Table: "accounts"})
			})
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err = %v, want %v", err, tc.wantErr)
			}
			if err != nil {
				if !errors.Is(err, datamesh.ErrInvalidProps) || !strings.Contains(err.Error(), "declare the access in a stack of account "+testAccount) {
					t.Errorf("error does not say where to declare the access: %v", err)
				}
				return
			}
			_, raw := template(t, scope)
			var got []string
			for id, r := range resources(raw, "AWS::LakeFormation::PrincipalPermissions") {
				if strings.Contains(id, "Publisher") {
					continue
				}
				p, _ := json.Marshal(props(r))
				got = append(got, string(p))
				if !strings.Contains(string(p), `"arn:aws:iam::`+tc.energyAccount+`:role/Forecasting"`) || !strings.Contains(string(p), `"`+testAccount+`"`) {
					t.Errorf("%s: grant is not to the consumer role on the sales catalog: %s", id, p)
				}
				if md := meta(r); md["kind"] == "DataAccess" && md["read"] != nil && md["productDomain"] != "sales" {
					t.Errorf("%s: productDomain = %v, want sales", id, md["productDomain"])
				}
			}
			// The table grant and DESCRIBE on the database, both in the access's stack.
			if len(got) != 2 {
				t.Errorf("got %d grants in %s, want 2 (table and database): %v", len(got), *scope.StackName(), got)
			}
			if !slices.Contains(m.crm.Consumers(), "Forecasting") {
				t.Errorf("CRM consumers = %v", m.crm.Consumers())
			}
		})
	}
}

// TestTagReadAcrossAccounts: a read by LF-tags of a role of another account is refused
// (it would need the catalog's resource policy).
func TestTagReadAcrossAccounts(t *testing.T) {
	m := newTwoDomains("222222222222")
	err := build(func() {
		datamesh.NewDataProductAccess(m.salesStack, jsii.String("ForecastingReadsByTag"), &datamesh.DataProductAccessProps{
			Consumer: m.forecasting, ConsumerRole: m.role(m.salesStack), Product: m.crm, TagExpression: map[string][]string{"domain": {"sales"}}})
	})
	var p *problem.Problem
	if !errors.Is(err, datamesh.ErrCrossAccount) || !errors.As(err, &p) || p.Field != "TagExpression" {
		t.Fatalf("err = %v, want ErrCrossAccount on TagExpression", err)
	}
}

// TestDataProductFromAttributes: a consumer app reads a product another app publishes.
func TestDataProductFromAttributes(t *testing.T) {
	attrs := func() *datamesh.DataProductAttributes {
		c := crmCustomers()
		return &datamesh.DataProductAttributes{DomainName: "sales", ProjectName: "CRM Master Data", DatabaseName: "crm", Contract: c}
	}
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Energy"), func() *datamesh.BusinessDomainProps {
		p := ssoDomainProps()
		p.DomainName = "energy"
		return p
	}())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	consumer := datamesh.NewProject(d, jsii.String("Forecasting"), &datamesh.ProjectProps{DomainUnit: d, Name: "Forecasting", Profile: prof})
	r := role(stack, "Role", "Forecasting")

	crm := datamesh.DataProductFromAttributes(stack, jsii.String("Crm"), attrs())
	if crm.ProjectName() != "CRM Master Data" || crm.DomainName() != "sales" || crm.DatabaseName() != "crm" || *crm.CatalogID() != testAccount {
		t.Errorf("imported product: %s %s %s %s", crm.ProjectName(), crm.DomainName(), crm.DatabaseName(), *crm.CatalogID())
	}
	a := datamesh.NewDataProductAccess(stack, jsii.String("ReadsCustomers"), &datamesh.DataProductAccessProps{
		Consumer: consumer, ConsumerRole: r, Product: crm, Table: "customers", Columns: []string{"customer_id", "country"}})
	if a.CellsFilter() == nil || a.Product() != crm {
		t.Error("filtered read of an imported product has no cells filter or lost its product")
	}
	tpl, _ := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::LakeFormation::DataCellsFilter"), map[string]any{
		"TableCatalogId": testAccount, "DatabaseName": "crm", "TableName": "customers", "ColumnNames": []any{"customer_id", "country"}})

	cases := []struct {
		name     string
		build    func()
		sentinel error
		field    string
	}{
		{"no domain", func() {
			a := attrs()
			a.DomainName = ""
			datamesh.DataProductFromAttributes(stack, jsii.String("X1"), a)
		}, datamesh.ErrMissing, "DomainName"},
		{"no database", func() {
			a := attrs()
			a.DatabaseName = " "
			datamesh.DataProductFromAttributes(stack, jsii.String("X2"), a)
		}, datamesh.ErrMissing, "DatabaseName"},
		{"catalog not an account", func() {
			a := attrs()
			a.CatalogID = "crm"
			datamesh.DataProductFromAttributes(stack, jsii.String("X3"), a)
		}, datamesh.ErrInvalidProps, "CatalogID"},
		{"no contract", func() {
			a := attrs()
			a.Contract = nil
			datamesh.DataProductFromAttributes(stack, jsii.String("X4"), a)
		}, datamesh.ErrMissing, "Contract"},
		{"contract invalid", func() {
			a := attrs()
			a.Contract.FreshnessSLA = "daily"
			datamesh.DataProductFromAttributes(stack, jsii.String("X5"), a)
		}, datacontract.ErrInvalidDuration, "Contract.freshnessSla"},
		{"unknown column of the imported contract", func() {
			datamesh.NewDataProductAccess(stack, jsii.String("X6"), &datamesh.DataProductAccessProps{
				Consumer: consumer, ConsumerRole: r, Product: crm, Table: "customers", Columns: []string{"mail"}})
		}, datacontract.ErrUnknownColumn, "Columns[0]"},
		{"tag read of an imported product", func() {
			datamesh.NewDataProductAccess(stack, jsii.String("X7"), &datamesh.DataProductAccessProps{
				Consumer: consumer, ConsumerRole: r, Product: crm, TagExpression: map[string][]string{"domain": {"sales"}}})
		}, datamesh.ErrInvalidProps, "TagExpression"},
		{"catalog in another account than the access", func() {
			a := attrs()
			a.CatalogID = "333333333333"
			p := datamesh.DataProductFromAttributes(stack, jsii.String("X8"), a)
			datamesh.NewDataProductAccess(stack, jsii.String("X8Reads"), &datamesh.DataProductAccessProps{
				Consumer: consumer, ConsumerRole: r, Product: p, Table: "customers"})
		}, datamesh.ErrCrossAccount, "Product"},
	}
	var lines []string
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := build(tc.build)
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("err = %v, want %v", err, tc.sentinel)
			}
			var p *problem.Problem
			if !errors.As(err, &p) || p.Field != tc.field {
				t.Errorf("problem %v, want field %s", err, tc.field)
			}
			lines = append(lines, err.Error())
		})
	}
	golden(t, "testdata/products.golden", strings.Join(lines, "\n")+"\n")
}
