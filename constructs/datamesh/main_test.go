package datamesh_test

import (
	"encoding/json"
	"flag"
	"os"
	"strconv"
	"testing"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/jsiitest"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/problem"
)

var update = flag.Bool("update", false, "rewrite golden files")

// budgetEnv makes the test binary a helper process of TestProjectCallBudget.
const budgetEnv = "SMUSMESH_DATAMESH_BUDGET_HELPER"

func TestMain(m *testing.M) {
	if unitCallsHelper() {
		return
	}
	if n := os.Getenv(budgetEnv); n != "" {
		jsiitest.Setup()
		k, _ := strconv.Atoi(n)
		budgetHelper(k)
		cfnfrag.Release()
		jsii.Close()
		os.Exit(0)
	}
	jsiitest.Main(m, cfnfrag.Release)
}

const (
	testAccount = "111111111111"
	testRegion  = "eu-west-1"
	testIdc     = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
)

func newStack() awscdk.Stack {
	app := awscdk.NewApp(nil)
	return awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
	})
}

func ssoDomainProps() *datamesh.BusinessDomainProps {
	return &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: testIdc},
		Tooling: &datamesh.ToolingOptions{
			S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-corp",
			VPCID:      "vpc-0123456789abcdef0",
			SubnetIDs:  []string{"subnet-0123456789abcdef0", "subnet-0fedcba9876543210"},
		},
		Blueprints: []*datamesh.BlueprintOptions{
			{Blueprint: datamesh.BlueprintLakehouseCatalog},
			{Blueprint: datamesh.BlueprintDataLake},
			{Blueprint: datamesh.BlueprintRedshiftServerless},
			{Blueprint: datamesh.BlueprintMLExperiments},
		},
	}
}

// template synthesizes stack, checks the template against the CloudFormation registry
// schemas (every test template is checked), and returns it.
func template(t testing.TB, stack awscdk.Stack) (assertions.Template, map[string]any) {
	t.Helper()
	tpl := assertions.Template_FromStack(stack, nil)
	raw := *tpl.ToJSON()
	b, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	findings, err := cfnschema.ValidateTemplate(*stack.StackName(), b)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("registry schema: %s", f)
	}
	return tpl, raw
}

// resources returns the template's resources of one type, by logical ID.
func resources(raw map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range raw["Resources"].(map[string]any) {
		m := r.(map[string]any)
		if m["Type"] == typ {
			out[id] = m
		}
	}
	return out
}

func props(r map[string]any) map[string]any {
	p, _ := r["Properties"].(map[string]any)
	return p
}

// build runs f, returning the smusmesh error it panicked with.
func build(f func()) error { return problem.Catch(f) }
