package datamesh_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

const associated = "222222222222"

func TestToolingBucketIsCreatedUnlessNamed(t *testing.T) {
	stack := newStack()
	p := ssoDomainProps()
	p.Tooling.S3Location = ""
	p.AssociatedAccounts = []string{associated}
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), p)
	if d.ToolingBucket() == nil {
		t.Fatal("ToolingBucket() is nil")
	}
	tpl, raw := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::S3::Bucket"), jsii.Number(1))
	tpl.HasResource(jsii.String("AWS::S3::Bucket"), map[string]any{
		"DeletionPolicy":      "Retain",
		"UpdateReplacePolicy": "Retain",
		"Properties": map[string]any{
			"BucketName": map[string]any{"Fn::Join": []any{"", []any{"amazon-sagemaker-" + testAccount + "-" + testRegion + "-",
				map[string]any{"Fn::Select": []any{1, map[string]any{"Fn::Split": []any{"dzd_", map[string]any{"Fn::GetAtt": []any{assertions.Match_AnyValue(), "Id"}}}}}}}}},
			"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{map[string]any{
				"BucketKeyEnabled":              true,
				"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^CorpKey")), "Arn"}}},
			}}},
			"VersioningConfiguration":        map[string]any{"Status": "Enabled"},
			"PublicAccessBlockConfiguration": map[string]any{"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true},
		},
	})
	tpl.HasResourceProperties(jsii.String("AWS::S3::BucketPolicy"), map[string]any{
		"PolicyDocument": map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{
			"Effect": "Deny", "Action": "s3:*", "Condition": map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}},
		})})},
	})
	// Every blueprint configuration that takes S3Location names the bucket
	// (LakehouseCatalog takes none: datamesh.BlueprintParameters).
	for id, c := range resources(raw, "AWS::DataZone::EnvironmentBlueprintConfiguration") {
		if !slices.Contains(datamesh.BlueprintParameters(datamesh.Blueprint(props(c)["EnvironmentBlueprintIdentifier"].(string))), "S3Location") {
			continue
		}
		b, _ := json.Marshal(props(c)["RegionalParameters"])
		if !strings.Contains(string(b), `"S3Location":{"Fn::Join":["",["s3://",{"Ref":"CorpToolingBucket`) {
			t.Errorf("%s S3Location = %s", id, b)
		}
	}
	// The domain key: S3 may use it for this account; DataZone for the associated account.
	stmts := map[string]map[string]any{}
	for _, k := range resources(raw, "AWS::KMS::Key") {
		for _, s := range props(k)["KeyPolicy"].(map[string]any)["Statement"].([]any) {
			m := s.(map[string]any)
			if sid, ok := m["Sid"].(string); ok {
				stmts[sid] = m
			}
		}
	}
	for sid, want := range map[string]string{
		"ToolingBucketThroughS3":          `{"StringEquals":{"kms:CallerAccount":"` + testAccount + `","kms:ViaService":"s3.` + testRegion + `.amazonaws.com"}}`,
		"DataZoneForAccount" + associated: `{"StringEquals":{"kms:CallerAccount":"` + associated + `","kms:ViaService":"datazone.` + testRegion + `.amazonaws.com"}}`,
	} {
		s, ok := stmts[sid]
		if !ok {
			t.Errorf("key policy lacks %s (has %v)", sid, keys(stmts))
			continue
		}
		c, _ := json.Marshal(s["Condition"])
		if string(c) != want {
			t.Errorf("%s condition = %s, want %s", sid, c, want)
		}
		if p, _ := json.Marshal(s["Principal"]); string(p) != `{"AWS":"*"}` {
			t.Errorf("%s principal = %s", sid, p)
		}
		if a, _ := json.Marshal(s["Action"]); strings.Contains(string(a), `"kms:*"`) {
			t.Errorf("%s actions = %s", sid, a)
		}
	}
}

func TestNamedToolingLocationCreatesNoBucket(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	if d.ToolingBucket() != nil {
		t.Error("ToolingBucket() is set although S3Location names a bucket")
	}
	tpl, _ := template(t, stack)
	tpl.ResourceCountIs(jsii.String("AWS::S3::Bucket"), jsii.Number(0))
}

func TestProfileRunsInAnotherAccount(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	datamesh.NewProjectProfile(d, jsii.String("Remote"), &datamesh.ProjectProfileProps{
		Domain: d, Name: "Remote", AccountID: associated, Region: "eu-central-1",
		Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintDataLake},
			{Blueprint: datamesh.BlueprintLakehouseCatalog, AccountID: testAccount, Region: testRegion},
		},
	})
	_, raw := template(t, stack)
	for _, p := range resources(raw, "AWS::DataZone::ProjectProfile") {
		for _, e := range props(p)["EnvironmentConfigurations"].([]any) {
			env := e.(map[string]any)
			acct := env["AwsAccount"].(map[string]any)["AwsAccountId"]
			region := env["AwsRegion"].(map[string]any)["RegionName"]
			want := []any{associated, "eu-central-1"}
			if env["Name"] == "LakehouseCatalog" {
				want = []any{testAccount, testRegion} // the environment's own setting wins
			}
			if acct != want[0] || region != want[1] {
				t.Errorf("%v runs in %v/%v, want %v", env["Name"], acct, region, want)
			}
		}
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestToolingBucketWithTheUsersKey(t *testing.T) {
	stack := newStack()
	key := awskms.NewKey(stack, jsii.String("ProjectFilesKey"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})
	p := ssoDomainProps()
	p.Tooling.S3Location = ""
	p.Tooling.BucketKey = key
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), p)
	tpl, _ := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]any{
		"BucketEncryption": map[string]any{"ServerSideEncryptionConfiguration": []any{assertions.Match_ObjectLike(&map[string]any{
			"ServerSideEncryptionByDefault": map[string]any{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^ProjectFilesKey")), "Arn"}}},
		})}},
	})
	// The S3 statement goes to the user's key, not to the domain's.
	tpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), map[string]any{
		"KeyPolicy":   map[string]any{"Statement": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{"Sid": "ToolingBucketThroughS3"})})},
		"Description": assertions.Match_Absent(),
	})
	tpl.HasResourceProperties(jsii.String("AWS::KMS::Key"), map[string]any{
		"KeyPolicy":   map[string]any{"Statement": assertions.Match_Not(assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(&map[string]any{"Sid": "ToolingBucketThroughS3"})}))},
		"Description": "Encrypts the metadata of SMUS domain corporate",
	})
}
