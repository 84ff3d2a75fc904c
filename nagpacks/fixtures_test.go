package nagpacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

var s = jsii.String

// testNow is the synth date of the tests.
var testNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const keyARN = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"

// check builds a stack with build, adds the DataMesh pack with props (Now defaults to
// testNow, reports off), synthesizes as the CDK CLI does (validation failures reported,
// not thrown) and returns the pack's findings from the CDK's validation report.
func check(t *testing.T, props *DataMeshPackProps, build func(st awscdk.Stack)) []annotation {
	t.Helper()
	out := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: s(out), Context: &map[string]any{"@aws-cdk/core:failSynthOnValidationErrors": false}})
	st := awscdk.NewStack(app, s("S"), nil)
	build(st)
	p := DataMeshPackProps{}
	if props != nil {
		p = *props
	}
	if p.Now == nil {
		p.Now = &testNow
	}
	if p.NagPackProps == nil {
		p.NagPackProps = &cdknag.NagPackProps{Reports: jsii.Bool(false)}
	}
	AddDataMeshPack(st, &p)
	app.Synth(nil)
	// Fixtures break mesh rules, never the resource schemas: a rule must be tested on
	// templates CloudFormation would accept.
	tpl, err := os.ReadFile(filepath.Join(out, "S.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	findings, err := cfnschema.ValidateTemplate("fixture", tpl)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("fixture is not valid against the registry schemas: %s", f)
	}
	return validationFindings(t, out)
}

// annotation is one finding of the DataMesh pack in the CDK's validation report.
type annotation struct {
	path, level, msg string
}

func (a annotation) String() string { return fmt.Sprintf("%s %s %q", a.level, a.path, a.msg) }

// validationFindings reads the DataMesh pack's violations from the validation report
// the CDK writes into the assembly directory dir (paths with a leading "/").
func validationFindings(t *testing.T, dir string) []annotation {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "validation-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		PluginReports []struct {
			PluginName string `json:"pluginName"`
			Violations []struct {
				Description         string `json:"description"`
				Severity            string `json:"severity"`
				ViolatingConstructs []struct {
					ConstructPath string `json:"constructPath"`
				} `json:"violatingConstructs"`
			} `json:"violations"`
		} `json:"pluginReports"`
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	var out []annotation
	for _, pr := range rep.PluginReports {
		if pr.PluginName != DataMeshPluginName {
			continue
		}
		for _, v := range pr.Violations {
			for _, c := range v.ViolatingConstructs {
				out = append(out, annotation{"/" + c.ConstructPath, v.Severity, v.Description})
			}
		}
	}
	return out
}

// ruleAnnotations returns the error and warning findings of rule id.
func ruleAnnotations(a []annotation, id string) []annotation {
	re := regexp.MustCompile("^" + regexp.QuoteMeta(id) + `(\[|:)`)
	var out []annotation
	for _, m := range a {
		if (m.level == "error" || m.level == "warning") && re.MatchString(m.msg) {
			out = append(out, m)
		}
	}
	return out
}

func levelOf(t *testing.T, id string) string {
	t.Helper()
	for _, r := range Rules() {
		if r.ID == id {
			if r.Level == cdknag.NagMessageLevel_ERROR {
				return "error"
			}
			return "warning"
		}
	}
	t.Fatalf("no rule %s", id)
	return ""
}

// expectFinding asserts that rule id reported a finding at its level on path, whose
// message contains finding ("[finding]") when finding is not "".
func expectFinding(t *testing.T, a []annotation, id, path, finding string) {
	t.Helper()
	got := ruleAnnotations(a, id)
	want := levelOf(t, id)
	for _, g := range got {
		if g.path == path && g.level == want && (finding == "" || strings.Contains(g.msg, id+"["+finding+"]")) {
			return
		}
	}
	t.Errorf("want %s %s on %s (finding %q); got %v", want, id, path, finding, got)
}

// expectNoFinding asserts that rule id reported nothing in the stack.
func expectNoFinding(t *testing.T, a []annotation, id string) {
	t.Helper()
	if got := ruleAnnotations(a, id); len(got) > 0 {
		t.Errorf("want no %s; got %v", id, got)
	}
}

func withMeta(c awscdk.CfnResource, m meshmeta.Resource) {
	c.AddMetadata(s(meshmeta.Key), m.Map())
}

func retain(c awscdk.CfnResource) {
	c.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil)
}

// goodDomain is a domain that every Domain rule accepts; edit changes its props first.
func goodDomain(st awscdk.Stack, id string, m *meshmeta.Resource, edit func(p *awsdatazone.CfnDomainProps)) awsdatazone.CfnDomain {
	p := &awsdatazone.CfnDomainProps{
		Name:             s("Sales"),
		DomainVersion:    s("V2"),
		KmsKeyIdentifier: s(keyARN),
		SingleSignOn:     &awsdatazone.CfnDomain_SingleSignOnProperty{Type: s("IAM_IDC"), UserAssignment: s("MANUAL")},
	}
	if edit != nil {
		edit(p)
	}
	d := awsdatazone.NewCfnDomain(st, s(id), p)
	retain(d)
	if m != nil {
		withMeta(d, *m)
	}
	return d
}

// goodProject is a project that every Project rule accepts; edit changes its props first.
func goodProject(st awscdk.Stack, id string, domainID *string, m *meshmeta.Resource, edit func(p *awsdatazone.CfnProjectProps)) awsdatazone.CfnProject {
	p := &awsdatazone.CfnProjectProps{
		Name:             s("Orders"),
		Description:      s("Order analytics for the sales team."),
		DomainIdentifier: domainID,
	}
	if edit != nil {
		edit(p)
	}
	pr := awsdatazone.NewCfnProject(st, s(id), p)
	retain(pr)
	if m != nil {
		withMeta(pr, *m)
	}
	return pr
}

// goodUnit is a domain unit with an owner.
func goodUnit(st awscdk.Stack, id string, domain awsdatazone.CfnDomain, m *meshmeta.Resource) awsdatazone.CfnDomainUnit {
	u := awsdatazone.NewCfnDomainUnit(st, s(id), &awsdatazone.CfnDomainUnitProps{
		Name:                       s("Marketing"),
		DomainIdentifier:           domain.AttrId(),
		ParentDomainUnitIdentifier: domain.AttrRootDomainUnitId(),
	})
	retain(u)
	if m != nil {
		withMeta(u, *m)
	}
	awsdatazone.NewCfnOwner(st, s(id+"Owner"), &awsdatazone.CfnOwnerProps{
		DomainIdentifier: domain.AttrId(),
		EntityIdentifier: u.AttrId(),
		EntityType:       s("DOMAIN_UNIT"),
		Owner:            &awsdatazone.CfnOwner_OwnerPropertiesProperty{User: &awsdatazone.CfnOwner_OwnerUserPropertiesProperty{UserIdentifier: s("alice@example.com")}},
	})
	return u
}

func blueprintConfig(st awscdk.Stack, id, blueprint string, domainID *string, edit func(p *awsdatazone.CfnEnvironmentBlueprintConfigurationProps)) awsdatazone.CfnEnvironmentBlueprintConfiguration {
	p := &awsdatazone.CfnEnvironmentBlueprintConfigurationProps{
		DomainIdentifier:               domainID,
		EnvironmentBlueprintIdentifier: s(blueprint),
		EnabledRegions:                 &[]*string{s("eu-west-1")},
	}
	if edit != nil {
		edit(p)
	}
	return awsdatazone.NewCfnEnvironmentBlueprintConfiguration(st, s(id), p)
}

func envConfigOf(name string, blueprintID *string, mode string) *awsdatazone.CfnProjectProfile_EnvironmentConfigurationProperty {
	return &awsdatazone.CfnProjectProfile_EnvironmentConfigurationProperty{
		Name:                   s(name),
		EnvironmentBlueprintId: blueprintID,
		DeploymentMode:         s(mode),
		AwsRegion:              &awsdatazone.CfnProjectProfile_RegionProperty{RegionName: s("eu-west-1")},
	}
}

func profile(st awscdk.Stack, id string, domainID *string, ecs ...*awsdatazone.CfnProjectProfile_EnvironmentConfigurationProperty) awsdatazone.CfnProjectProfile {
	l := make([]interface{}, len(ecs))
	for i, ec := range ecs {
		l[i] = ec
	}
	return awsdatazone.NewCfnProjectProfile(st, s(id), &awsdatazone.CfnProjectProfileProps{
		Name:                      s("All capabilities"),
		DomainIdentifier:          domainID,
		EnvironmentConfigurations: &l,
	})
}

// lockedVpcOnly is the Tooling parameter override that a VPC-only profile needs.
func lockedVpcOnly(editable bool) *awsdatazone.CfnProjectProfile_EnvironmentConfigurationParametersDetailsProperty {
	return &awsdatazone.CfnProjectProfile_EnvironmentConfigurationParametersDetailsProperty{
		ParameterOverrides: &[]interface{}{&awsdatazone.CfnProjectProfile_EnvironmentConfigurationParameterProperty{
			Name: s("sagemakerDomainNetworkType"), Value: s("VpcOnly"), IsEditable: jsii.Bool(editable),
		}},
	}
}
