package datamesh_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// planOf is a valid plan: a domain with a SQL analytics profile, a unit with a project
// and a Master Data project, and a consumer in the root unit that reads it.
func planOf() *datamesh.Plan {
	return &datamesh.Plan{
		Governance: &datamesh.GovernanceDomainProps{DomainName: "Governance"},
		Domains: []*datamesh.DomainPlan{{
			Props: &datamesh.BusinessDomainProps{DomainName: "Sales", Blueprints: []*datamesh.BlueprintOptions{
				{Blueprint: datamesh.BlueprintLakehouseCatalog}, {Blueprint: datamesh.BlueprintDataLake}, {Blueprint: datamesh.BlueprintRedshiftServerless}}},
			Profiles: []*datamesh.ProjectProfileProps{{Name: "Analytics", Preset: datamesh.PresetSQLAnalytics}},
			UnitPlan: datamesh.UnitPlan{
				Units: []*datamesh.UnitPlan{{
					Props:    &datamesh.DomainUnitProps{Name: "Retail"},
					Projects: []*datamesh.ProjectPlan{{Profile: "Analytics", Props: &datamesh.ProjectProps{Name: "Orders"}}},
					MasterData: []*datamesh.MasterDataPlan{{Profile: "Analytics", Props: &datamesh.MasterDataProjectProps{
						Source: "CRM", DataOwners: []datamesh.Principal{datamesh.SSOUser("ana@example.com")},
						Engineers: []*datamesh.Member{{Principal: datamesh.SSOUser("sam@example.com"), Temporary: &datamesh.Temporary{}}},
						Contract: &datacontract.Contract{Name: "CRM Customers", Owner: "Head of Sales", FreshnessSLA: "24h",
							Schema:       datacontract.Schema{Tables: []datacontract.Table{{Name: "customers", Columns: []datacontract.Column{{Name: "id", Type: "bigint"}, {Name: "country", Type: "string"}}}}},
							QualityRules: []datacontract.Rule{datacontract.RowCountAbove("customers", 0)}},
						DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "crm"},
					}}},
				}},
				Projects: []*datamesh.ProjectPlan{{Profile: "Analytics", Props: &datamesh.ProjectProps{Name: "Billing"},
					Reads: []*datamesh.ReadPlan{{Product: "CRM Master Data", Props: &datamesh.DataProductAccessProps{Table: "customers", Columns: []string{"id"}}}}}},
			},
		}},
		Unbound: true,
	}
}

// Plan.Validate runs the constructors' checks on plain props, all at once, each problem
// at the plan entry and field it is about.
func TestPlanValidate(t *testing.T) {
	cases := []struct {
		name     string
		mutate   func(p *datamesh.Plan)
		sentinel error
		want     string // one of the problems
	}{
		{"valid", func(*datamesh.Plan) {}, nil, ""},
		{"bound: the per-environment values are required", func(p *datamesh.Plan) { p.Unbound = false }, datamesh.ErrMissing,
			`BusinessDomain "Domains[0]": Identity.IdentityCenterInstanceARN: missing required prop`},
		{"bound: an engineer needs an end date", func(p *datamesh.Plan) {
			p.Unbound = false
			p.Domains[0].Props.Identity = &datamesh.Identity{Mode: datamesh.IdentityModeIAM}
		}, datamesh.ErrNotTemporary, `MasterDataProject "Domains[0].Units[0].MasterData[0]": Engineers[0].Temporary "SSO_USER:sam@example.com"`},
		{"project names unique in a unit", func(p *datamesh.Plan) {
			u := p.Domains[0].Units[0]
			u.Projects = append(u.Projects, &datamesh.ProjectPlan{Profile: "Analytics", Props: &datamesh.ProjectProps{Name: "orders"}})
		}, datamesh.ErrDuplicate, `Project "Domains[0].Units[0].Projects[1]": Name "orders": duplicate: unit "Retail" already has a project of that name (Domains[0].Units[0].Projects[0])`},
		{"a Master Data project named like a project", func(p *datamesh.Plan) {
			p.Domains[0].Units[0].Projects[0].Props.Name = "CRM Master Data"
		}, datamesh.ErrDuplicate, `MasterDataProject "Domains[0].Units[0].MasterData[0]": Source "CRM Master Data": duplicate`},
		{"unit names unique among siblings", func(p *datamesh.Plan) {
			p.Domains[0].Units = append(p.Domains[0].Units, &datamesh.UnitPlan{Props: &datamesh.DomainUnitProps{Name: "Retail"}})
		}, datamesh.ErrDuplicate, `DomainUnit "Domains[0].Units[1]": Name "Retail": duplicate`},
		{"unknown profile", func(p *datamesh.Plan) { p.Domains[0].Projects[0].Profile = "Nope" }, datamesh.ErrInvalidProps,
			`Project "Domains[0].Projects[0]": Profile "Nope": invalid props: the domain has no profile of that name: use one of [Analytics]`},
		{"unknown product", func(p *datamesh.Plan) { p.Domains[0].Projects[0].Reads[0].Product = "ERP Master Data" }, datamesh.ErrInvalidProps,
			`DataProductAccess "Domains[0].Projects[0].Reads[0]": Product "ERP Master Data"`},
		{"two filtered reads of one table", func(p *datamesh.Plan) {
			pr := p.Domains[0].Projects[0]
			pr.Reads = append(pr.Reads, &datamesh.ReadPlan{Product: "CRM Master Data", Props: &datamesh.DataProductAccessProps{Table: "customers", RowFilter: "country = 'DE'"}})
		}, datamesh.ErrDuplicate, `DataProductAccess "Domains[0].Projects[0].Reads[1]": Table "customers": duplicate`},
		{"read of an unknown column", func(p *datamesh.Plan) { p.Domains[0].Projects[0].Reads[0].Props.Columns = []string{"mail"} }, datacontract.ErrUnknownColumn,
			`Columns[0] "mail"`},
		{"preset blueprints the domain does not enable", func(p *datamesh.Plan) { p.Domains[0].Props.Blueprints = nil }, datamesh.ErrUnknownBlueprint,
			`ProjectProfile "Domains[0].Profiles[0]": Preset "SQLAnalytics needs LakehouseCatalog"`},
		{"Identity Center users in an IAM domain", func(p *datamesh.Plan) {
			p.Domains[0].Props.Identity = &datamesh.Identity{Mode: datamesh.IdentityModeIAM}
		}, datamesh.ErrIdentityMismatch, `MasterDataProject "Domains[0].Units[0].MasterData[0]": DataOwners[0] "SSO_USER:ana@example.com"`},
		{"naming conventions are the DataMesh rule's, not a problem", func(p *datamesh.Plan) {
			p.Domains[0].Units[0].Props.Name = "retail"
		}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := planOf()
			c.mutate(p)
			err := p.Validate()
			if c.sentinel == nil {
				if err != nil {
					t.Fatalf("Validate() =\n%v", err)
				}
				return
			}
			if !errors.Is(err, c.sentinel) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Validate() =\n%v\nwant errors.Is %v and a problem containing\n%s", err, c.sentinel, c.want)
			}
			for _, pr := range problem.All(err) {
				if !strings.HasPrefix(pr.Path, "Domains[") && pr.Path != "Governance" {
					t.Errorf("problem without its plan entry: %v", pr)
				}
			}
		})
	}
}
