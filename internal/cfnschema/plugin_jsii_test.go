package cfnschema

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/smusmesh/smusmesh/internal/jsiitest"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
)

// TestMain prepares the environment of the Node.js process that runs the CDK.
func TestMain(m *testing.M) { jsiitest.Main(m) }

// newApp returns an App whose validation failures carry the whole report in the panic
// message, as they do under a test runner in TypeScript.
func newApp(t *testing.T) awscdk.App {
	return awscdk.NewApp(&awscdk.AppProps{
		Outdir:  jsii.String(t.TempDir()),
		Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"},
	})
}

// buildStage adds a stage with a DataZone domain stack and a nested stack of everyday
// resources (the kinds the mesh emits), to catch false positives on CDK's own output.
func buildStage(app awscdk.App, plugin pluginKind, everyday bool, override func(awsdatazone.CfnDomain, awsdatazone.CfnProject)) awscdk.Stage {
	props := &awscdk.StageProps{Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")}}
	if plugin == beta1 {
		props.PolicyValidationBeta1 = &[]awscdk.IPolicyValidationPluginBeta1{NewPlugin()}
	}
	stage := awscdk.NewStage(app, jsii.String("dev"), props)
	if plugin == validations {
		awscdk.Validations_Of(stage).AddPlugins(NewValidationsPlugin())
	}
	stack := awscdk.NewStack(stage, jsii.String("DomainStack"), nil)
	role := awsiam.NewRole(stack, jsii.String("ExecRole"), &awsiam.RoleProps{
		AssumedBy: awsiam.NewServicePrincipal(jsii.String("datazone.amazonaws.com"), nil),
	})
	key := awskms.NewKey(stack, jsii.String("Key"), &awskms.KeyProps{EnableKeyRotation: jsii.Bool(true)})
	domain := awsdatazone.NewCfnDomain(stack, jsii.String("Domain"), &awsdatazone.CfnDomainProps{
		Name:                jsii.String("sales"),
		DomainExecutionRole: role.RoleArn(),
		ServiceRole:         role.RoleArn(),
		DomainVersion:       jsii.String("V2"),
		KmsKeyIdentifier:    key.KeyArn(),
		SingleSignOn:        &awsdatazone.CfnDomain_SingleSignOnProperty{Type: jsii.String("IAM_IDC"), UserAssignment: jsii.String("MANUAL")},
	})
	awsdatazone.NewCfnDomainUnit(stack, jsii.String("Unit"), &awsdatazone.CfnDomainUnitProps{
		DomainIdentifier:           domain.AttrId(),
		Name:                       jsii.String("Marketing"),
		ParentDomainUnitIdentifier: domain.AttrRootDomainUnitId(),
	})
	// Projects live in nested stacks in the mesh; the plugin must see those templates too.
	projects := awscdk.NewNestedStack(stack, jsii.String("Projects"), nil)
	project := awsdatazone.NewCfnProject(projects, jsii.String("Orders"), &awsdatazone.CfnProjectProps{
		DomainIdentifier: domain.AttrId(),
		Name:             jsii.String("orders"),
	})
	if everyday {
		nested := awscdk.NewNestedStack(stack, jsii.String("Everyday"), nil)
		vpc := awsec2.NewVpc(nested, jsii.String("Vpc"), &awsec2.VpcProps{MaxAzs: jsii.Number(2)})
		bucket := awss3.NewBucket(nested, jsii.String("Bucket"), &awss3.BucketProps{
			EncryptionKey: key, Encryption: awss3.BucketEncryption_KMS, EnforceSSL: jsii.Bool(true),
		})
		fn := awslambda.NewFunction(nested, jsii.String("Fn"), &awslambda.FunctionProps{
			Runtime: awslambda.Runtime_PYTHON_3_12(),
			Handler: jsii.String("index.handler"),
			Code:    awslambda.Code_FromInline(jsii.String("def handler(e, c):\n  return 1\n")),
			Vpc:     vpc,
		})
		bucket.GrantRead(fn, nil)
	}
	if override != nil {
		override(domain, project)
	}
	return stage
}

type pluginKind int

const (
	none        pluginKind = iota
	beta1                  // StageProps.PolicyValidationBeta1 with Plugin
	validations            // Validations_Of(stage).AddPlugins with ValidationsPlugin
)

func synth(app awscdk.App) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	app.Synth(nil)
	return ""
}

func TestPluginFailsSynthOnInvalidResource(t *testing.T) {
	for _, kind := range []pluginKind{beta1, validations} {
		app := newApp(t)
		buildStage(app, kind, false, func(d awsdatazone.CfnDomain, p awsdatazone.CfnProject) {
			d.AddPropertyOverride(jsii.String("SingleSignOn.Type"), jsii.String("SSO"))
			d.AddPropertyOverride(jsii.String("RootDomainUnitId"), jsii.String("root"))
			p.AddPropertyOverride(jsii.String("Colour"), jsii.String("red"))
		})
		msg := synth(app)
		if kind == beta1 {
			t.Logf("synth failed with:\n%s", msg)
		}
		for _, want := range []string{
			"ValidationFailed",
			`AWS::DataZone::Domain Properties/SingleSignOn/Type: value must be one of "IAM_IDC", "DISABLED"`,
			"AWS::DataZone::Domain Properties/RootDomainUnitId: read-only property",
			"dev/DomainStack/Domain (Domain)",
			"AWS::DataZone::Project Properties/Colour: unknown property",
			"dev/DomainStack/Projects/Orders",
			PluginName + "::" + RuleName,
		} {
			if !strings.Contains(msg, want) {
				t.Errorf("plugin kind %d: synth error does not contain %q", kind, want)
			}
		}
	}
}

func TestPluginPassesValidStageAndMeasure(t *testing.T) {
	// The first synth warms the Node.js process and module loading; the timings below compare
	// warm synths of the same small stage without and with the plugin.
	app := newApp(t)
	buildStage(app, beta1, true, nil)
	if msg := synth(app); msg != "" {
		t.Fatalf("valid stage failed to synthesize:\n%s", msg)
	}
	const rounds = 3
	var without, with time.Duration
	for range rounds {
		for _, plugin := range []pluginKind{none, validations} {
			app := newApp(t)
			buildStage(app, plugin, true, nil)
			start := time.Now()
			asm := app.Synth(nil)
			d := time.Since(start)
			if plugin != none {
				with += d
				// The same templates through ValidateAssembly (nested stage, nested stack).
				findings, err := ValidateAssembly(*asm.Directory())
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range findings {
					t.Errorf("unexpected finding: %s", f)
				}
			} else {
				without += d
			}
		}
	}
	t.Logf("synth of a small stage (1 stack, 2 nested stacks, ~45 resources): %v without the plugin, %v with it (mean of %d)",
		without/rounds, with/rounds, rounds)
}
