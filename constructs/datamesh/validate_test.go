package datamesh_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// TestInvalidProps checks that each kind of bad input is reported at synth with the
// field, the value and a fix, wrapping the right sentinel.
func TestInvalidProps(t *testing.T) {
	stack := newStack()
	sso := datamesh.NewBusinessDomain(stack, jsii.String("Sso"), ssoDomainProps())
	iam := datamesh.NewBusinessDomain(stack, jsii.String("Iam"), &datamesh.BusinessDomainProps{
		DomainName: "iam-domain", Identity: &datamesh.Identity{Mode: datamesh.IdentityModeIAM},
	})
	ssoProfile := datamesh.NewProjectProfile(sso, jsii.String("P"), &datamesh.ProjectProfileProps{Domain: sso, Name: "Basic"})
	iamProfile := datamesh.NewProjectProfile(iam, jsii.String("P"), &datamesh.ProjectProfileProps{Domain: iam, Name: "Basic"})
	unit := datamesh.NewDomainUnit(sso, jsii.String("U"), &datamesh.DomainUnitProps{Parent: sso, Name: "Sales"})

	type validator interface{ Validate() error }
	withDomain := func(f func(p *datamesh.BusinessDomainProps)) validator {
		p := ssoDomainProps()
		f(p)
		return p
	}
	cases := []struct {
		name     string
		props    validator
		sentinel error
		field    string // must appear in the message
		value    string // must appear in the message
	}{
		{"domain name missing", withDomain(func(p *datamesh.BusinessDomainProps) { p.DomainName = "" }), datamesh.ErrMissing, "DomainName", `""`},
		{"domain name too long", withDomain(func(p *datamesh.BusinessDomainProps) { p.DomainName = strings.Repeat("d", 65) }), datamesh.ErrInvalidName, "DomainName", "ddd"},
		{"unit name pattern", &datamesh.DomainUnitProps{Parent: sso, Name: "Sales!"}, datamesh.ErrInvalidName, "Name", "Sales!"},
		{"domain tag key reserved", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.Tags = map[string]*string{"aws:owner": jsii.String("x")}
		}), datamesh.ErrInvalidProps, "Tags[aws:owner]", "aws:owner"},
		{"domain tag value too long", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.Tags = map[string]*string{"team": jsii.String(strings.Repeat("v", 257))}
		}), datamesh.ErrInvalidProps, "Tags[team]", "vvv"},
		{"governance tag without value", &datamesh.GovernanceDomainProps{DomainName: "gov", Identity: &datamesh.Identity{Mode: datamesh.IdentityModeIAM},
			Tags: map[string]*string{"team": nil}}, datamesh.ErrMissing, "Tags[team]", `""`},
		{"glossary term by name", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P", GlossaryTerms: []string{"Customer lifetime value"}},
			datamesh.ErrInvalidProps, "GlossaryTerms[0]", "Customer lifetime value"},
		{"tooling bucket without domain", &datamesh.ToolingBucketProps{EncryptionKey: sso.EncryptionKey()}, datamesh.ErrMissing, "DomainID", `""`},
		{"tooling bucket without key", &datamesh.ToolingBucketProps{DomainID: "dzd_abc123"}, datamesh.ErrMissing, "EncryptionKey", `""`},
		{"blueprint roles without domain ID", &datamesh.BlueprintRolesProps{DomainName: "corporate"}, datamesh.ErrMissing, "DomainID", `""`},
		{"blueprint roles without domain name", &datamesh.BlueprintRolesProps{DomainID: "dzd_abc123"}, datamesh.ErrMissing, "DomainName", `""`},
		{"unit name too long", &datamesh.DomainUnitProps{Parent: sso, Name: strings.Repeat("u", 129)}, datamesh.ErrInvalidName, "Name", "uuu"},
		{"project name pattern", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "orders!"}, datamesh.ErrInvalidName, "Name", "orders!"},
		{"project name too long", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: strings.Repeat("p", 65)}, datamesh.ErrInvalidName, "Name", "ppp"},
		{"unit key with a slash", &datamesh.DomainUnitProps{Parent: sso, Name: "Sales", Key: "sales/emea"}, datamesh.ErrInvalidProps, "Key", "sales/emea"},
		{"project key with outer space", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P", Key: " p"}, datamesh.ErrInvalidProps, "Key", " p"},
		{"profile name pattern", &datamesh.ProjectProfileProps{Domain: sso, Name: "SQL/analytics"}, datamesh.ErrInvalidName, "Name", "SQL/analytics"},
		{"environment name pattern", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintDataLake, Name: "data*lake"}}}, datamesh.ErrInvalidName, "Environments[0].Name", "data*lake"},
		{"unknown blueprint in domain", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.Blueprints = append(p.Blueprints, &datamesh.BlueprintOptions{Blueprint: "Spark/9000"})
		}), datamesh.ErrUnknownBlueprint, "Blueprints[4].Blueprint", "Spark/9000"},
		{"blueprint not enabled (a name the library does not know)", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: "Spark9000"}}}, datamesh.ErrUnknownBlueprint, "Environments[0].Blueprint", "Spark9000"},
		{"blueprint not enabled", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintEMROnEC2}}}, datamesh.ErrUnknownBlueprint, "Environments[0].Blueprint", "EmrOnEc2"},
		{"preset needs blueprints", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Preset: datamesh.PresetGenAI}, datamesh.ErrUnknownBlueprint, "Preset", "GenAI"},
		{"duplicate environment names", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintDataLake, Name: "Data"}, {Blueprint: datamesh.BlueprintLakehouseCatalog, Name: "Data"}}},
			datamesh.ErrDuplicate, "Environments[1].Name", "Data"},
		{"duplicate with implicit Tooling", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintDataLake, Name: "Tooling"}}}, datamesh.ErrDuplicate, "Environments[0].Name", "Tooling"},
		{"member both owner and contributor", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P", Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane"), Designation: datamesh.DesignationOwner}, {Principal: datamesh.SSOUser("jane"), Designation: datamesh.DesignationContributor}}},
			datamesh.ErrMemberConflict, "Members[1]", "SSO_USER:jane"},
		{"temporary without a date", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P", Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("sam"), Temporary: &datamesh.Temporary{Until: "next week"}}}}, datamesh.ErrInvalidProps, "Members[0].Temporary.Until", "next week"},
		{"SSO option on IAM domain: Tooling in profile", &datamesh.ProjectProfileProps{Domain: iam, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintTooling}}}, datamesh.ErrIdentityMismatch, "Environments[0].Blueprint", "Tooling"},
		{"ToolingLite profile without a project role", &datamesh.ProjectProps{DomainUnit: iam, Profile: iamProfile, Name: "P"}, datamesh.ErrMissing, "ExecutionRole", `""`},
		{"Master Data project of a ToolingLite profile", &datamesh.MasterDataProjectProps{DomainUnit: iam, Profile: iamProfile, Source: "CRM"}, datamesh.ErrInvalidProps, "Profile", "Basic"},
		{"profile without environments and a preset", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", NoEnvironments: true, Preset: datamesh.PresetSQLAnalytics},
			datamesh.ErrInvalidProps, "NoEnvironments", "true"},
		{"admin project with a profile", &datamesh.ProjectProps{DomainUnit: sso, Profile: ssoProfile, Name: "admin", Category: datamesh.ProjectCategoryAdmin},
			datamesh.ErrInvalidProps, "Profile", "Basic"},
		{"admin project in a unit", &datamesh.ProjectProps{DomainUnit: unit, Name: "admin", Category: datamesh.ProjectCategoryAdmin},
			datamesh.ErrInvalidProps, "DomainUnit", "Sales"},
		{"project category unknown", &datamesh.ProjectProps{DomainUnit: sso, Profile: ssoProfile, Name: "P", Category: "SPECIAL"},
			datamesh.ErrInvalidProps, "Category", "SPECIAL"},
		{"parameter with a value and NoValue", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintTooling, Parameters: []*datamesh.ParameterOverride{{Name: "maxEbsVolumeSize", Value: "100", NoValue: true}}}}},
			datamesh.ErrInvalidProps, "Environments[0].Parameters[0].NoValue", "100"},
		{"user parameters: empty entry", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P",
			UserParameters: []*datamesh.EnvironmentUserParameters{nil}}, datamesh.ErrMissing, "UserParameters[0]", `""`},
		{"user parameters: no environment", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P",
			UserParameters: []*datamesh.EnvironmentUserParameters{{Parameters: map[string]string{"a": "b"}}}}, datamesh.ErrMissing, "UserParameters[0].EnvironmentConfigurationName", `""`},
		{"user parameters: one environment twice", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P",
			UserParameters: []*datamesh.EnvironmentUserParameters{{EnvironmentConfigurationName: "Tooling"}, {EnvironmentConfigurationName: "Tooling"}}},
			datamesh.ErrDuplicate, "UserParameters[1].EnvironmentConfigurationName", "Tooling"},
		{"user parameters: bad parameter name", &datamesh.ProjectProps{DomainUnit: unit, Profile: ssoProfile, Name: "P",
			UserParameters: []*datamesh.EnvironmentUserParameters{{EnvironmentConfigurationName: "Tooling", Parameters: map[string]string{"glue-db": "x"}}}},
			datamesh.ErrInvalidProps, "UserParameters[0].Parameters", "glue-db"},
		{"typed Tooling parameter also in Parameters", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintTooling, Tooling: &datamesh.ToolingParameters{Spaces: datamesh.ToggleOff},
				Parameters: []*datamesh.ParameterOverride{{Name: "enableSpaces", Value: "true"}}}}}, datamesh.ErrDuplicate, "Environments[0].Tooling", "enableSpaces"},
		{"Tooling parameters on another blueprint", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintDataLake, Tooling: &datamesh.ToolingParameters{Spaces: datamesh.ToggleOff}}}}, datamesh.ErrInvalidProps, "Environments[0].Tooling", "DataLake"},
		{"idle timeout not in minutes", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintTooling, Tooling: &datamesh.ToolingParameters{IdleTimeout: 90 * time.Second}}}}, datamesh.ErrInvalidProps, "Environments[0].Tooling.IdleTimeout", "1m30s"},
		{"query role also as a global parameter", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.Tooling.GlobalParameters = map[string]string{"sagemakerQueryExecutionRoleArn": "arn:aws:iam::123456789012:role/q"}
		}), datamesh.ErrDuplicate, "Tooling.GlobalParameters", "sagemakerQueryExecutionRoleArn"},
		{"custom blueprint without https template", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.CustomBlueprints = []*datamesh.CustomBlueprintOptions{{Name: "Team bucket", TemplateURL: "s3://b/k.yaml"}}
		}), datamesh.ErrInvalidProps, "CustomBlueprints[0].TemplateURL", "s3://b/k.yaml"},
		{"custom blueprint named like a managed one", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.CustomBlueprints = []*datamesh.CustomBlueprintOptions{{Name: "DataLake", TemplateURL: "https://b.s3.eu-west-1.amazonaws.com/k.yaml"}}
		}), datamesh.ErrDuplicate, "CustomBlueprints[0].Name", "DataLake"},
		{"parameters of a region the blueprint is not enabled in", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.Blueprints = append(p.Blueprints, &datamesh.BlueprintOptions{Blueprint: "EmrOnEks", Regions: []string{"eu-west-1"},
				RegionalParameters: map[string]map[string]string{"us-east-1": {"x": "y"}}})
		}), datamesh.ErrInvalidProps, "Blueprints[4].RegionalParameters", "us-east-1"},
		{"custom blueprints named alike", withDomain(func(p *datamesh.BusinessDomainProps) {
			p.CustomBlueprints = []*datamesh.CustomBlueprintOptions{{Name: "Team bucket", TemplateURL: "https://b.s3.eu-west-1.amazonaws.com/k.yaml"},
				{Name: "Team-bucket", TemplateURL: "https://b.s3.eu-west-1.amazonaws.com/k.yaml"}}
		}), datamesh.ErrDuplicate, "CustomBlueprints[1].Name", "Team-bucket"},
		{"SSO option on IAM domain: user assignment", &datamesh.BusinessDomainProps{DomainName: "x",
			Identity: &datamesh.Identity{Mode: datamesh.IdentityModeIAM, UserAssignment: datamesh.UserAssignmentAutomatic}}, datamesh.ErrIdentityMismatch, "Identity.UserAssignment", "AUTOMATIC"},
		{"SSO option on IAM domain: instance ARN", &datamesh.BusinessDomainProps{DomainName: "x",
			Identity: &datamesh.Identity{Mode: datamesh.IdentityModeIAM, IdentityCenterInstanceARN: testIdc}}, datamesh.ErrIdentityMismatch, "Identity.IdentityCenterInstanceARN", testIdc},
		{"SSO option on IAM domain: SSO member", &datamesh.ProjectProps{DomainUnit: iam, Profile: iamProfile, Name: "P", Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane")}}}, datamesh.ErrIdentityMismatch, "Members[0].Principal", "SSO_USER:jane"},
		{"SSO domain without instance", withDomain(func(p *datamesh.BusinessDomainProps) { p.Identity = nil }), datamesh.ErrMissing, "Identity.IdentityCenterInstanceARN", `""`},
		{"tooling bucket prefix", withDomain(func(p *datamesh.BusinessDomainProps) { p.Tooling.S3Location = "s3://my-bucket" }), datamesh.ErrInvalidProps, "Tooling.S3Location", "s3://my-bucket"},
		{"region", withDomain(func(p *datamesh.BusinessDomainProps) { p.Regions = []string{"Europe"} }), datamesh.ErrInvalidProps, "Regions[0]", "Europe"},
		{"associated account", withDomain(func(p *datamesh.BusinessDomainProps) { p.AssociatedAccounts = []string{"1234"} }), datamesh.ErrInvalidProps, "AssociatedAccounts[0]", "1234"},
		{"profile account", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", AccountID: "analytics"}, datamesh.ErrInvalidProps, "AccountID", "analytics"},
		{"profile region", &datamesh.ProjectProfileProps{Domain: sso, Name: "X", Region: "Frankfurt"}, datamesh.ErrInvalidProps, "Region", "Frankfurt"},
		{"grant detail does not match type", &datamesh.PolicyGrantProps{DomainUnit: unit, Policy: datamesh.PolicyCreateDomainUnit,
			Principal: datamesh.GrantToAllUsers(), Detail: &datamesh.PolicyDetail{ProjectProfiles: []datamesh.IProjectProfile{ssoProfile}}}, datamesh.ErrPolicyDetail, "Detail.ProjectProfiles", "1"},
		{"grant without profiles", &datamesh.PolicyGrantProps{DomainUnit: unit, Policy: datamesh.PolicyCreateProjectFromProjectProfile,
			Principal: datamesh.GrantToAllUsers()}, datamesh.ErrPolicyDetail, "Detail.ProjectProfiles", `""`},
		{"blueprint grant on a unit", &datamesh.PolicyGrantProps{DomainUnit: unit, Policy: datamesh.PolicyCreateEnvironmentFromBlueprint,
			Principal: datamesh.GrantToAllUsers()}, datamesh.ErrPolicyDetail, "DomainUnit", "Sales"},
		{"unknown policy type", &datamesh.PolicyGrantProps{DomainUnit: unit, Policy: "CREATE_EVERYTHING", Principal: datamesh.GrantToAllUsers()},
			datamesh.ErrInvalidProps, "Policy", "CREATE_EVERYTHING"},
		{"bad standards pattern", &datamesh.GovernanceDomainProps{DomainName: "g", Identity: &datamesh.Identity{IdentityCenterInstanceARN: testIdc},
			Standards: &datamesh.Standards{Naming: &datamesh.NamingConventions{ProjectName: "(["}}}, datamesh.ErrInvalidProps, "Standards.Naming.ProjectName", "(["},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, c.sentinel) {
				t.Errorf("error %v does not wrap %v", err, c.sentinel)
			}
			var found bool
			want := strings.Trim(c.value, `"`)
			for _, p := range problem.All(err) {
				if p.Field == c.field && strings.Contains(p.Value, want) && (want != "" || p.Value == "") && strings.HasPrefix(p.Error(), "smusmesh: ") {
					found = true
				}
			}
			if !found {
				t.Errorf("no problem names field %q and value %q:\n%v", c.field, c.value, err)
			}
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	p := &datamesh.BusinessDomainProps{
		DomainName: "",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:nope"},
		Tooling:    &datamesh.ToolingOptions{S3Location: "s3://x", VPCID: "vpc-1", SubnetIDs: []string{"sub-1"}},
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: "No pe"}, {Blueprint: datamesh.BlueprintDataLake}, {Blueprint: datamesh.BlueprintDataLake}},
	}
	problems := problem.All(p.Validate())
	if len(problems) != 6 {
		t.Fatalf("got %d problems, want 6 (name, instance ARN, bucket, subnet, unknown and duplicate blueprint):\n%v", len(problems), problems)
	}
}

func TestConstructorsPanicWithPathAndEveryProblem(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("P"), &datamesh.ProjectProfileProps{Domain: d, Name: "Basic"})
	err := build(func() {
		datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: d, Profile: prof, Name: "orders!",
			Members: []*datamesh.Member{{Principal: datamesh.SSOUser("bad user")}}})
	})
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{`smusmesh: Project "Mesh/Corp/Orders": Name "orders!"`, `Members[0].Principal.Identifier "bad user"`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestDuplicateSiblingsAreErrors(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales"})
	err := build(func() {
		datamesh.NewDomainUnit(d, jsii.String("Sales2"), &datamesh.DomainUnitProps{Parent: d, Name: "sales"})
	})
	if !errors.Is(err, datamesh.ErrDuplicate) || !strings.Contains(err.Error(), "Mesh/Corp/Sales") {
		t.Errorf("duplicate unit: %v", err)
	}
	prof := datamesh.NewProjectProfile(d, jsii.String("P"), &datamesh.ProjectProfileProps{Domain: d, Name: "Basic"})
	datamesh.NewProject(d, jsii.String("A"), &datamesh.ProjectProps{DomainUnit: d, Profile: prof, Name: "Orders"})
	err = build(func() {
		datamesh.NewProject(d, jsii.String("B"), &datamesh.ProjectProps{DomainUnit: d, Profile: prof, Name: "Orders"})
	})
	if !errors.Is(err, datamesh.ErrDuplicate) {
		t.Errorf("duplicate project: %v", err)
	}
	p := datamesh.NewProject(d, jsii.String("C"), &datamesh.ProjectProps{DomainUnit: d, Profile: prof, Name: "Billing",
		Members: []*datamesh.Member{{Principal: datamesh.SSOUser("jane"), Designation: datamesh.DesignationOwner}}})
	err = build(func() { p.AddMember(&datamesh.Member{Principal: datamesh.SSOUser("jane")}) })
	if !errors.Is(err, datamesh.ErrMemberConflict) {
		t.Errorf("AddMember of an existing member: %v", err)
	}
}

// An error the AWS CDK raises while a construct is built comes back as one problem line
// that names the construct, never as a goroutine trace.
func TestCDKErrorsAreOneProblem(t *testing.T) {
	cases := []struct {
		name  string
		build func(stack awscdk.Stack)
		want  string
	}{
		{"duplicate construct ID", func(stack awscdk.Stack) {
			datamesh.NewBusinessDomain(stack, jsii.String("Domain"), ssoDomainProps())
			datamesh.NewBusinessDomain(stack, jsii.String("Domain"), ssoDomainProps())
		}, `smusmesh: BusinessDomain "Mesh/Domain": There is already a Construct with name 'Domain' in `},
		{"invalid ARN in the caller's code", func(stack awscdk.Stack) {
			awsiam.Role_FromRoleArn(stack, jsii.String("Role"), jsii.String("not-an-arn"), nil)
		}, `smusmesh: ArnsMustStartWithArn: ARNs must start with "arn:" and have at least 6 components: not-an-arn`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stack := newStack()
			err := build(func() { c.build(stack) })
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error =\n%v\nwant one line starting with\n%s", err, c.want)
			}
			if !errors.Is(err, problem.ErrCDK) {
				t.Errorf("error does not match problem.ErrCDK: %v", err)
			}
		})
	}
}
