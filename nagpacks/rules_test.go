package nagpacks

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// fullContract is a Master Data description that every rule accepts.
func fullContract() *meshmeta.MasterData {
	return &meshmeta.MasterData{
		Source: "CRM", Owner: "alice@example.com", Contract: "crm-v1", FreshnessSLA: "24h", QualityRules: 3,
		ContractFields: []string{"owner", "schema", "qualityRules", "freshnessSla"},
	}
}

// TestRules has a compliant and a non-compliant fixture (at least) per rule. want is the
// construct path of the expected finding ("" for none), finding its finding ID ("" for
// any).
func TestRules(t *testing.T) {
	type row struct {
		name    string
		id      string
		props   *DataMeshPackProps
		build   func(st awscdk.Stack)
		want    string
		finding string
	}
	gov := &meshmeta.Resource{Kind: meshmeta.KindGovernanceDomain, Governance: true}
	root := &meshmeta.Resource{Kind: meshmeta.KindRootDomain}
	vpcOnly := &meshmeta.Resource{Kind: meshmeta.KindRootDomain, NetworkPosture: meshmeta.NetworkVpcOnly}
	rows := []row{
		// CostlyBlueprintOnCreate
		{name: "costly blueprint resolved through its configuration", id: "DataMesh-CostlyBlueprintOnCreate", want: "/S/Profile", finding: "ML",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				ml := blueprintConfig(st, "MLBlueprint", "MLExperiments", d.AttrId(), nil)
				tooling := blueprintConfig(st, "ToolingBlueprint", "Tooling", d.AttrId(), nil)
				profile(st, "Profile", d.AttrId(), envConfigOf("Tooling", tooling.AttrEnvironmentBlueprintId(), "ON_CREATE"),
					envConfigOf("ML", ml.AttrEnvironmentBlueprintId(), "ON_CREATE"))
			}},
		{name: "costly blueprint recognised by its name", id: "DataMesh-CostlyBlueprintOnCreate", want: "/S/Profile", finding: "MLflow tracking server",
			build: func(st awscdk.Stack) {
				profile(st, "Profile", s("dzd_abc123"), envConfigOf("MLflow tracking server", s("b1x2y3z4"), "ON_CREATE"))
			}},
		{name: "costly blueprint ON_DEMAND", id: "DataMesh-CostlyBlueprintOnCreate",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				ml := blueprintConfig(st, "MLBlueprint", "MLExperiments", d.AttrId(), nil)
				profile(st, "Profile", d.AttrId(), envConfigOf("ML", ml.AttrEnvironmentBlueprintId(), "ON_DEMAND"))
			}},
		{name: "costly blueprint with an unresolvable mode", id: "DataMesh-CostlyBlueprintOnCreate",
			build: func(st awscdk.Stack) {
				mode := awscdk.NewCfnParameter(st, s("Mode"), &awscdk.CfnParameterProps{Default: s("ON_DEMAND")})
				ec := envConfigOf("MLExperiments", s("b1x2y3z4"), "ON_DEMAND")
				ec.DeploymentMode = mode.ValueAsString()
				profile(st, "Profile", s("dzd_abc123"), ec)
			}},
		// BlueprintOnCreate
		{name: "other blueprint ON_CREATE", id: "DataMesh-BlueprintOnCreate", want: "/S/Profile", finding: "Lakehouse",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				lh := blueprintConfig(st, "LakehouseBlueprint", "LakehouseCatalog", d.AttrId(), nil)
				profile(st, "Profile", d.AttrId(), envConfigOf("Lakehouse", lh.AttrEnvironmentBlueprintId(), "ON_CREATE"))
			}},
		{name: "only Tooling ON_CREATE", id: "DataMesh-BlueprintOnCreate",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				tooling := blueprintConfig(st, "ToolingBlueprint", "Tooling", d.AttrId(), nil)
				lh := blueprintConfig(st, "LakehouseBlueprint", "LakehouseCatalog", d.AttrId(), nil)
				profile(st, "Profile", d.AttrId(), envConfigOf("Tooling", tooling.AttrEnvironmentBlueprintId(), "ON_CREATE"),
					envConfigOf("Lakehouse", lh.AttrEnvironmentBlueprintId(), "ON_DEMAND"))
			}},
		{name: "the Lakehouse Database ON_CREATE, as in AWS's SQL analytics profile", id: "DataMesh-BlueprintOnCreate",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				dl := blueprintConfig(st, "DataLakeBlueprint", "DataLake", d.AttrId(), nil)
				profile(st, "Profile", d.AttrId(), envConfigOf("Lake", dl.AttrEnvironmentBlueprintId(), "ON_CREATE"),
					envConfigOf("Lakehouse Database", s("b1x2y3z4"), "ON_CREATE")) // resolved, and by name
			}},
		{name: "costly ON_CREATE is not also a BlueprintOnCreate warning", id: "DataMesh-BlueprintOnCreate",
			build: func(st awscdk.Stack) {
				profile(st, "Profile", s("dzd_abc123"), envConfigOf("MLExperiments", s("b1x2y3z4"), "ON_CREATE"))
			}},
		// DomainWithoutCustomerManagedKey
		{name: "domain without a KMS key", id: "DataMesh-DomainWithoutCustomerManagedKey", want: "/S/Domain",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.KmsKeyIdentifier = nil })
			}},
		{name: "domain with a KMS key", id: "DataMesh-DomainWithoutCustomerManagedKey",
			build: func(st awscdk.Stack) { goodDomain(st, "Domain", nil, nil) }},
		{name: "domain with an imported KMS key", id: "DataMesh-DomainWithoutCustomerManagedKey",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.KmsKeyIdentifier = awscdk.Fn_ImportValue(s("MeshKeyArn")) })
			}},
		// DomainWithoutSSO
		{name: "domain without SingleSignOn", id: "DataMesh-DomainWithoutSSO", want: "/S/Domain",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.SingleSignOn = nil })
			}},
		{name: "domain with SSO DISABLED", id: "DataMesh-DomainWithoutSSO", want: "/S/Domain",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) {
					p.SingleSignOn = &awsdatazone.CfnDomain_SingleSignOnProperty{Type: s("DISABLED")}
				})
			}},
		{name: "domain with IAM Identity Center", id: "DataMesh-DomainWithoutSSO",
			build: func(st awscdk.Stack) { goodDomain(st, "Domain", nil, nil) }},
		{name: "domain with an SSO type from a parameter", id: "DataMesh-DomainWithoutSSO",
			build: func(st awscdk.Stack) {
				sso := awscdk.NewCfnParameter(st, s("SsoType"), &awscdk.CfnParameterProps{Default: s("DISABLED")})
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) {
					p.SingleSignOn = &awsdatazone.CfnDomain_SingleSignOnProperty{Type: sso.ValueAsString()}
				})
			}},
		// DomainNotV2
		{name: "domain without a version", id: "DataMesh-DomainNotV2", want: "/S/Domain", finding: "V1",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.DomainVersion = nil })
			}},
		{name: "V2 domain", id: "DataMesh-DomainNotV2",
			build: func(st awscdk.Stack) { goodDomain(st, "Domain", nil, nil) }},
		// GovernanceDomainHoldsData
		{name: "domain unit in the governance domain", id: "DataMesh-GovernanceDomainHoldsData", want: "/S/Unit",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Governance", gov, nil)
				goodUnit(st, "Unit", d, nil)
			}},
		{name: "data source in the governance domain", id: "DataMesh-GovernanceDomainHoldsData", want: "/S/Source",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Governance", gov, nil)
				awsdatazone.NewCfnDataSource(st, s("Source"), &awsdatazone.CfnDataSourceProps{
					Name: s("crm"), DomainIdentifier: d.Ref(), ProjectIdentifier: s("p1"), Type: s("GLUE"),
				})
			}},
		{name: "Master Data project in the governance domain", id: "DataMesh-GovernanceDomainHoldsData", want: "/S/Project",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Governance", gov, nil)
				goodProject(st, "Project", d.AttrId(), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: fullContract()}, nil)
			}},
		{name: "domain unit marked governance", id: "DataMesh-GovernanceDomainHoldsData", want: "/S/Unit",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				goodUnit(st, "Unit", d, &meshmeta.Resource{Kind: meshmeta.KindDomainUnit, Governance: true})
			}},
		{name: "domain unit in a root domain", id: "DataMesh-GovernanceDomainHoldsData",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", root, nil)
				goodUnit(st, "Unit", d, nil)
			}},
		{name: "consumer project in the governance domain", id: "DataMesh-GovernanceDomainHoldsData",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Governance", gov, nil)
				goodProject(st, "Project", d.AttrId(), &meshmeta.Resource{Kind: meshmeta.KindProject}, nil)
			}},
		// The governance domain's standards project (glossary and form-type authorship, no
		// data) is a plain project marked governance: it must pass.
		{name: "standards project in the governance domain", id: "DataMesh-GovernanceDomainHoldsData",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Governance", gov, nil)
				goodProject(st, "Project", d.AttrId(), &meshmeta.Resource{Kind: meshmeta.KindProject, Governance: true}, nil)
			}},
		// InlineProjectMembers
		{name: "project with inline members", id: "DataMesh-InlineProjectMembers", want: "/S/Project",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), nil, func(p *awsdatazone.CfnProjectProps) {
					p.MembershipAssignments = &[]interface{}{&awsdatazone.CfnProject_ProjectMembershipAssignmentProperty{
						Designation: s("PROJECT_OWNER"), Member: &awsdatazone.CfnProject_MemberProperty{UserIdentifier: s("alice")},
					}}
				})
			}},
		{name: "project without inline members", id: "DataMesh-InlineProjectMembers",
			build: func(st awscdk.Stack) { goodProject(st, "Project", s("dzd_abc123"), nil, nil) }},
		// StatefulResourceNotRetained
		{name: "domain without RETAIN", id: "DataMesh-StatefulResourceNotRetained", want: "/S/Domain", finding: "DeletionPolicy",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, nil).ApplyRemovalPolicy(awscdk.RemovalPolicy_DESTROY, nil)
			}},
		{name: "project without any policy", id: "DataMesh-StatefulResourceNotRetained", want: "/S/Project", finding: "UpdateReplacePolicy",
			build: func(st awscdk.Stack) {
				awsdatazone.NewCfnProject(st, s("Project"), &awsdatazone.CfnProjectProps{Name: s("Orders"), DomainIdentifier: s("dzd_abc123")})
			}},
		{name: "retained domain, unit and project", id: "DataMesh-StatefulResourceNotRetained",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				goodUnit(st, "Unit", d, nil)
				goodProject(st, "Project", d.AttrId(), nil, nil)
			}},
		// MasterDataWithoutContract
		{name: "Master Data project without owner", id: "DataMesh-MasterDataWithoutContract", want: "/S/Project", finding: "owner",
			build: func(st awscdk.Stack) {
				md := fullContract()
				md.Owner = ""
				md.ContractFields = []string{"schema", "qualityRules", "freshnessSla"}
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: md},
					func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM Master Data") })
			}},
		{name: "Master Data project without contract, SLA or quality rules", id: "DataMesh-MasterDataWithoutContract", want: "/S/Project", finding: "freshnessSla",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject,
					MasterData: &meshmeta.MasterData{Source: "CRM", Owner: "alice"}},
					func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM Master Data") })
			}},
		{name: "Master Data project missing a field the standards require", id: "DataMesh-MasterDataWithoutContract", want: "/S/Project", finding: "retention",
			props: &DataMeshPackProps{Standards: &datamesh.Standards{RequiredProductMetadata: []datacontract.Field{datacontract.FieldRetention}}},
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: fullContract()},
					func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM Master Data") })
			}},
		{name: "Master Data project with its contract", id: "DataMesh-MasterDataWithoutContract",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: fullContract()},
					func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM Master Data") })
			}},
		// MasterDataConsumes
		{name: "Master Data project that consumes", id: "DataMesh-MasterDataConsumes", want: "/S/Project", finding: "ERP Master Data",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: fullContract(),
					Consumes: []string{"ERP Master Data"}}, func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM Master Data") })
			}},
		{name: "consumer project that consumes", id: "DataMesh-MasterDataConsumes",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindProject, Consumes: []string{"ERP Master Data"}}, nil)
			}},
		// ExpiredTemporaryMember
		{name: "temporary member past the end date", id: "DataMesh-ExpiredTemporaryMember", want: "/S/Member", finding: "2026-05-31",
			build: func(st awscdk.Stack) {
				membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Temporary: true, EndDate: "2026-05-31"})
			}},
		{name: "temporary member on the last day", id: "DataMesh-ExpiredTemporaryMember",
			build: func(st awscdk.Stack) {
				membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Temporary: true, EndDate: "2026-06-01"})
			}},
		{name: "permanent member", id: "DataMesh-ExpiredTemporaryMember",
			build: func(st awscdk.Stack) { membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership}) }},
		// TemporaryMemberWithoutEndDate
		{name: "temporary member without end date", id: "DataMesh-TemporaryMemberWithoutEndDate", want: "/S/Member",
			build: func(st awscdk.Stack) {
				membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Temporary: true})
			}},
		{name: "temporary member with a malformed end date", id: "DataMesh-TemporaryMemberWithoutEndDate", want: "/S/Member",
			build: func(st awscdk.Stack) {
				membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Temporary: true, EndDate: "31/12/2026"})
			}},
		{name: "temporary member with an end date", id: "DataMesh-TemporaryMemberWithoutEndDate",
			build: func(st awscdk.Stack) {
				membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Temporary: true, EndDate: "2026-12-31"})
			}},
		// GrantToAllUsersInProduction
		{name: "grant to all users in production", id: "DataMesh-GrantToAllUsersInProduction", want: "/S/Grant", finding: "CREATE_PROJECT_FROM_PROJECT_PROFILE",
			props: &DataMeshPackProps{Production: true},
			build: func(st awscdk.Stack) { grant(st, true) }},
		{name: "grant to all users outside production", id: "DataMesh-GrantToAllUsersInProduction",
			build: func(st awscdk.Stack) { grant(st, true) }},
		{name: "grant to a group in production", id: "DataMesh-GrantToAllUsersInProduction",
			props: &DataMeshPackProps{Production: true},
			build: func(st awscdk.Stack) { grant(st, false) }},
		{name: "custom grant to all users in production", id: "DataMesh-GrantToAllUsersInProduction", want: "/S/CustomGrant", finding: "CREATE_PROJECT_FROM_PROJECT_PROFILE",
			props: &DataMeshPackProps{Production: true},
			build: func(st awscdk.Stack) { customGrant(st, true) }},
		{name: "custom grant to a group in production", id: "DataMesh-GrantToAllUsersInProduction",
			props: &DataMeshPackProps{Production: true},
			build: func(st awscdk.Stack) { customGrant(st, false) }},
		// VpcOnlyToolingNotLocked
		{name: "VPC-only Tooling configuration without VPC", id: "DataMesh-VpcOnlyToolingNotLocked", want: "/S/ToolingBlueprint", finding: "RegionalParameters",
			build: func(st awscdk.Stack) {
				b := blueprintConfig(st, "ToolingBlueprint", "Tooling", s("dzd_abc123"), nil)
				withMeta(b, meshmeta.Resource{Kind: meshmeta.KindBlueprintConfiguration, NetworkPosture: meshmeta.NetworkVpcOnly})
			}},
		{name: "VPC-only Tooling configuration without subnets", id: "DataMesh-VpcOnlyToolingNotLocked", want: "/S/ToolingBlueprint", finding: "eu-west-1",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", vpcOnly, nil)
				blueprintConfig(st, "ToolingBlueprint", "Tooling", d.AttrId(), func(p *awsdatazone.CfnEnvironmentBlueprintConfigurationProps) {
					p.RegionalParameters = &[]interface{}{&awsdatazone.CfnEnvironmentBlueprintConfiguration_RegionalParameterProperty{
						Region: s("eu-west-1"), Parameters: &map[string]*string{"VpcId": s("vpc-123")},
					}}
				})
			}},
		{name: "VPC-only Tooling configuration with VPC and subnets", id: "DataMesh-VpcOnlyToolingNotLocked",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", vpcOnly, nil)
				blueprintConfig(st, "ToolingBlueprint", "Tooling", d.AttrId(), func(p *awsdatazone.CfnEnvironmentBlueprintConfigurationProps) {
					p.RegionalParameters = &[]interface{}{&awsdatazone.CfnEnvironmentBlueprintConfiguration_RegionalParameterProperty{
						Region: s("eu-west-1"), Parameters: &map[string]*string{"VpcId": s("vpc-123"), "Subnets": s("subnet-1,subnet-2")},
					}}
				})
			}},
		{name: "open Tooling configuration without VPC", id: "DataMesh-VpcOnlyToolingNotLocked",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", root, nil)
				blueprintConfig(st, "ToolingBlueprint", "Tooling", d.AttrId(), nil)
			}},
		{name: "VPC-only profile without the override", id: "DataMesh-VpcOnlyToolingNotLocked", want: "/S/Profile", finding: "Tooling",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", vpcOnly, nil)
				profile(st, "Profile", d.AttrId(), envConfigOf("Tooling", s("b1x2y3z4"), "ON_CREATE"))
			}},
		{name: "VPC-only profile with an editable override", id: "DataMesh-VpcOnlyToolingNotLocked", want: "/S/Profile", finding: "Tooling",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", vpcOnly, nil)
				ec := envConfigOf("Tooling", s("b1x2y3z4"), "ON_CREATE")
				ec.ConfigurationParameters = lockedVpcOnly(true)
				profile(st, "Profile", d.AttrId(), ec)
			}},
		{name: "VPC-only profile with the locked override", id: "DataMesh-VpcOnlyToolingNotLocked",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", vpcOnly, nil)
				tooling := blueprintConfig(st, "ToolingBlueprint", "Tooling", d.AttrId(), func(p *awsdatazone.CfnEnvironmentBlueprintConfigurationProps) {
					p.RegionalParameters = &[]interface{}{&awsdatazone.CfnEnvironmentBlueprintConfiguration_RegionalParameterProperty{
						Region: s("eu-west-1"), Parameters: &map[string]*string{"VpcId": s("vpc-123"), "Subnets": s("subnet-1")},
					}}
				})
				ec := envConfigOf("Home", tooling.AttrEnvironmentBlueprintId(), "ON_CREATE")
				ec.ConfigurationParameters = lockedVpcOnly(false)
				profile(st, "Profile", d.AttrId(), ec)
			}},
		// DataLakeSettingsNotAppend
		{name: "data lake settings without MutationType", id: "DataMesh-DataLakeSettingsNotAppend", want: "/S/Settings", finding: "MutationType",
			build: func(st awscdk.Stack) { dataLakeSettings(st, nil) }},
		{name: "data lake settings that replace", id: "DataMesh-DataLakeSettingsNotAppend", want: "/S/Settings", finding: "REPLACE",
			build: func(st awscdk.Stack) { dataLakeSettings(st, s("REPLACE")) }},
		{name: "data lake settings that append", id: "DataMesh-DataLakeSettingsNotAppend",
			build: func(st awscdk.Stack) { dataLakeSettings(st, s("APPEND")) }},
		// NamingConvention
		{name: "domain name with a space", id: "DataMesh-NamingConvention", want: "/S/Domain", finding: "sales domain",
			build: func(st awscdk.Stack) {
				goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.Name = s("sales domain") })
			}},
		{name: "Master Data project without the suffix", id: "DataMesh-NamingConvention", want: "/S/Project", finding: "CRM",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: fullContract()},
					func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM") })
			}},
		{name: "lower-case project name under custom conventions", id: "DataMesh-NamingConvention", want: "/S/Project", finding: "Orders",
			props: &DataMeshPackProps{Standards: &datamesh.Standards{Naming: &datamesh.NamingConventions{ProjectName: `^[a-z]+$`}}},
			build: func(st awscdk.Stack) { goodProject(st, "Project", s("dzd_abc123"), nil, nil) }},
		{name: "names that follow the conventions", id: "DataMesh-NamingConvention",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				goodUnit(st, "Unit", d, nil)
				goodProject(st, "Project", d.AttrId(), nil, nil)
				goodProject(st, "MasterData", d.AttrId(), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject, MasterData: fullContract()},
					func(p *awsdatazone.CfnProjectProps) { p.Name = s("CRM Master Data") })
			}},
		// DomainUnitWithoutOwner
		{name: "domain unit without owner", id: "DataMesh-DomainUnitWithoutOwner", want: "/S/Lonely",
			build: func(st awscdk.Stack) {
				d := goodDomain(st, "Domain", nil, nil)
				goodUnit(st, "Unit", d, nil)
				u := awsdatazone.NewCfnDomainUnit(st, s("Lonely"), &awsdatazone.CfnDomainUnitProps{
					Name: s("Finance"), DomainIdentifier: d.AttrId(), ParentDomainUnitIdentifier: d.AttrRootDomainUnitId(),
				})
				retain(u)
			}},
		{name: "domain unit with owner", id: "DataMesh-DomainUnitWithoutOwner",
			build: func(st awscdk.Stack) { goodUnit(st, "Unit", goodDomain(st, "Domain", nil, nil), nil) }},
		// PiiReadWithoutApproval
		{name: "read of the whole table with a PII column", id: "DataMesh-PiiReadWithoutApproval", want: "/S/Read", finding: "customers.email",
			build: func(st awscdk.Stack) {
				piiRead(st, &meshmeta.Read{Product: "CRM Master Data", Table: "customers", PIIColumns: []string{"customers.email"}})
			}},
		{name: "column list that includes a PII column", id: "DataMesh-PiiReadWithoutApproval", want: "/S/Read", finding: "customers.birth_date",
			build: func(st awscdk.Stack) {
				piiRead(st, &meshmeta.Read{Product: "CRM Master Data", Table: "customers", Columns: []string{"customer_id", "birth_date"},
					PIIColumns: []string{"customers.email", "customers.birth_date"}})
			}},
		{name: "read through LF-tags of a product with PII", id: "DataMesh-PiiReadWithoutApproval", want: "/S/Read", finding: "orders.card_holder",
			build: func(st awscdk.Stack) {
				piiRead(st, &meshmeta.Read{Product: "CRM Master Data", PIIColumns: []string{"orders.card_holder"}})
			}},
		{name: "column list without the PII columns", id: "DataMesh-PiiReadWithoutApproval",
			build: func(st awscdk.Stack) {
				piiRead(st, &meshmeta.Read{Product: "CRM Master Data", Table: "customers", Columns: []string{"customer_id", "country"},
					PIIColumns: []string{"customers.email"}})
			}},
		{name: "approved read of the whole table", id: "DataMesh-PiiReadWithoutApproval",
			build: func(st awscdk.Stack) {
				piiRead(st, &meshmeta.Read{Product: "CRM Master Data", Table: "customers", PIIColumns: []string{"customers.email"},
					Approval: "Billing audit needs the e-mail of disputed invoices (DPO ticket PRIV-42)."})
			}},
		{name: "read of a table without PII", id: "DataMesh-PiiReadWithoutApproval",
			build: func(st awscdk.Stack) { piiRead(st, &meshmeta.Read{Product: "CRM Master Data", Table: "segments"}) }},
		// ProjectWithoutDescription
		{name: "project without description", id: "DataMesh-ProjectWithoutDescription", want: "/S/Project",
			build: func(st awscdk.Stack) {
				goodProject(st, "Project", s("dzd_abc123"), nil, func(p *awsdatazone.CfnProjectProps) { p.Description = nil })
			}},
		{name: "project with description", id: "DataMesh-ProjectWithoutDescription",
			build: func(st awscdk.Stack) { goodProject(st, "Project", s("dzd_abc123"), nil, nil) }},
	}
	covered := map[string][2]bool{}
	for _, tc := range rows {
		t.Run(tc.id+"/"+tc.name, func(t *testing.T) {
			a := check(t, tc.props, tc.build)
			if tc.want == "" {
				expectNoFinding(t, a, tc.id)
			} else {
				expectFinding(t, a, tc.id, tc.want, tc.finding)
			}
		})
		c := covered[tc.id]
		if tc.want == "" {
			c[0] = true
		} else {
			c[1] = true
		}
		covered[tc.id] = c
	}
	for _, r := range Rules() {
		if c := covered[r.ID]; !c[0] || !c[1] {
			t.Errorf("%s: want a compliant and a non-compliant fixture, have compliant=%v non-compliant=%v", r.ID, c[0], c[1])
		}
	}
}

func dataLakeSettings(st awscdk.Stack, mutation *string) {
	awslakeformation.NewCfnDataLakeSettings(st, s("Settings"), &awslakeformation.CfnDataLakeSettingsProps{
		Admins: &[]any{&awslakeformation.CfnDataLakeSettings_DataLakePrincipalProperty{
			DataLakePrincipalIdentifier: s("arn:aws:iam::111122223333:role/Deployer"),
		}},
		MutationType: mutation,
	})
}

// piiRead is the Lake Formation grant of a consumer's read, with its meshmeta.
func piiRead(st awscdk.Stack, read *meshmeta.Read) {
	g := awslakeformation.NewCfnPrincipalPermissions(st, s("Read"), &awslakeformation.CfnPrincipalPermissionsProps{
		Principal: &awslakeformation.CfnPrincipalPermissions_DataLakePrincipalProperty{DataLakePrincipalIdentifier: s("arn:aws:iam::111122223333:role/reader")},
		Resource: &awslakeformation.CfnPrincipalPermissions_ResourceProperty{Table: &awslakeformation.CfnPrincipalPermissions_TableResourceProperty{
			CatalogId: s("111122223333"), DatabaseName: s("crm"), Name: s("customers"),
		}},
		Permissions: &[]*string{s("SELECT")}, PermissionsWithGrantOption: &[]*string{},
	})
	withMeta(g, meshmeta.Resource{Kind: meshmeta.KindDataAccess, Read: read})
}

func membership(st awscdk.Stack, m *meshmeta.Resource) {
	pm := awsdatazone.NewCfnProjectMembership(st, s("Member"), &awsdatazone.CfnProjectMembershipProps{
		Designation: s("PROJECT_CONTRIBUTOR"), DomainIdentifier: s("dzd_abc123"), ProjectIdentifier: s("p1"),
		Member: &awsdatazone.CfnProjectMembership_MemberProperty{UserIdentifier: s("bob@example.com")},
	})
	withMeta(pm, *m)
}

// customGrant is a Custom::SmusmeshPolicyGrant as constructs/datamesh makes it: the
// properties of AWS::DataZone::PolicyGrant.
func customGrant(st awscdk.Stack, allUsers bool) {
	principal := map[string]any{"Group": map[string]any{"GroupIdentifier": "data-engineers"}}
	if allUsers {
		principal = map[string]any{"User": map[string]any{"AllUsersGrantFilter": map[string]any{}}}
	}
	awscdk.NewCfnResource(st, s("CustomGrant"), &awscdk.CfnResourceProps{
		Type: s("Custom::SmusmeshPolicyGrant"),
		Properties: &map[string]any{
			"ServiceToken": "arn:aws:lambda:eu-west-1:111122223333:function:grants", "DomainIdentifier": "dzd_abc123",
			"EntityIdentifier": "unit1", "EntityType": "DOMAIN_UNIT", "PolicyType": "CREATE_PROJECT_FROM_PROJECT_PROFILE",
			"Principal": principal,
			"Detail":    map[string]any{"CreateProjectFromProjectProfile": map[string]any{"ProjectProfiles": []string{"pp1"}, "IncludeChildDomainUnits": true}},
		},
	})
}

func grant(st awscdk.Stack, allUsers bool) {
	principal := &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
		Group: &awsdatazone.CfnPolicyGrant_GroupPolicyGrantPrincipalProperty{GroupIdentifier: s("data-engineers")},
	}
	if allUsers {
		principal = &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			User: &awsdatazone.CfnPolicyGrant_UserPolicyGrantPrincipalProperty{AllUsersGrantFilter: &map[string]interface{}{}},
		}
	}
	awsdatazone.NewCfnPolicyGrant(st, s("Grant"), &awsdatazone.CfnPolicyGrantProps{
		DomainIdentifier: s("dzd_abc123"), EntityIdentifier: s("unit1"), EntityType: s("DOMAIN_UNIT"),
		PolicyType: s("CREATE_PROJECT_FROM_PROJECT_PROFILE"), Principal: principal,
		Detail: &awsdatazone.CfnPolicyGrant_PolicyGrantDetailProperty{
			CreateProjectFromProjectProfile: &awsdatazone.CfnPolicyGrant_CreateProjectFromProjectProfilePolicyGrantDetailProperty{
				ProjectProfiles: &[]*string{s("pp1")}, IncludeChildDomainUnits: jsii.Bool(true),
			},
		},
	})
}
