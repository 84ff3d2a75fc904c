package datamesh_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// blueprintConfigs returns the blueprint configurations by EnvironmentBlueprintIdentifier.
func blueprintConfigs(raw map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, c := range resources(raw, "AWS::DataZone::EnvironmentBlueprintConfiguration") {
		out[props(c)["EnvironmentBlueprintIdentifier"].(string)] = props(c)
	}
	return out
}

func regionalOf(t *testing.T, cfg map[string]any) map[string]any {
	t.Helper()
	rp := cfg["RegionalParameters"].([]any)
	if len(rp) != 1 {
		t.Fatalf("RegionalParameters = %v, want one region", rp)
	}
	return rp[0].(map[string]any)["Parameters"].(map[string]any)
}

// TestOpenBlueprints: any managed blueprint by its service name, each configured with
// only the parameters and roles it takes.
func TestOpenBlueprints(t *testing.T) {
	st := newStack()
	p := ssoDomainProps()
	p.Blueprints = append(p.Blueprints,
		&datamesh.BlueprintOptions{Blueprint: datamesh.BlueprintS3Bucket},
		&datamesh.BlueprintOptions{Blueprint: "EmrOnEks", Parameters: map[string]string{"eksClusterArn": "arn:aws:eks:eu-west-1:111111111111:cluster/x"},
			RegionalParameters: map[string]map[string]string{testRegion: {"namespace": "smus"}}},
		&datamesh.BlueprintOptions{Blueprint: datamesh.BlueprintToolingLite},
		&datamesh.BlueprintOptions{Blueprint: datamesh.BlueprintDataLake + "X", ProjectRoleProvisions: true},
	)
	p.Blueprints = p.Blueprints[1:] // no duplicate of LakehouseCatalog below
	p.Blueprints = append(p.Blueprints, &datamesh.BlueprintOptions{Blueprint: datamesh.BlueprintLakehouseCatalog})
	dom := datamesh.NewBusinessDomain(st, jsii.String("Corp"), p)
	_, raw := template(t, st)
	cfgs := blueprintConfigs(raw)

	if got := regionalOf(t, cfgs["LakehouseCatalog"]); len(got) != 0 {
		t.Errorf("LakehouseCatalog parameters = %v, want none (USAS enable_all_blueprints.yaml)", got)
	}
	if got := regionalOf(t, cfgs["DataLake"]); got["S3Location"] == nil || got["VpcId"] == nil || got["Subnets"] == nil {
		t.Errorf("DataLake parameters = %v, want S3Location, VpcId, Subnets", got)
	}
	if got := regionalOf(t, cfgs["ToolingLite"]); got["S3Location"] != nil || got["VpcId"] == nil || got["Subnets"] == nil {
		t.Errorf("ToolingLite parameters = %v, want VpcId and Subnets only", got)
	}
	s3 := cfgs["S3Bucket"]
	if len(regionalOf(t, s3)) != 0 || s3["ProvisioningRoleArn"] != nil || s3["ManageAccessRoleArn"] != nil {
		t.Errorf("S3Bucket = %v, want no parameters and no roles (the project role provisions)", s3)
	}
	if x := cfgs["DataLakeX"]; x["ProvisioningRoleArn"] != nil {
		t.Errorf("ProjectRoleProvisions: ProvisioningRoleArn = %v", x["ProvisioningRoleArn"])
	}
	eks := regionalOf(t, cfgs["EmrOnEks"])
	if len(eks) != 2 || eks["eksClusterArn"] == nil || eks["namespace"] != "smus" {
		t.Errorf("EmrOnEks (unknown to the library) parameters = %v, want exactly its own two", eks)
	}
	if cfgs["EmrOnEks"]["ProvisioningRoleArn"] == nil {
		t.Error("EmrOnEks: a managed blueprint gets the domain's provisioning role by default")
	}
	if dom.BlueprintID("EmrOnEks") == nil {
		t.Error("BlueprintId(EmrOnEks) = nil")
	}
	// An SSO domain may also enable ToolingLite: Tooling stays its home.
	if cfgs["Tooling"] == nil {
		t.Error("Tooling is not enabled")
	}
}

// TestToolingParameters: the documented Tooling parameters are typed; others pass
// through, never dropped.
func TestToolingParameters(t *testing.T) {
	st := newStack()
	p := ssoDomainProps()
	q := awsiam.Role_FromRoleArn(st, jsii.String("Query"), jsii.String("arn:aws:iam::111111111111:role/service-role/query"), nil)
	p.Tooling.QueryExecutionRole = q
	p.Tooling.ProjectRolePolicyARNs = []string{"arn:aws:iam::aws:policy/A", "arn:aws:iam::111111111111:policy/B"}
	p.Tooling.Parameters = map[string]string{"someNewRegionalParameter": "x"}
	p.Tooling.GlobalParameters = map[string]string{"someNewGlobalParameter": "y"}
	dom := datamesh.NewBusinessDomain(st, jsii.String("Corp"), p)
	datamesh.NewProjectProfile(dom, jsii.String("Lab"), &datamesh.ProjectProfileProps{Domain: dom, Name: "Lab",
		Environments: []*datamesh.EnvironmentConfiguration{{
			Blueprint: datamesh.BlueprintTooling,
			Tooling: &datamesh.ToolingParameters{Spaces: datamesh.ToggleOn, MaxEBSVolumeSizeGB: 100, IdleTimeout: 2 * time.Hour,
				BedrockPermissions: datamesh.ToggleOff, GitConnectionARN: "arn:aws:codeconnections:eu-west-1:111111111111:connection/abc", Locked: true},
			Parameters: []*datamesh.ParameterOverride{{Name: "lifecycleManagement", Value: "ENABLED"}},
		}}})
	tpl, raw := template(t, st)
	tooling := blueprintConfigs(raw)["Tooling"]
	g := tooling["GlobalParameters"].(map[string]any)
	if g["sagemakerQueryExecutionRoleArn"] != "arn:aws:iam::111111111111:role/service-role/query" ||
		g["projectRolePolicyArns"] != "arn:aws:iam::aws:policy/A,arn:aws:iam::111111111111:policy/B" || g["someNewGlobalParameter"] != "y" {
		t.Errorf("Tooling GlobalParameters = %v", g)
	}
	if r := regionalOf(t, tooling); r["someNewRegionalParameter"] != "x" || r["S3Location"] == nil {
		t.Errorf("Tooling regional parameters = %v", r)
	}
	lock := func(name, value string) any {
		return assertions.Match_ObjectEquals(&map[string]any{"Name": name, "Value": value, "IsEditable": false})
	}
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectProfile"), map[string]any{
		"Name": "Lab",
		"EnvironmentConfigurations": []any{assertions.Match_ObjectLike(&map[string]any{
			"Name": "Tooling",
			"ConfigurationParameters": map[string]any{"ParameterOverrides": []any{
				assertions.Match_ObjectEquals(&map[string]any{"Name": "lifecycleManagement", "Value": "ENABLED", "IsEditable": true}),
				lock("enableSpaces", "true"), lock("maxEbsVolumeSize", "100"), lock("idleTimeoutInMinutes", "120"),
				lock("enableAmazonBedrockPermissions", "false"),
				lock("gitConnectionArn", "arn:aws:codeconnections:eu-west-1:111111111111:connection/abc"),
			}},
		})},
	})
}

// TestCustomBlueprint: a custom blueprint is one custom resource (CloudFormation cannot
// create one, nor configure it), granted to projects like the managed ones, and its
// provider may act on the domain only.
func TestCustomBlueprint(t *testing.T) {
	st := newStack()
	p := ssoDomainProps()
	p.CustomBlueprints = []*datamesh.CustomBlueprintOptions{{
		Name: "Team bucket", Description: "An S3 bucket per project",
		TemplateURL: "https://amazon-sagemaker-111111111111-eu-west-1-corp.s3.eu-west-1.amazonaws.com/blueprints/bucket.yaml",
		UserParameters: []*datamesh.CustomBlueprintParameter{
			{Name: "bucketPrefix", Description: "Prefix", Default: "team", Required: true},
			{Name: "retentionDays", Type: "Number", Locked: true},
		},
		Parameters: map[string]string{"costCenter": "42"},
	}}
	dom := datamesh.NewBusinessDomain(st, jsii.String("Corp"), p)
	datamesh.NewProjectProfile(dom, jsii.String("Teams"), &datamesh.ProjectProfileProps{Domain: dom, Name: "Teams",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: "Team bucket"}}})
	tpl, raw := template(t, st)
	crs := resources(raw, "Custom::SmusmeshCustomBlueprint")
	if len(crs) != 1 {
		t.Fatalf("custom blueprints = %d, want 1", len(crs))
	}
	var id string
	var cr map[string]any
	for k, v := range crs {
		id, cr = k, props(v)
	}
	if !strings.HasPrefix(id, "CorpBlueprintsCustomTeambucket") {
		t.Errorf("logical ID %s, want it derived from the blueprint's name", id)
	}
	want := map[string]any{
		"Name": "Team bucket", "Create": true, "Description": "An S3 bucket per project",
		"TemplateUrl":        "https://amazon-sagemaker-111111111111-eu-west-1-corp.s3.eu-west-1.amazonaws.com/blueprints/bucket.yaml",
		"EnabledRegions":     []any{testRegion},
		"RegionalParameters": []any{map[string]any{"Parameters": map[string]any{"costCenter": "42"}, "Region": testRegion}},
		"UserParameters": []any{
			map[string]any{"KeyName": "bucketPrefix", "Description": "Prefix", "FieldType": "String", "DefaultValue": "team", "IsEditable": true, "IsOptional": false, "IsUpdateSupported": false},
			map[string]any{"KeyName": "retentionDays", "Description": "", "FieldType": "Number", "DefaultValue": "", "IsEditable": false, "IsOptional": true, "IsUpdateSupported": false},
		},
	}
	for k, v := range want {
		a, _ := json.Marshal(cr[k])
		b, _ := json.Marshal(v)
		if string(a) != string(b) {
			t.Errorf("%s = %s, want %s", k, a, b)
		}
	}
	if cr["ProvisioningRoleArn"] == nil || cr["ManageAccessRoleArn"] == nil {
		t.Error("the custom blueprint names no roles")
	}
	// Projects may use it: the grant names <account>:<the custom resource's BlueprintId>.
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::PolicyGrant"), map[string]any{
		"EntityType": "ENVIRONMENT_BLUEPRINT_CONFIGURATION",
		"EntityIdentifier": map[string]any{"Fn::Join": []any{":", []any{testAccount,
			map[string]any{"Fn::GetAtt": []any{id, "BlueprintId"}}}}},
	})
	// The profile's environment names the blueprint ID.
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectProfile"), map[string]any{
		"EnvironmentConfigurations": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Name": "Team bucket", "EnvironmentBlueprintId": map[string]any{"Fn::GetAtt": []any{id, "BlueprintId"}},
		})}),
	})
	// Least privilege: the blueprint APIs on this domain, the two roles passed, the
	// template read.
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Role"), map[string]any{
		"Policies": []any{assertions.Match_ObjectLike(&map[string]any{"PolicyName": "CustomBlueprints", "PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
			assertions.Match_ObjectLike(&map[string]any{"Action": assertions.Match_ArrayWith(&[]any{"datazone:CreateEnvironmentBlueprint", "datazone:PutEnvironmentBlueprintConfiguration"}),
				"Resource": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^Corp")), "Arn"}}}),
		})}})},
	})
	tpl.HasResourceProperties(jsii.String("AWS::IAM::Policy"), map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{
			assertions.Match_ObjectLike(&map[string]any{"Action": "iam:PassRole"}),
			assertions.Match_ObjectLike(&map[string]any{"Action": "s3:GetObject",
				"Resource": map[string]any{"Fn::Join": []any{"", []any{"arn:", map[string]any{"Ref": "AWS::Partition"}, ":s3:::amazon-sagemaker-111111111111-eu-west-1-corp/blueprints/bucket.yaml"}}}}),
		})},
	})
}

// TestProjectShapes: bring-your-own role, the domain management project, a profile with
// no environments, ToolingLite in an SSO domain.
func TestProjectShapes(t *testing.T) {
	st := newStack()
	p := ssoDomainProps()
	p.Blueprints = append(p.Blueprints, &datamesh.BlueprintOptions{Blueprint: datamesh.BlueprintToolingLite})
	dom := datamesh.NewBusinessDomain(st, jsii.String("Corp"), p)
	byor := datamesh.NewProjectProfile(dom, jsii.String("Byor"), &datamesh.ProjectProfileProps{Domain: dom, Name: "Default Project Profile",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintToolingLite}}})
	governance := datamesh.NewProjectProfile(dom, jsii.String("Governance"), &datamesh.ProjectProfileProps{Domain: dom,
		Name: "Generative AI model governance", NoEnvironments: true})
	role := awsiam.Role_FromRoleArn(st, jsii.String("TeamRole"), jsii.String("arn:aws:iam::111111111111:role/team"), nil)
	datamesh.NewProject(st, jsii.String("Team"), &datamesh.ProjectProps{DomainUnit: dom, Name: "team", Profile: byor, ExecutionRole: role})
	datamesh.NewProject(st, jsii.String("ModelGovernance"), &datamesh.ProjectProps{DomainUnit: dom, Name: "GenerativeAIModelGovernanceProject", Profile: governance})
	datamesh.NewProject(st, jsii.String("Admin"), &datamesh.ProjectProps{DomainUnit: dom, Name: "admin-project-111111111111", Category: datamesh.ProjectCategoryAdmin})
	tpl, raw := template(t, st)

	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectProfile"), map[string]any{
		"Name": "Default Project Profile",
		"EnvironmentConfigurations": []any{assertions.Match_ObjectLike(&map[string]any{
			"Name": "ToolingLite", "DeploymentMode": "ON_CREATE", "DeploymentOrder": 0})},
	})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectProfile"), map[string]any{
		"Name": "Generative AI model governance", "EnvironmentConfigurations": assertions.Match_Absent(),
	})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::Project"), map[string]any{
		"Name": "team", "ProjectExecutionRole": "arn:aws:iam::111111111111:role/team", "ProjectCategory": assertions.Match_Absent(),
	})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::Project"), map[string]any{
		"Name": "admin-project-111111111111", "ProjectCategory": "ADMIN", "ProjectProfileId": assertions.Match_Absent(),
	})
	// The admin project waits for Tooling.
	for id, r := range resources(raw, "AWS::DataZone::Project") {
		if props(r)["Name"] != "admin-project-111111111111" {
			continue
		}
		deps, _ := json.Marshal(r["DependsOn"])
		if !strings.Contains(string(deps), "CorpBlueprintsTooling") {
			t.Errorf("%s DependsOn = %s, want the Tooling configuration", id, deps)
		}
	}
}

// TestCustomBlueprintHandler runs the custom blueprint provider's Python tests.
func TestCustomBlueprintHandler(t *testing.T) {
	runHandlerTests(t, "blueprint_test.py", "blueprint.py", 8)
}

// TestCustomToolingBlueprintIsTheHome: a custom blueprint of category TOOLING is the
// project's first environment (ON_CREATE, order 0) instead of the managed Tooling.
func TestCustomToolingBlueprintIsTheHome(t *testing.T) {
	st := newStack()
	p := ssoDomainProps()
	p.CustomBlueprints = []*datamesh.CustomBlueprintOptions{{Name: "Corp tooling", Category: "TOOLING",
		TemplateURL: "https://amazon-sagemaker-111111111111-eu-west-1-corp.s3.eu-west-1.amazonaws.com/blueprints/tooling.yaml"}}
	dom := datamesh.NewBusinessDomain(st, jsii.String("Corp"), p)
	datamesh.NewProjectProfile(dom, jsii.String("Own"), &datamesh.ProjectProfileProps{Domain: dom, Name: "Own tooling",
		Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: "Corp tooling"}, {Blueprint: datamesh.BlueprintDataLake, DeploymentMode: datamesh.DeploymentOnCreate}}})
	tpl, _ := template(t, st)
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectProfile"), map[string]any{
		"Name": "Own tooling",
		"EnvironmentConfigurations": []any{
			assertions.Match_ObjectLike(&map[string]any{"Name": "Corp tooling", "DeploymentMode": "ON_CREATE", "DeploymentOrder": 0}),
			assertions.Match_ObjectLike(&map[string]any{"Name": "DataLake", "DeploymentMode": "ON_CREATE", "DeploymentOrder": 1}),
		},
	})
}
