package datamesh_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// roleByID returns the one IAM role whose logical ID contains part.
func roleByID(t *testing.T, raw map[string]any, part string) map[string]any {
	t.Helper()
	var found []map[string]any
	for id, r := range resources(raw, "AWS::IAM::Role") {
		if strings.Contains(id, part) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d roles named like %s", len(found), part)
	}
	return props(found[0])
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestManageAccessRoleAsDocumented: the manage-access role has the three DataZone
// manage-access policies, the RedshiftSecretStatement scoped by the domain tag, and a
// trust limited to the domain's account and ARN (SMUS admin guide,
// AmazonSageMakerManageAccess role).
func TestManageAccessRoleAsDocumented(t *testing.T) {
	stack := newStack()
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	_, raw := template(t, stack)
	r := roleByID(t, raw, "ManageAccessRole")
	var domainID string
	for id := range resources(raw, "AWS::DataZone::Domain") {
		domainID = id
	}
	managed := jsonOf(r["ManagedPolicyArns"])
	for _, p := range []string{":iam::aws:policy/service-role/AmazonDataZoneGlueManageAccessRolePolicy",
		":iam::aws:policy/service-role/AmazonDataZoneRedshiftManageAccessRolePolicy",
		":iam::aws:policy/AmazonDataZoneSageMakerManageAccessRolePolicy"} {
		if !strings.Contains(managed, p) {
			t.Errorf("manage-access role lacks %s: %s", p, managed)
		}
	}
	inline := jsonOf(r["Policies"])
	for _, want := range []string{`"Sid":"RedshiftSecretStatement"`, `"Action":"secretsmanager:GetSecretValue"`,
		`"secretsmanager:ResourceTag/AmazonDataZoneDomain":{"Fn::GetAtt":["` + domainID + `","Id"]}`} {
		if !strings.Contains(inline, want) {
			t.Errorf("inline policy lacks %s: %s", want, inline)
		}
	}
	stmts := r["AssumeRolePolicyDocument"].(map[string]any)["Statement"].([]any)
	if len(stmts) != 1 {
		t.Fatalf("trust statements: %s", jsonOf(stmts))
	}
	cond := jsonOf(stmts[0].(map[string]any)["Condition"])
	for _, want := range []string{`"StringEquals":{"aws:SourceAccount":"111111111111"}`, `"ArnEquals":{"aws:SourceArn":{"Fn::GetAtt":["` + domainID + `","Arn"]}}`} {
		if !strings.Contains(cond, want) {
			t.Errorf("trust condition lacks %s: %s", want, cond)
		}
	}
}

// TestExecutionRoleTrustLimitsSessionTags: every statement of the execution role's trust
// carries aws:SourceAccount and ForAllValues:StringLike aws:TagKeys datazone*.
func TestExecutionRoleTrustLimitsSessionTags(t *testing.T) {
	stack := newStack()
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	_, raw := template(t, stack)
	r := roleByID(t, raw, "DomainExecutionRole")
	var actions []string
	for _, s := range r["AssumeRolePolicyDocument"].(map[string]any)["Statement"].([]any) {
		st := s.(map[string]any)
		actions = append(actions, toStrings(st["Action"])...)
		c := jsonOf(st["Condition"])
		if !strings.Contains(c, `"ForAllValues:StringLike":{"aws:TagKeys":"datazone*"}`) || !strings.Contains(c, `"aws:SourceAccount":"111111111111"`) {
			t.Errorf("trust statement %v: condition %s", st["Action"], c)
		}
	}
	slices.Sort(actions)
	if want := []string{"sts:AssumeRole", "sts:SetContext", "sts:TagSession"}; !slices.Equal(actions, want) {
		t.Errorf("trust actions %v, want %v", actions, want)
	}
}

// TestBlueprintRolesForAssociatedAccount: roles in another account trust DataZone acting
// from the domain's account, for the domain's ARN in the domain's region.
func TestBlueprintRolesForAssociatedAccount(t *testing.T) {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Assoc"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("222222222222"), Region: jsii.String("eu-central-1")},
	})
	datamesh.NewBlueprintRoles(stack, &datamesh.BlueprintRolesProps{
		DomainName: "corporate", DomainID: "dzd_abc123", DomainAccount: testAccount, DomainRegion: testRegion,
	})
	_, raw := template(t, stack)
	access := roleByID(t, raw, "ManageAccessRole")
	cond := jsonOf(access["AssumeRolePolicyDocument"])
	for _, want := range []string{`"aws:SourceAccount":"111111111111"`, `":datazone:eu-west-1:111111111111:domain/dzd_abc123"`} {
		if !strings.Contains(cond, want) {
			t.Errorf("manage-access trust lacks %s: %s", want, cond)
		}
	}
	if !strings.Contains(jsonOf(access["Policies"]), `"secretsmanager:ResourceTag/AmazonDataZoneDomain":"dzd_abc123"`) {
		t.Errorf("secret statement not scoped to the domain: %s", jsonOf(access["Policies"]))
	}
	prov := jsonOf(roleByID(t, raw, "ProvisioningRole")["AssumeRolePolicyDocument"])
	if !strings.Contains(prov, `"aws:SourceAccount":"111111111111"`) || strings.Contains(prov, "SourceArn") {
		t.Errorf("provisioning trust: %s", prov)
	}
}

// TestPresetToolingParameters: GenAI and All-capabilities Tooling get the Bedrock
// permissions AWS's own profiles set; a user's explicit value wins; other presets add none.
func TestPresetToolingParameters(t *testing.T) {
	cases := []struct {
		preset datamesh.ProfilePreset
		user   []*datamesh.ParameterOverride
		want   map[string]string // name -> value|locked
	}{
		{datamesh.PresetGenAI, nil, map[string]string{"enableAmazonBedrockPermissions": "true|true", "enableSpaces": "false|true"}},
		{datamesh.PresetAllCapabilities, nil, map[string]string{"enableAmazonBedrockPermissions": "true|true"}},
		{datamesh.PresetAllCapabilities, []*datamesh.ParameterOverride{{Name: "enableAmazonBedrockPermissions", Value: "false"}},
			map[string]string{"enableAmazonBedrockPermissions": "false|false"}},
		{datamesh.PresetSQLAnalytics, nil, map[string]string{}},
	}
	for _, c := range cases {
		t.Run(string(c.preset), func(t *testing.T) {
			stack := newStack()
			p := ssoDomainProps()
			for _, b := range datamesh.PresetBlueprints(datamesh.PresetGenAI) {
				p.Blueprints = append(p.Blueprints, &datamesh.BlueprintOptions{Blueprint: b})
			}
			d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), p)
			pp := &datamesh.ProjectProfileProps{Domain: d, Name: "P", Preset: c.preset}
			if c.user != nil {
				pp.Environments = []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintTooling, Parameters: c.user}}
			}
			datamesh.NewProjectProfile(d, jsii.String("P"), pp)
			_, raw := template(t, stack)
			got := map[string]string{}
			for _, r := range resources(raw, "AWS::DataZone::ProjectProfile") {
				for _, e := range props(r)["EnvironmentConfigurations"].([]any) {
					tooling := e.(map[string]any)
					cp, _ := tooling["ConfigurationParameters"].(map[string]any)
					if tooling["Name"] != "Tooling" || cp == nil {
						continue
					}
					for _, o := range cp["ParameterOverrides"].([]any) {
						m := o.(map[string]any)
						got[m["Name"].(string)] = m["Value"].(string) + "|" + map[bool]string{true: "false", false: "true"}[m["IsEditable"] == true]
					}
				}
			}
			if jsonOf(got) != jsonOf(c.want) {
				t.Errorf("Tooling overrides %v, want %v", got, c.want)
			}
		})
	}
}

// TestDataLakeAdmins: the opt-in appends the CDK execution role (with the bootstrap
// qualifier of the context) as data lake admin, and every Lake Formation resource of the stack and of
// its nested stacks waits for it.
func TestDataLakeAdmins(t *testing.T) {
	app := awscdk.NewApp(&awscdk.AppProps{Context: &map[string]any{"@aws-cdk/core:bootstrapQualifier": "mesh1"}})
	stack := awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
	})
	p := ssoDomainProps()
	p.DataLakeAdmins = &datamesh.DataLakeAdminsProps{}
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), p)
	tag := awslakeformation.NewCfnTag(stack, jsii.String("Tag"), &awslakeformation.CfnTagProps{TagKey: jsii.String("k"), TagValues: jsii.Strings("v")})
	nested := awscdk.NewNestedStack(stack, jsii.String("Project"), nil)
	awslakeformation.NewCfnDataCellsFilter(nested, jsii.String("Filter"), &awslakeformation.CfnDataCellsFilterProps{
		TableCatalogId: jsii.String(testAccount), DatabaseName: jsii.String("db"), TableName: jsii.String("t"), Name: jsii.String("f"),
		ColumnWildcard: map[string]any{},
	})
	_ = tag
	_, raw := template(t, stack)
	settings := resources(raw, "AWS::LakeFormation::DataLakeSettings")
	if len(settings) != 1 {
		t.Fatalf("%d DataLakeSettings", len(settings))
	}
	var settingsID string
	for id, s := range settings {
		settingsID = id
		ps := props(s)
		if ps["MutationType"] != "APPEND" {
			t.Errorf("MutationType %v, want APPEND", ps["MutationType"])
		}
		if a := jsonOf(ps["Admins"]); !strings.Contains(a, "role/cdk-mesh1-cfn-exec-role-${AWS::AccountId}-${AWS::Region}") {
			t.Errorf("admins %s, want the CDK execution role with qualifier mesh1", a)
		}
	}
	for _, typ := range []string{"AWS::LakeFormation::Tag", "AWS::CloudFormation::Stack"} {
		for id, r := range resources(raw, typ) {
			if !slices.Contains(toStrings(r["DependsOn"]), settingsID) {
				t.Errorf("%s %s does not depend on %s: %v", typ, id, settingsID, r["DependsOn"])
			}
		}
	}
}

func TestDataLakeAdminsValidation(t *testing.T) {
	err := (&datamesh.DataLakeAdminsProps{Admins: []*string{jsii.String("admin"), jsii.String("")}}).Validate()
	if !errors.Is(err, datamesh.ErrInvalidProps) || !errors.Is(err, datamesh.ErrMissing) {
		t.Errorf("got %v, want ErrInvalidProps and ErrMissing", err)
	}
	ok := &datamesh.DataLakeAdminsProps{Admins: []*string{jsii.String("arn:aws:iam::111111111111:role/Admin")}}
	if err := ok.Validate(); err != nil {
		t.Errorf("valid admins rejected: %v", err)
	}
}

func TestRootDomainReportsDataLakeAdmins(t *testing.T) {
	p := ssoDomainProps()
	p.DataLakeAdmins = &datamesh.DataLakeAdminsProps{Admins: []*string{jsii.String("deployer")}}
	err := p.Validate()
	var pr *problem.Problem
	if !errors.As(err, &pr) || pr.Field != "DataLakeAdmins.Admins[0]" || !errors.Is(err, datamesh.ErrInvalidProps) {
		t.Errorf("got %v", err)
	}
}

// TestGovernanceAddOwnerJoinsStandardsProject: an owner added later owns the standards
// project too; a glossary author keeps its one membership.
func TestGovernanceAddOwnerJoinsStandardsProject(t *testing.T) {
	stack := newStack()
	gov := datamesh.NewGovernanceDomain(stack, jsii.String("Gov"), &datamesh.GovernanceDomainProps{
		DomainName:      "governance",
		Identity:        &datamesh.Identity{IdentityCenterInstanceARN: testIdc},
		GlossaryAuthors: []datamesh.Principal{datamesh.SSOGroup("stewards")},
	})
	gov.AddOwner(datamesh.SSOGroup("governance"))
	gov.AddOwner(datamesh.SSOGroup("stewards"))
	_, raw := template(t, stack)
	got := map[string]string{}
	for _, m := range resources(raw, "AWS::DataZone::ProjectMembership") {
		p := props(m)
		// The group reaches DataZone as the lookup's GroupId: name it by the lookup.
		id := jsonOf(p["Member"].(map[string]any)["GroupIdentifier"])
		for _, g := range []string{"governance", "stewards"} {
			if strings.Contains(id, "Group"+g) {
				got[g] = p["Designation"].(string)
			}
		}
	}
	if want := map[string]string{"governance": "PROJECT_OWNER", "stewards": "PROJECT_CONTRIBUTOR"}; jsonOf(got) != jsonOf(want) {
		t.Errorf("memberships %v, want %v", got, want)
	}
}
