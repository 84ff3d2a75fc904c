package cfnschema

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// template wraps one resource in a template; props is raw JSON ("" for no Properties).
func template(typ, props string) []byte {
	res := `{"Type":` + jsonString(typ)
	if props != "" {
		res += `,"Properties":` + props
	}
	return []byte(`{"Resources":{"Res":` + res + `}}}`)
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

type want struct {
	property string
	message  string // substring of Finding.Message
}

func TestValidateTemplate(t *testing.T) {
	const roleArn = `{"Fn::GetAtt":["ExecRole","Arn"]}`
	tests := []struct {
		name  string
		typ   string
		props string
		want  []want // nil: the resource is valid
	}{
		// Negative cases: each is reported with the resource and the property.
		{"wrong enum", "AWS::DataZone::Domain",
			`{"Name":"sales","SingleSignOn":{"Type":"SSO"}}`,
			[]want{{"Properties/SingleSignOn/Type", `value must be one of "IAM_IDC", "DISABLED"`}}},
		{"missing required property", "AWS::DataZone::DomainUnit",
			`{"DomainIdentifier":"dzd_abc","Name":"Marketing"}`,
			[]want{{"Properties/ParentDomainUnitIdentifier", msgRequired}}},
		{"no Properties at all", "AWS::DataZone::Project", "",
			[]want{{"Properties/DomainIdentifier", msgRequired}, {"Properties/Name", msgRequired}}},
		{"unknown property", "AWS::DataZone::Project",
			`{"DomainIdentifier":"dzd_abc","Name":"orders","Colour":"red"}`,
			[]want{{"Properties/Colour", msgUnknown}}},
		{"read-only Id", "AWS::DataZone::Domain",
			`{"Name":"sales","Id":"dzd_abc"}`,
			[]want{{"Properties/Id", msgReadOnly}}},
		{"read-only RootDomainUnitId", "AWS::DataZone::Domain",
			`{"Name":"sales","RootDomainUnitId":"root"}`,
			[]want{{"Properties/RootDomainUnitId", msgReadOnly}}},
		{"nested read-only property", "AWS::DataZone::ProjectProfile",
			`{"Name":"analytics","EnvironmentConfigurations":[{"Name":"tooling","EnvironmentBlueprintId":"bp1","AwsRegion":{"RegionName":"eu-west-1"},"EnvironmentConfigurationId":"ec1"}]}`,
			[]want{{"Properties/EnvironmentConfigurations/0/EnvironmentConfigurationId", msgReadOnly}}},
		{"wrong pattern", "AWS::DataZone::Project",
			`{"DomainIdentifier":"dzd_abc","Name":"bad!name"}`,
			[]want{{"Properties/Name", `value "bad!name" does not match pattern ^[\w -]+$`}}},
		{"wrong type", "AWS::DataZone::EnvironmentBlueprintConfiguration",
			`{"DomainIdentifier":"dzd_abc","EnvironmentBlueprintIdentifier":"bp1","EnabledRegions":"eu-west-1"}`,
			[]want{{"Properties/EnabledRegions", "wrong type: got string, want array"}}},
		{"nested enum in array", "AWS::DataZone::ProjectProfile",
			`{"Name":"analytics","EnvironmentConfigurations":[{"Name":"tooling","EnvironmentBlueprintId":"bp1","AwsRegion":{"RegionName":"eu-west-1"},"DeploymentMode":"ALWAYS"}]}`,
			[]want{{"Properties/EnvironmentConfigurations/0/DeploymentMode", `"ON_CREATE", "ON_DEMAND"`}}},
		{"oneOf with no matching form", "AWS::DataZone::ProjectMembership",
			`{"Designation":"PROJECT_OWNER","DomainIdentifier":"dzd_abc","ProjectIdentifier":"p1","Member":{"UserIdentifier":"u","GroupIdentifier":"g"}}`,
			[]want{{"Properties/Member", "value matches none of the 2 allowed forms"}}},
		{"oneOf: the alternative that fits shape reports its own error", "AWS::DataZone::ProjectMembership",
			`{"Designation":"PROJECT_OWNER","DomainIdentifier":"dzd_abc","ProjectIdentifier":"p1","Member":{"UserIdentifier":42}}`,
			[]want{{"Properties/Member/UserIdentifier", "wrong type: got number, want string"}}},
		{"intrinsic does not hide a sibling error", "AWS::DataZone::Domain",
			`{"Name":{"Fn::Join":["-",["a","b"]]},"DomainExecutionRole":` + roleArn + `,"SingleSignOn":{"Type":"SSO","UserAssignment":{"Ref":"Mode"}}}`,
			[]want{{"Properties/SingleSignOn/Type", "value must be one of"}}},
		{"unknown AWS type", "AWS::Foo::Bar", `{}`,
			[]want{{"Type", "no registry schema vendored for AWS::Foo::Bar: add it to internal/cfnschema/schemas/TYPES.txt and run go generate"}}},
		{"type with wrong case", "AWS::DataZone::domain", `{"Name":"x"}`,
			[]want{{"Type", "no registry schema vendored for AWS::DataZone::domain"}}},
		{"missing type", "", `{}`,
			[]want{{"Type", msgNoType}}},
		{"custom resource without ServiceToken", "Custom::Seeder", `{"Table":"t"}`,
			[]want{{"Properties/ServiceToken", "required property is missing"}}},
		{"CloudFormation custom resource without ServiceToken", "AWS::CloudFormation::CustomResource", "",
			[]want{{"Properties/ServiceToken", "required property is missing"}}},

		// Positive cases: intrinsics stand for values known at deploy time.
		{"domain with GetAtt role ARNs", "AWS::DataZone::Domain",
			`{"Name":"sales","DomainExecutionRole":` + roleArn + `,"ServiceRole":` + roleArn + `,"DomainVersion":"V2",
			 "KmsKeyIdentifier":{"Fn::GetAtt":["Key","Arn"]},"SingleSignOn":{"Type":"IAM_IDC","UserAssignment":"MANUAL"},
			 "Tags":[{"Key":"owner","Value":{"Ref":"Owner"}}]}`, nil},
		{"project profile with Ref'd blueprint ids", "AWS::DataZone::ProjectProfile",
			`{"Name":"analytics","DomainIdentifier":{"Fn::GetAtt":["Domain","Id"]},"DomainUnitIdentifier":{"Fn::GetAtt":["Domain","RootDomainUnitId"]},"Status":"ENABLED",
			  "EnvironmentConfigurations":[
			    {"Name":"Tooling","EnvironmentBlueprintId":{"Ref":"ToolingBlueprint"},"DeploymentMode":"ON_CREATE","DeploymentOrder":0,
			     "AwsRegion":{"RegionName":{"Ref":"AWS::Region"}},"AwsAccount":{"AwsAccountId":{"Ref":"AWS::AccountId"}}},
			    {"Name":"Lakehouse","EnvironmentBlueprintId":{"Fn::GetAtt":["LakehouseConfig","EnvironmentBlueprintId"]},"DeploymentMode":"ON_DEMAND",
			     "DeploymentOrder":{"Ref":"Order"},"AwsRegion":{"Fn::If":["InEu",{"RegionName":"eu-west-1"},{"Ref":"AWS::NoValue"}]}}]}`, nil},
		{"oneOf member given by Ref", "AWS::DataZone::ProjectMembership",
			`{"Designation":"PROJECT_CONTRIBUTOR","DomainIdentifier":{"Ref":"Domain"},"ProjectIdentifier":{"Fn::GetAtt":["Project","Id"]},"Member":{"GroupIdentifier":{"Fn::GetAtt":["Group","Id"]}}}`, nil},
		{"policy grant with intrinsic principal ids", "AWS::DataZone::PolicyGrant",
			`{"DomainIdentifier":{"Ref":"Domain"},"EntityIdentifier":{"Fn::GetAtt":["Unit","Id"]},"EntityType":"DOMAIN_UNIT","PolicyType":"CREATE_PROJECT_FROM_PROJECT_PROFILE",
			  "Detail":{"CreateProjectFromProjectProfile":{"ProjectProfiles":[{"Fn::GetAtt":["Profile","Id"]}],"IncludeChildDomainUnits":true}},
			  "Principal":{"Group":{"GroupIdentifier":{"Fn::GetAtt":["Group","Id"]}}}}`, nil},
		{"array of intrinsics", "AWS::DataZone::EnvironmentBlueprintConfiguration",
			`{"DomainIdentifier":{"Ref":"Domain"},"EnvironmentBlueprintIdentifier":"Tooling","EnabledRegions":[{"Ref":"AWS::Region"}]}`, nil},
		{"object given by Fn::If", "AWS::DataZone::Domain",
			`{"Name":"sales","SingleSignOn":{"Fn::If":["Sso",{"Type":"IAM_IDC"},{"Ref":"AWS::NoValue"}]}}`, nil},
		{"whole Properties computed", "AWS::DataZone::Domain", `{"Fn::If":["C",{"Name":"a"},{"Name":"b"}]}`, nil},
		{"type without required properties", "AWS::SQS::Queue", "", nil},
		{"nested stack without StackName", "AWS::CloudFormation::Stack",
			`{"TemplateURL":{"Fn::Join":["",["https://s3.",{"Ref":"AWS::Region"},".amazonaws.com/x.json"]]}}`, nil},
		{"CDK metadata", "AWS::CDK::Metadata", `{"Analytics":"v2:deflate64:abc"}`, nil},
		{"custom resource", "Custom::Seeder", `{"ServiceToken":{"Fn::GetAtt":["Provider","Arn"]},"Anything":[1,2]}`, nil},
		{"third-party registry type", "Acme::Data::Thing", `{"Whatever":true}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ValidateTemplate("Stack", template(tt.typ, tt.props))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d findings, want %d:\n%s", len(got), len(tt.want), lines(got))
			}
			for i, w := range tt.want {
				f := got[i]
				if f.Template != "Stack" || f.LogicalID != "Res" || f.Type != tt.typ {
					t.Errorf("finding %d names %s/%s (%s), want Stack/Res (%s)", i, f.Template, f.LogicalID, f.Type, tt.typ)
				}
				if f.Property != w.property || !strings.Contains(f.Message, w.message) {
					t.Errorf("finding %d = %s\nwant property %s, message containing %q", i, f, w.property, w.message)
				}
			}
		})
	}
}

func lines(fs []Finding) string {
	var sb strings.Builder
	for _, f := range fs {
		sb.WriteString("  " + f.String() + "\n")
	}
	return sb.String()
}

func TestFindingString(t *testing.T) {
	f := Finding{Template: "DomainStack", LogicalID: "Resource", Type: "AWS::DataZone::Domain",
		Property: "Properties/SingleSignOn/Type", Message: `value must be one of "IAM_IDC", "DISABLED"`}
	want := `DomainStack/Resource (AWS::DataZone::Domain) Properties/SingleSignOn/Type: value must be one of "IAM_IDC", "DISABLED"`
	if got := f.String(); got != want {
		t.Errorf("String() = %s\nwant       %s", got, want)
	}
}

func TestValidateTemplateSortsFindingsByResource(t *testing.T) {
	tpl := `{"Resources":{
	  "B":{"Type":"AWS::DataZone::Project","Properties":{"DomainIdentifier":"dzd_abc","Name":"bad!"}},
	  "A":{"Type":"AWS::DataZone::Domain","Properties":{"Name":"d","Id":"dzd_abc","SingleSignOn":{"Type":"SSO"}}}}}`
	got, err := ValidateTemplate("T", []byte(tpl))
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, f := range got {
		order = append(order, f.LogicalID+" "+f.Property)
	}
	want := []string{"A Properties/Id", "A Properties/SingleSignOn/Type", "B Properties/Name"}
	if fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("order %q, want %q", order, want)
	}
}

func TestValidateTemplateRejectsUnreadableTemplates(t *testing.T) {
	for _, tpl := range []string{`not json`, `{"Resources":[1]}`, `{"Resources":{"A":"x"}}`} {
		if _, err := ValidateTemplate("T", []byte(tpl)); err == nil {
			t.Errorf("ValidateTemplate(%s): no error", tpl)
		}
	}
}

// TestVendoredSchemasCompile compiles every embedded schema (patterns included) and checks that
// TYPES.txt and the embedded files agree.
func TestVendoredSchemasCompile(t *testing.T) {
	types := VendoredTypes()
	if len(types) < 60 {
		t.Fatalf("only %d vendored types", len(types))
	}
	files := map[string]bool{}
	entries, err := schemaFiles.ReadDir("schemas")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		files[e.Name()] = true
	}
	for _, typ := range types {
		if !files[fileName(typ)] {
			t.Errorf("%s is listed in TYPES.txt but %s is not vendored: run go generate", typ, fileName(typ))
			continue
		}
		delete(files, fileName(typ))
		c, err := lookup(typ)
		if err != nil {
			t.Errorf("%s: %v", typ, err)
			continue
		}
		if c.typeName != typ {
			t.Errorf("%s: schema holds %s", typ, c.typeName)
		}
	}
	for f := range files {
		t.Errorf("%s is embedded but not listed in TYPES.txt", f)
	}
	for _, need := range []string{"AWS::DataZone::Domain", "AWS::LakeFormation::PrincipalPermissions", "AWS::EC2::FlowLog", "AWS::StepFunctions::StateMachine"} {
		if _, err := lookup(need); err != nil {
			t.Errorf("%s: %v", need, err)
		}
	}
}

// TestECMAScriptPatterns exercises patterns RE2 cannot compile (lookahead in FormType Name).
func TestECMAScriptPatterns(t *testing.T) {
	ok := `{"DomainIdentifier":"dzd_abc","Name":"DataContract","OwningProjectIdentifier":"p1","Model":{"Smithy":"structure DataContract {}"}}`
	got, err := ValidateTemplate("T", template("AWS::DataZone::FormType", ok))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("valid form type: %s", lines(got))
	}
	bad := strings.Replace(ok, `"Name":"DataContract"`, `"Name":"9Contract"`, 1)
	got, err = ValidateTemplate("T", template("AWS::DataZone::FormType", bad))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Property != "Properties/Name" {
		t.Errorf("name starting with a digit: got %s", lines(got))
	}
}

func TestValidateTemplateConcurrent(t *testing.T) {
	tpl := template("AWS::DataZone::Domain", `{"Name":"sales","SingleSignOn":{"Type":"SSO"}}`)
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			got, err := ValidateTemplate("T", tpl)
			if err != nil || len(got) != 1 {
				t.Errorf("got %v, %v", got, err)
			}
		})
	}
	wg.Wait()
}
