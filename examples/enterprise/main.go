// Command enterprise synthesizes an enterprise data mesh written in Go: a governance
// domain and two root domains, Energy and Transport, with nested units and projects, in
// three stages (dev, uat, prd) with one AWS account per domain per environment. Each
// domain has a Master Data project (Grid Assets, Fleet) read by consumer projects with a
// column list or a row filter. The
// Energy domain is also used from an analytics account in each environment (shared
// through AWS RAM, with its own blueprint configuration stack). No AWS account is needed:
// the account IDs, Identity Center instance, VPCs and subnets are examples.
//
//	go run ./examples/enterprise
//	npx cdk synth '**' --app 'go run ./examples/enterprise'
package main

import (
	"fmt"

	"github.com/smusmesh/smusmesh/stages"
)

func member(user, designation string) *stages.MemberDef {
	return &stages.MemberDef{User: user, Designation: designation}
}

func group(name string) *stages.PrincipalDef { return &stages.PrincipalDef{Group: name} }

func read(product, table, role string, columns []string, rowFilter string) []*stages.ReadDef {
	return []*stages.ReadDef{{Product: product, Table: table, Columns: columns, RowFilter: rowFilter, Role: role}}
}

// approved adds an approval of the personal data the reads expose.
func approved(reads []*stages.ReadDef, reason string) []*stages.ReadDef {
	for _, r := range reads {
		r.PIIApproval = &stages.ApprovalDef{Reason: reason, ApprovedBy: "privacy-office"}
	}
	return reads
}

// gridAssets is the Master Data project of the grid's asset register.
func gridAssets() *stages.MasterDataDef {
	return &stages.MasterDataDef{
		Source: "Grid Assets", Description: "Publishes the register of grid assets (substations, transformers, lines)", Profile: "Analytics",
		DataOwners: []*stages.PrincipalDef{{User: "ana.grid@example.com"}, group("grid-owners")},
		Engineers:  []*stages.EngineerDef{{User: "platform.engineer@example.com", Reason: "sets up the asset register ingestion"}},
		Contract: &stages.ContractDef{
			Name: "Grid Assets", Version: "1.0.0", Description: "Every asset of the grid, as kept in the asset register",
			Owner: "Head of Grid Operations", Steward: "grid-data-stewards", Classification: "INTERNAL",
			FreshnessSLA: "24h", Retention: "10y", Tags: map[string][]string{"domain": {"energy"}},
			Tables: []*stages.TableDef{{
				Name: "assets", BusinessName: "Grid assets", Description: "One row per asset", PrimaryKey: []string{"asset_id"},
				Columns: []*stages.ColumnDef{
					{Name: "asset_id", Type: "string", BusinessName: "Asset number"},
					{Name: "asset_type", Type: "string", BusinessName: "Asset type"},
					{Name: "region", Type: "string", BusinessName: "Grid region"},
					{Name: "voltage_kv", Type: "double", BusinessName: "Voltage (kV)"},
					{Name: "commissioned_at", Type: "date", BusinessName: "Commissioned"},
					{Name: "updated_at", Type: "timestamp", BusinessName: "Last update"},
				},
			}},
			QualityRules: []*stages.RuleDef{
				{Rule: "isPrimaryKey", Table: "assets", Column: "asset_id"},
				{Rule: "columnValuesIn", Table: "assets", Column: "asset_type", Values: []string{"SUBSTATION", "TRANSFORMER", "LINE", "SWITCH"}},
				{Rule: "columnValuesBetween", Table: "assets", Column: "voltage_kv", Min: ptr(0), Max: ptr(800)},
				{Rule: "dataFreshness", Table: "assets", Column: "updated_at", MaxAge: "24h"},
				{Rule: "rowCountAbove", Table: "assets", Min: ptr(0)},
			},
		},
		DataSource: &stages.DataSourceDef{Database: "grid_assets", Schedule: "cron(0 3 * * ? *)", Timezone: "CET"},
	}
}

// fleet is the Master Data project of the vehicle fleet.
func fleet() *stages.MasterDataDef {
	return &stages.MasterDataDef{
		Source: "Fleet", Description: "Publishes the vehicle register", Profile: "Analytics",
		DataOwners: []*stages.PrincipalDef{{User: "fred.fleet@example.com"}, group("fleet-owners")},
		Engineers:  []*stages.EngineerDef{{User: "platform.engineer@example.com", Reason: "sets up the fleet register ingestion"}},
		Members:    []*stages.MemberDef{{Group: "fleet-stewards", Designation: "catalogSteward"}},
		Contract: &stages.ContractDef{
			Name: "Fleet Vehicles", Version: "1.0.0", Description: "Every vehicle of the fleet",
			Owner: "Head of Fleet", Steward: "fleet-stewards", Classification: "PII",
			FreshnessSLA: "1d", Retention: "7y",
			Tables: []*stages.TableDef{{
				Name: "vehicles", BusinessName: "Vehicles", Description: "One row per vehicle", PrimaryKey: []string{"vehicle_id"},
				Columns: []*stages.ColumnDef{
					{Name: "vehicle_id", Type: "string", BusinessName: "Vehicle number"},
					{Name: "plate", Type: "string", BusinessName: "Licence plate"},
					{Name: "driver_name", Type: "string", BusinessName: "Assigned driver", PII: "PII", Nullable: true},
					{Name: "depot", Type: "string", BusinessName: "Home depot"},
					{Name: "fuel_type", Type: "string", BusinessName: "Fuel"},
					{Name: "updated_at", Type: "timestamp", BusinessName: "Last update"},
				},
			}},
			QualityRules: []*stages.RuleDef{
				{Rule: "isPrimaryKey", Table: "vehicles", Column: "vehicle_id"},
				{Rule: "isUnique", Table: "vehicles", Column: "plate"},
				{Rule: "columnValuesIn", Table: "vehicles", Column: "fuel_type", Values: []string{"DIESEL", "PETROL", "ELECTRIC", "HYDROGEN"}},
				{Rule: "dataFreshness", Table: "vehicles", Column: "updated_at", MaxAge: "24h"},
			},
		},
		DataSource: &stages.DataSourceDef{Database: "fleet", Schedule: "cron(30 1 * * ? *)", Timezone: "CET"},
	}
}

func ptr(f float64) *float64 { return &f }

// definition is the mesh: the same in every environment.
func definition() *stages.Definition {
	analytics := &stages.ProfileDef{Name: "Analytics", Description: "Lakehouse and Redshift: Tooling and the Lakehouse Database on create, the rest on demand", Preset: "SQLAnalytics"}
	genai := &stages.ProfileDef{Name: "GenAI", Description: "Tooling and the Bedrock blueprints", Preset: "GenAI"}
	// Environments of this profile run in the analytics account associated with Energy;
	// its projects are created from the portal once the stage is deployed.
	remote := &stages.ProfileDef{Name: "Analytics account", Description: "Lakehouse and Redshift in the analytics account", Preset: "SQLAnalytics", RunsIn: "analytics"}
	sqlBlueprints := []string{"LakehouseCatalog", "DataLake", "RedshiftServerless"}
	genaiBlueprints := []string{"AmazonBedrockGuardrail", "AmazonBedrockPrompt", "AmazonBedrockEvaluation",
		"AmazonBedrockKnowledgeBase", "AmazonBedrockChatAgent", "AmazonBedrockFunction", "AmazonBedrockFlow"}
	project := func(name, desc, profile string, members ...*stages.MemberDef) *stages.ProjectDef {
		return &stages.ProjectDef{Name: name, Description: desc, Profile: profile, Members: members}
	}
	reading := func(p *stages.ProjectDef, reads []*stages.ReadDef) *stages.ProjectDef {
		p.Reads = reads
		return p
	}
	temp := &stages.MemberDef{User: "platform.engineer@example.com", Temporary: true, Reason: "sets up the ingestion"}
	return &stages.Definition{
		Governance: &stages.GovernanceDef{
			Name: "mesh-governance", Description: "Mesh-wide standards: naming, data contracts, glossaries",
			Owners: []*stages.PrincipalDef{group("data-governance")}, GlossaryAuthors: []*stages.PrincipalDef{group("data-governance")},
		},
		Domains: []*stages.DomainDef{
			{
				Name: "energy", Description: "Generation, grid and trading", Network: "VPC_ONLY",
				Blueprints: append(append([]string{}, sqlBlueprints...), genaiBlueprints...),
				Profiles:   []*stages.ProfileDef{analytics, genai, remote},
				Owners:     []*stages.PrincipalDef{group("energy-data-owners")},
				Units: []*stages.UnitDef{
					{Name: "Grid", Description: "Transmission and distribution", Owners: []*stages.PrincipalDef{group("grid-owners")},
						ProjectCreators: []*stages.CreatorDef{{Group: "grid-leads"}},
						Projects: []*stages.ProjectDef{
							project("Load Forecasting", "Forecasts grid load per substation", "Analytics", member("ana.grid@example.com", "owner"), temp),
							// Outage Analytics reads some columns of the asset register.
							reading(project("Outage Analytics", "Root causes of outages", "Analytics", member("omar.grid@example.com", "owner")),
								read("Grid Assets Master Data", "assets", "outage-analytics-project", []string{"asset_id", "asset_type", "region", "commissioned_at"}, "")),
						},
						MasterData: []*stages.MasterDataDef{gridAssets()},
						Units: []*stages.UnitDef{{Name: "Substations", Owners: []*stages.PrincipalDef{group("grid-owners")},
							// Asset Health reads the transformers only (a row filter).
							Projects: []*stages.ProjectDef{reading(project("Asset Health", "Predictive maintenance of transformers", "GenAI", member("ana.grid@example.com", "owner")),
								read("Grid Assets Master Data", "assets", "asset-health-project", nil, "asset_type = 'TRANSFORMER'"))}}},
					},
					{Name: "Trading", Description: "Energy trading and risk", Owners: []*stages.PrincipalDef{group("trading-owners")},
						Projects: []*stages.ProjectDef{
							project("Price Curves", "Forward price curves", "Analytics", member("tom.trader@example.com", "owner"), &stages.MemberDef{Group: "risk-analysts", Designation: "catalogConsumer"}),
						}},
					{Name: "Generation", Description: "Power plants and renewables", Owners: []*stages.PrincipalDef{group("generation-owners")},
						Projects: []*stages.ProjectDef{project("Wind Yield", "Wind farm yield against forecasts", "Analytics", member("wendy.wind@example.com", "owner"))}},
				},
			},
			{
				Name: "transport", Description: "Fleet, logistics and rail",
				Blueprints: sqlBlueprints,
				Profiles:   []*stages.ProfileDef{analytics},
				Owners:     []*stages.PrincipalDef{group("transport-data-owners")},
				Units: []*stages.UnitDef{
					{Name: "Fleet", Owners: []*stages.PrincipalDef{group("fleet-owners")}, Description: "Vehicles and telematics",
						MasterData: []*stages.MasterDataDef{fleet()},
						Projects: []*stages.ProjectDef{
							project("Telematics", "Vehicle telemetry lakehouse", "Analytics", member("fred.fleet@example.com", "owner"), temp),
							// Fuel Efficiency reads the diesel vehicles only (a row filter), every column:
							// the driver's name (PII) too, which needs an approval with its reason.
							reading(project("Fuel Efficiency", "Fuel use per route", "Analytics", member("fred.fleet@example.com", "owner")),
								approved(read("Fleet Master Data", "vehicles", "fuel-efficiency-project", nil, "fuel_type = 'DIESEL'"),
									"Driver coaching on fuel use needs the driver per vehicle (works council agreement BV-7).")),
						}},
					{Name: "Logistics", Owners: []*stages.PrincipalDef{group("logistics-owners")}, Description: "Routes and warehouses",
						// Route Planning reads the vehicles without the driver's name (PII).
						Projects: []*stages.ProjectDef{reading(project("Route Planning", "Optimal delivery routes", "Analytics", member("lisa.logistics@example.com", "owner")),
							read("Fleet Master Data", "vehicles", "route-planning-project", []string{"vehicle_id", "plate", "depot", "fuel_type"}, ""))}},
					{Name: "Rail", Owners: []*stages.PrincipalDef{group("rail-owners")}, Description: "Rail network",
						Projects: []*stages.ProjectDef{project("Punctuality", "Train punctuality", "Analytics", member("rita.rail@example.com", "owner"))}},
				},
			},
		},
	}
}

// settings returns the environment's settings: one account per domain per environment.
// n is the environment's digit in the example account IDs.
func settings(env string, n int, production bool) *stages.Settings {
	acct := func(domain int) string { return fmt.Sprintf("%d%010d%d", domain, 0, n) }
	net := &stages.NetworkSettings{VPCID: fmt.Sprintf("vpc-0%d23456789abcdef0", n), SubnetIDs: []string{fmt.Sprintf("subnet-0%d23456789abcdef0", n), fmt.Sprintf("subnet-0%dfedcba987654321", n)}}
	return &stages.Settings{
		Account: acct(1), Region: "eu-west-1", Accounts: stages.AccountPerDomain,
		DomainAccounts:            map[string]string{"mesh-governance": acct(1), "energy": acct(2), "transport": acct(3)},
		IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
		Network:                   net,
		// The analytics account of the environment uses the Energy domain.
		Associated: map[string][]*stages.AssociatedAccount{"energy": {{Name: "analytics", Account: acct(4),
			Network: &stages.NetworkSettings{VPCID: fmt.Sprintf("vpc-0%d9999999abcdef0", n), SubnetIDs: []string{fmt.Sprintf("subnet-0%d9999999abcdef0", n)}}}}},
		TemporaryUntil:  "2099-06-30",
		Production:      production,
		ParameterPrefix: "/smusmesh/" + env,
	}
}

func main() {
	stages.Main(definition(),
		stages.Environment{Name: "dev", Settings: settings("dev", 1, false)},
		stages.Environment{Name: "uat", Settings: settings("uat", 2, false)},
		stages.Environment{Name: "prd", Settings: settings("prd", 3, true)},
	)
}
