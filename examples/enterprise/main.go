// Command enterprise synthesizes an enterprise data mesh written in Go: a governance
// domain and two root domains, Energy and Transport, with nested units and projects, in
// three stages (dev, uat, prd) with one AWS account per domain per environment. The
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

// definition is the mesh: the same in every environment.
func definition() *stages.Definition {
	analytics := &stages.ProfileDef{Name: "Analytics", Description: "Lakehouse and Redshift, all on demand but Tooling", Preset: "SQLAnalytics"}
	genai := &stages.ProfileDef{Name: "GenAI", Description: "Tooling and the Bedrock blueprints", Preset: "GenAI"}
	sqlBlueprints := []string{"LakehouseCatalog", "DataLake", "RedshiftServerless"}
	genaiBlueprints := []string{"AmazonBedrockGuardrail", "AmazonBedrockPrompt", "AmazonBedrockEvaluation",
		"AmazonBedrockKnowledgeBase", "AmazonBedrockChatAgent", "AmazonBedrockFunction", "AmazonBedrockFlow"}
	project := func(name, desc, profile string, members ...*stages.MemberDef) *stages.ProjectDef {
		return &stages.ProjectDef{Name: name, Description: desc, Profile: profile, Members: members}
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
				Profiles:   []*stages.ProfileDef{analytics, genai},
				Owners:     []*stages.PrincipalDef{group("energy-data-owners")},
				Units: []*stages.UnitDef{
					{Name: "Grid", Description: "Transmission and distribution", Owners: []*stages.PrincipalDef{group("grid-owners")},
						ProjectCreators: []*stages.PrincipalDef{group("grid-leads")},
						Projects: []*stages.ProjectDef{
							project("Load Forecasting", "Forecasts grid load per substation", "Analytics", member("ana.grid@example.com", "owner"), temp),
							project("Outage Analytics", "Root causes of outages", "Analytics", member("omar.grid@example.com", "owner")),
						},
						Units: []*stages.UnitDef{{Name: "Substations", Owners: []*stages.PrincipalDef{group("grid-owners")},
							Projects: []*stages.ProjectDef{project("Asset Health", "Predictive maintenance of transformers", "GenAI", member("ana.grid@example.com", "owner"))}}},
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
						Projects: []*stages.ProjectDef{
							project("Telematics", "Vehicle telemetry lakehouse", "Analytics", member("fred.fleet@example.com", "owner"), temp),
							project("Fuel Efficiency", "Fuel use per route", "Analytics", member("fred.fleet@example.com", "owner")),
						}},
					{Name: "Logistics", Owners: []*stages.PrincipalDef{group("logistics-owners")}, Description: "Routes and warehouses",
						Projects: []*stages.ProjectDef{project("Route Planning", "Optimal delivery routes", "Analytics", member("lisa.logistics@example.com", "owner"))}},
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
	net := &stages.NetworkSettings{VpcId: fmt.Sprintf("vpc-0%d23456789abcdef0", n), SubnetIds: []string{fmt.Sprintf("subnet-0%d23456789abcdef0", n), fmt.Sprintf("subnet-0%dfedcba987654321", n)}}
	return &stages.Settings{
		Account: acct(1), Region: "eu-west-1", Accounts: stages.AccountPerDomain,
		DomainAccounts:            map[string]string{"mesh-governance": acct(1), "energy": acct(2), "transport": acct(3)},
		IdentityCenterInstanceArn: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
		Network:                   net,
		// The analytics account of the environment uses the Energy domain.
		Associated: map[string][]*stages.AssociatedAccount{"energy": {{Account: acct(4),
			Network: &stages.NetworkSettings{VpcId: fmt.Sprintf("vpc-0%d9999999abcdef0", n), SubnetIds: []string{fmt.Sprintf("subnet-0%d9999999abcdef0", n)}}}}},
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
