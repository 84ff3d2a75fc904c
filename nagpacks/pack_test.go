package nagpacks

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// TestRuleTable pins the rule IDs and levels: adding, removing or re-levelling a rule is
// a deliberate change to this list and to RULES.md.
func TestRuleTable(t *testing.T) {
	want := []string{
		"DataMesh-CostlyBlueprintOnCreate ERROR",
		"DataMesh-BlueprintOnCreate WARN",
		"DataMesh-DomainWithoutCustomerManagedKey ERROR",
		"DataMesh-DomainWithoutSSO WARN",
		"DataMesh-DomainNotV2 ERROR",
		"DataMesh-GovernanceDomainHoldsData ERROR",
		"DataMesh-InlineProjectMembers ERROR",
		"DataMesh-StatefulResourceNotRetained ERROR",
		"DataMesh-MasterDataWithoutContract ERROR",
		"DataMesh-MasterDataConsumes WARN",
		"DataMesh-ExpiredTemporaryMember ERROR",
		"DataMesh-TemporaryMemberWithoutEndDate ERROR",
		"DataMesh-GrantToAllUsersInProduction ERROR",
		"DataMesh-VpcOnlyToolingNotLocked ERROR",
		"DataMesh-DataLakeSettingsNotAppend ERROR",
		"DataMesh-NamingConvention WARN",
		"DataMesh-DomainUnitWithoutOwner WARN",
		"DataMesh-ProjectWithoutDescription WARN",
		"DataMesh-PiiReadWithoutApproval ERROR",
	}
	var got []string
	for _, r := range Rules() {
		got = append(got, r.ID+" "+string(r.Level))
		if r.Info == "" || r.Explanation == "" || r.Fix == "" || len(r.ResourceTypes) == 0 || r.Check == nil {
			t.Errorf("%s: Info, Explanation, Fix, ResourceTypes and Check must be set", r.ID)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rules changed:\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestRulesMarkdown checks that RULES.md has one table row per rule, with its level.
func TestRulesMarkdown(t *testing.T) {
	b, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	md := string(b)
	rows := regexp.MustCompile("(?m)^\\| `(DataMesh-[A-Za-z0-9]+)` \\| (Error|Warning) \\|").FindAllStringSubmatch(md, -1)
	documented := map[string]string{}
	for _, r := range rows {
		documented[r[1]] = r[2]
	}
	for _, r := range Rules() {
		want := "Error"
		if r.Level == cdknag.NagMessageLevel_WARN {
			want = "Warning"
		}
		if documented[r.ID] != want {
			t.Errorf("RULES.md: want a row \"| `%s` | %s |\", got level %q", r.ID, want, documented[r.ID])
		}
		delete(documented, r.ID)
	}
	// The costly blueprints are listed once, in datamesh: the rule's row names each.
	row := regexp.MustCompile("(?m)^\\| `DataMesh-CostlyBlueprintOnCreate` .*$").FindString(md)
	for _, b := range datamesh.CostlyBlueprints() {
		if !strings.Contains(row, string(b)) {
			t.Errorf("RULES.md: the DataMesh-CostlyBlueprintOnCreate row does not name the costly blueprint %s", b)
		}
	}
	for id := range documented {
		t.Errorf("RULES.md documents %s, which is not a rule", id)
	}
}

// costlyProfile builds a profile that deploys MLExperiments ON_CREATE.
func costlyProfile(st awscdk.Stack) awsdatazone.CfnProjectProfile {
	return profile(st, "Profile", s("dzd_abc123"), envConfigOf("MLExperiments", s("b1x2y3z4"), "ON_CREATE"))
}

// TestErrorFindingFailsSynth: an error-level finding fails the synth. Outside the CDK
// CLI app.Synth panics with the CDK's validation failure, naming the rule and the
// resource; under the CLI (which sets failSynthOnValidationErrors=false and reads the
// report) the validation report concludes "failure", which makes `cdk synth` exit
// non-zero (examples/quickstart TestBrokenRuleFailsThroughCLI runs the real CLI). A
// warning alone does not fail.
func TestErrorFindingFailsSynth(t *testing.T) {
	synth := func(build func(st awscdk.Stack), ctx map[string]any) (msg string, dir string) {
		dir = t.TempDir()
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: s(dir), Context: &ctx})
		st := awscdk.NewStack(app, s("S"), nil)
		build(st)
		AddDataMeshPack(st, &DataMeshPackProps{Now: &testNow, NagPackProps: &cdknag.NagPackProps{Reports: jsii.Bool(false)}})
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint(r)
			}
		}()
		app.Synth(nil)
		return "", dir
	}
	costly := func(st awscdk.Stack) { costlyProfile(st) }
	msg, _ := synth(costly, map[string]any{"@aws-cdk/core:appMode": "inmemory"})
	for _, want := range []string{"ValidationFailed", "DataMesh-CostlyBlueprintOnCreate[MLExperiments]", "S/Profile"} {
		if !strings.Contains(msg, want) {
			t.Errorf("synth failure lacks %q:\n%s", want, msg)
		}
	}
	conclusion := func(dir string) string {
		b, err := os.ReadFile(filepath.Join(dir, "validation-report.json"))
		if err != nil {
			t.Fatal(err)
		}
		var rep struct {
			PluginReports []struct{ PluginName, Conclusion string } `json:"pluginReports"`
		}
		json.Unmarshal(b, &rep)
		for _, r := range rep.PluginReports {
			if r.PluginName == DataMeshPluginName {
				return r.Conclusion
			}
		}
		return ""
	}
	cli := map[string]any{"@aws-cdk/core:failSynthOnValidationErrors": false}
	if msg, dir := synth(costly, cli); msg != "" || conclusion(dir) != "failure" {
		t.Errorf("under the CLI: want no panic and a failed DataMesh report, got %q, %q", msg, conclusion(dir))
	}
	warnOnly := func(st awscdk.Stack) {
		goodProject(st, "Project", s("dzd_abc123"), nil, func(p *awsdatazone.CfnProjectProps) { p.Description = nil })
	}
	if msg, dir := synth(warnOnly, cli); msg != "" || conclusion(dir) != "success" {
		t.Errorf("a warning: want a successful report that lists it, got %q, %q", msg, conclusion(dir))
	}
}

// TestSuppression: a finding is suppressed with cdk-nag's NagSuppressions, for one
// finding (appliesTo) or for the whole rule.
func TestSuppression(t *testing.T) {
	for _, appliesTo := range []*[]any{nil, {s("MLExperiments")}} {
		a := check(t, nil, func(st awscdk.Stack) {
			p := costlyProfile(st)
			cdknag.NagSuppressions_AddResourceSuppressions(p, &[]*cdknag.NagPackSuppression{{
				Id:        s("DataMesh-CostlyBlueprintOnCreate"),
				Reason:    s("The ML platform team runs one shared tracking server per project on purpose."),
				AppliesTo: appliesTo,
			}}, jsii.Bool(false))
		})
		expectNoFinding(t, a, "DataMesh-CostlyBlueprintOnCreate")
	}
	// a suppression for another finding leaves this one
	a := check(t, nil, func(st awscdk.Stack) {
		p := costlyProfile(st)
		cdknag.NagSuppressions_AddResourceSuppressions(p, &[]*cdknag.NagPackSuppression{{
			Id: s("DataMesh-CostlyBlueprintOnCreate"), Reason: s("EMR is needed from day one."), AppliesTo: &[]any{s("EmrOnEc2")},
		}}, jsii.Bool(false))
	})
	expectFinding(t, a, "DataMesh-CostlyBlueprintOnCreate", "/S/Profile", "MLExperiments")
}

// TestNonDataZoneResourcesAreIgnored: the pack reports nothing on other resources.
func TestNonDataZoneResourcesAreIgnored(t *testing.T) {
	a := check(t, nil, func(st awscdk.Stack) {
		awscdk.NewCfnResource(st, s("Bucket"), &awscdk.CfnResourceProps{Type: s("AWS::S3::Bucket")})
	})
	for _, r := range Rules() {
		expectNoFinding(t, a, r.ID)
	}
}

// TestRawCfnResource: rules also read resources declared with the generic CfnResource.
func TestRawCfnResource(t *testing.T) {
	a := check(t, nil, func(st awscdk.Stack) {
		awscdk.NewCfnResource(st, s("Domain"), &awscdk.CfnResourceProps{
			Type:       s("AWS::DataZone::Domain"),
			Properties: &map[string]any{"Name": "Sales", "DomainVersion": "V2", "SingleSignOn": map[string]any{"Type": "IAM_IDC"}},
		}).ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil)
	})
	expectFinding(t, a, "DataMesh-DomainWithoutCustomerManagedKey", "/S/Domain", "")
	expectNoFinding(t, a, "DataMesh-DomainWithoutSSO")
	expectNoFinding(t, a, "DataMesh-StatefulResourceNotRetained")
}

func TestInvalidStandardsPanic(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("want a panic for a naming pattern that does not compile")
		}
	}()
	NewDataMeshPack(&DataMeshPackProps{Standards: &datamesh.Standards{Naming: &datamesh.NamingConventions{ProjectName: "("}}})
}

// TestApply: Apply on a Stage reaches the stacks inside it, adds AwsSolutions and the
// optional packs, and writes CSV and JSON reports into the stage's assembly.
func TestApply(t *testing.T) {
	outdir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: s(outdir)})
	stage := awscdk.NewStage(app, s("prd"), nil)
	st := awscdk.NewStack(stage, s("Mesh"), nil)
	goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.KmsKeyIdentifier = nil })
	grant(st, true)
	Apply(stage, &Options{Production: true, Now: &testNow, NIST80053R5: true})
	func() {
		defer func() { recover() }() // the DataMesh errors fail the synth
		app.Synth(nil)
	}()
	a := validationFindings(t, outdir)
	expectFinding(t, a, "DataMesh-DomainWithoutCustomerManagedKey", "/prd/Mesh/Domain", "")
	expectFinding(t, a, "DataMesh-GrantToAllUsersInProduction", "/prd/Mesh/Grant", "CREATE_PROJECT_FROM_PROJECT_PROFILE")

	for _, pack := range []string{"AwsSolutions", "DataMesh", "NIST.800.53.R5"} {
		for _, ext := range []string{"csv", "json"} {
			// <App outdir>/<Pack>-<Stage>-<Stack>-NagReport.<ext>
			matches, _ := filepath.Glob(filepath.Join(outdir, pack+"-prd-*NagReport."+ext))
			if len(matches) == 0 {
				entries, _ := os.ReadDir(outdir)
				var names []string
				for _, e := range entries {
					names = append(names, e.Name())
				}
				t.Errorf("no %s %s report in the assembly; have %v", pack, ext, names)
			}
		}
	}
}

// TestApplyOnAppDoesNotReachStages documents why Apply must be called per Stage.
func TestApplyOnAppDoesNotReachStages(t *testing.T) {
	out := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: s(out)})
	st := awscdk.NewStack(awscdk.NewStage(app, s("dev"), nil), s("Mesh"), nil)
	goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.KmsKeyIdentifier = nil })
	Apply(app, &Options{Now: &testNow, NoReports: true})
	// The domain inside the stage is not checked; rather than pass it without a word, the
	// synth fails and says to apply the checks per Stage (see TestApplyToApp).
	err := problem.Catch(func() { app.Synth(nil) })
	if err == nil || !strings.Contains(err.Error(), "does not reach inside its Stages (dev)") {
		t.Errorf("synth = %v, want the problem that the checks do not reach stage dev", err)
	}
}

// TestCustomRule: a governance team's rule is checked like the pack's own: a finding at
// its level, suppressed by cdk-nag's NagSuppressions (appliesTo included), a rule that
// panics is cdk-nag's CdkNagValidationFailure warning, and a malformed rule panics.
func TestCustomRule(t *testing.T) {
	panics := &Rule{ID: "Acme-Panics", Level: cdknag.NagMessageLevel_WARN, Info: "never", ResourceTypes: []string{typeDomain},
		Check: func(*Resource) Result { panic("boom") }}
	tagged := &Rule{ID: "Acme-DomainTag", Level: cdknag.NagMessageLevel_ERROR, Info: "The domain lacks a cost tag.", ResourceTypes: []string{typeDomain},
		Check: func(r *Resource) Result {
			if m, ok := r.Metadata(); ok && m.Governance {
				return NotApplicable()
			}
			return NonCompliant("cost-center", "owner")
		}}
	props := &DataMeshPackProps{Rules: []*Rule{tagged, panics}}
	a := check(t, props, func(st awscdk.Stack) {
		goodDomain(st, "Domain", nil, nil)
		d := goodDomain(st, "Suppressed", nil, nil)
		cdknag.NagSuppressions_AddResourceSuppressions(d, &[]*cdknag.NagPackSuppression{{
			Id: s("Acme-DomainTag"), Reason: s("The cost tag of this domain is set by the account vending."), AppliesTo: &[]any{s("cost-center")},
		}}, jsii.Bool(false))
		goodDomain(st, "Governance", &meshmeta.Resource{Kind: meshmeta.KindGovernanceDomain, Governance: true}, nil)
	})
	var got []string
	for _, f := range ruleAnnotations(a, "Acme-DomainTag") {
		got = append(got, f.level+" "+f.path+" "+strings.SplitN(f.msg, ":", 2)[0])
	}
	want := []string{"error /S/Domain Acme-DomainTag[cost-center]", "error /S/Domain Acme-DomainTag[owner]", "error /S/Suppressed Acme-DomainTag[owner]"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if f := ruleAnnotations(a, "CdkNagValidationFailure"); len(f) != 3 || !strings.Contains(f[0].msg, "Acme-Panics") {
		t.Errorf("want one CdkNagValidationFailure per domain for the panicking rule, got %v", f)
	}

	for _, bad := range []*Rule{
		{ID: "NoPrefix", Level: cdknag.NagMessageLevel_ERROR, Info: "x", ResourceTypes: []string{typeDomain}, Check: tagged.Check},
		{ID: "DataMesh-DomainNotV2", Level: cdknag.NagMessageLevel_ERROR, Info: "x", ResourceTypes: []string{typeDomain}, Check: tagged.Check},
		{ID: "Acme-NoCheck", Level: cdknag.NagMessageLevel_ERROR, Info: "x", ResourceTypes: []string{typeDomain}},
		{ID: "Acme-NoTypes", Level: cdknag.NagMessageLevel_ERROR, Info: "x", Check: tagged.Check},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("rule %s: want a panic", bad.ID)
				}
			}()
			NewDataMeshPack(&DataMeshPackProps{Rules: []*Rule{bad}})
		}()
	}
}
