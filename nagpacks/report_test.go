package nagpacks

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// reportFixture builds an app whose DataMesh findings exercise every part of a cdk-nag
// report: compliant, non-compliant (several findings on one resource), suppressed with
// and without appliesTo, by a regex, on the stack, with a reason cdk-nag stores base64
// encoded, a nested stack (its report is named by the nested stack's unique ID), and a
// stack directly under the App (no stage).
func reportFixture(app awscdk.App) {
	stage := awscdk.NewStage(app, s("prd"), nil)
	st := awscdk.NewStack(stage, s("Mesh"), nil)
	d := goodDomain(st, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.KmsKeyIdentifier = nil })
	goodUnit(st, "Unit", d, nil)
	lonely := awsdatazone.NewCfnDomainUnit(st, s("Lonely"), &awsdatazone.CfnDomainUnitProps{
		Name: s("Finance"), DomainIdentifier: d.AttrId(), ParentDomainUnitIdentifier: d.AttrRootDomainUnitId(),
	})
	retain(lonely)
	p := profile(st, "Profile", d.AttrId(),
		envConfigOf("MLExperiments", s("b1x2y3z4"), "ON_CREATE"),
		envConfigOf("EmrOnEc2", s("b5x6y7z8"), "ON_CREATE"),
		envConfigOf("Workflows", s("b9x0y1z2"), "ON_CREATE"),
		envConfigOf("Lakehouse", s("b3x4y5z6"), "ON_CREATE"))
	cdknag.NagSuppressions_AddResourceSuppressions(p, &[]*cdknag.NagPackSuppression{{
		Id: s("DataMesh-CostlyBlueprintOnCreate"), Reason: s("The ML platform team runs one tracking server per project, FIN-123."),
		AppliesTo: &[]any{s("MLExperiments"), &cdknag.RegexAppliesTo{Regex: s("/^emr/i")}},
	}, {
		Id: s("DataMesh-BlueprintOnCreate"), Reason: s("Kostenfreigabe für Lakehouse – FIN-124 ✓"),
	}}, jsii.Bool(false))
	pr := goodProject(st, "Project", d.AttrId(), nil, func(p *awsdatazone.CfnProjectProps) { p.Description = nil; p.Name = s("orders") })
	cdknag.NagSuppressions_AddResourceSuppressions(pr, &[]*cdknag.NagPackSuppression{{
		Id: s("DataMesh-NamingConvention"), Reason: s("Legacy name, kept until the \"orders\" rename, with commas, quotes."),
	}}, jsii.Bool(false))
	membership(st, &meshmeta.Resource{Kind: meshmeta.KindProjectMembership, Temporary: true, EndDate: "2026-05-31"})
	grant(st, true)
	awscdk.NewCfnResource(st, s("Bucket"), &awscdk.CfnResourceProps{Type: s("AWS::S3::Bucket")})

	nested := awscdk.NewNestedStack(st, s("Orders Project"), nil)
	goodProject(nested, "Project", s("dzd_abc123"), &meshmeta.Resource{Kind: meshmeta.KindMasterDataProject,
		MasterData: &meshmeta.MasterData{Source: "CRM"}}, func(p *awsdatazone.CfnProjectProps) { p.Description = nil })
	deeper := awscdk.NewNestedStack(nested, s("Deeper"), nil)
	goodProject(deeper, "Project", s("dzd_abc123"), nil, func(p *awsdatazone.CfnProjectProps) { p.Name = s("Deep") }).
		ApplyRemovalPolicy(awscdk.RemovalPolicy_DESTROY, nil)
	cdknag.NagSuppressions_AddStackSuppressions(deeper, &[]*cdknag.NagPackSuppression{{
		Id: s("DataMesh-StatefulResourceNotRetained"), Reason: s("Scratch projects of the sandbox stack are disposable."),
	}}, jsii.Bool(false))
	Apply(stage, &Options{Production: true, Now: &testNow})

	top := awscdk.NewStack(app, s("Top"), nil)
	goodDomain(top, "Domain", nil, func(p *awsdatazone.CfnDomainProps) { p.DomainVersion = nil })
	Apply(top, &Options{Now: &testNow})
}

// TestReportsMatchCdkNag compares the DataMesh reports of the fixture with the golden
// files, which were written by cdk-nag's own NagReportLogger when the pack still ran
// inside cdk-nag (commit 34d4ad9, go test -run TestReportsMatchCdkNag -update): the pure
// Go engine writes the same bytes. Refresh them only for a deliberate change of a rule's
// text or results, and check the diff is only that: -update now writes the Go engine's
// output, which is no longer an independent reference.
func TestReportsMatchCdkNag(t *testing.T) {
	out := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: s(out), Context: &map[string]any{
		"@aws-cdk/core:failSynthOnValidationErrors": false, // as under the CDK CLI: report, do not throw
	}})
	reportFixture(app)
	app.Synth(nil)
	got, _ := filepath.Glob(filepath.Join(out, "DataMesh-*-NagReport.*"))
	sort.Strings(got)
	golden := filepath.Join("testdata", "reports")
	if *update {
		os.RemoveAll(golden)
		os.MkdirAll(golden, 0o755)
		for _, f := range got {
			b, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(golden, filepath.Base(f)), b, 0o644)
		}
	}
	want, _ := filepath.Glob(filepath.Join(golden, "*"))
	var gotNames, wantNames []string
	for _, f := range got {
		gotNames = append(gotNames, filepath.Base(f))
	}
	for _, f := range want {
		wantNames = append(wantNames, filepath.Base(f))
	}
	if strings.Join(gotNames, "\n") != strings.Join(wantNames, "\n") {
		t.Fatalf("report files differ:\ngot  %v\nwant %v", gotNames, wantNames)
	}
	for _, f := range got {
		g, _ := os.ReadFile(f)
		w, _ := os.ReadFile(filepath.Join(golden, filepath.Base(f)))
		if string(g) != string(w) {
			t.Errorf("%s differs from the cdk-nag golden:\ngot:\n%s\nwant:\n%s", filepath.Base(f), g, w)
		}
	}
}
