package main

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/meshtest"
	"github.com/smusmesh/smusmesh/problem"
)

// shared is the quickstart assembly, synthesized once for the tests that only read it.
var shared struct {
	once sync.Once
	dir  string
	err  error
}

// sharedAssembly synthesizes the quickstart once per test binary (TestMain removes it).
func sharedAssembly(t *testing.T) string {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "smusmesh-quickstart-")
		if shared.err != nil {
			return
		}
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(shared.dir)})
		if shared.err = problem.Catch(func() { build(app, variation{}) }); shared.err == nil {
			app.Synth(nil)
		}
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.dir
}

// TestThePitch proves, on what the quickstart's templates grant, the mesh's promise:
// the sales team sees its CRM data, marketing queries its web analytics, and neither
// sees the other's tables (Campaign Analytics, in Marketing, reads only the CRM columns
// it was granted, none of them personal data).
func TestThePitch(t *testing.T) {
	dev := meshtest.Load(t, sharedAssembly(t)).Stage("dev") // or meshtest.Synth(t, build)

	// The sales team sees its CRM data.
	dev.AssertMembers("CRM Master Data", "SSO_USER:jane.doe@example.com", "SSO_GROUP:sales-data-owners",
		"SSO_USER:sam.engineer@example.com", "IAM_ROLE:LakehouseConnectionLookup")
	dev.AssertReads("CRM Master Data", "crm.customers")

	// Marketing queries its web analytics.
	dev.AssertMembers("Web Analytics Master Data", "SSO_GROUP:marketing-data-owners", "IAM_ROLE:LakehouseConnectionLookup")
	dev.AssertReads("Web Analytics Master Data", "web_analytics.page_views")
	dev.AssertMembers("Campaign Analytics", "SSO_USER:max.mustermann@example.com", "SSO_GROUP:marketing-analysts")
	dev.AssertReads("Campaign Analytics", "web_analytics.page_views", "view_id", "page", "campaign", "viewed_at")
	dev.AssertRowFilter("Campaign Analytics", "web_analytics.page_views", "consent = true")

	// Neither sees the other's tables.
	dev.AssertCannotRead("CRM Master Data", "web_analytics.page_views")
	dev.AssertCannotRead("Web Analytics Master Data", "crm.customers")
	dev.AssertOnlyReaders("web_analytics.page_views", "Campaign Analytics")
	dev.AssertOnlyReaders("crm.customers", "Campaign Analytics")
	dev.AssertReads("Campaign Analytics", "crm.customers", "customer_id", "country", "segment", "created_at")
	dev.AssertCannotRead("Campaign Analytics", "crm.customers", "email")
	dev.AssertNoPIIReaches()
}

// recorder is a testing.TB that records failures instead of failing: the negative test
// checks that the assertions fail, and with which message.
type recorder struct {
	testing.TB
	msgs []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) { r.Errorf(format, args...) }

// TestThePitchFailsWhenAGrantIsWidened adds a table-wide read of the CRM customers to
// Campaign Analytics, as a careless edit would, and checks that the pitch's assertions
// fail, naming the project, the PII column and the grant. The read carries a PII approval:
// without one the DataMesh rule PiiReadWithoutApproval already fails the synth; with one
// the synth passes, and the team's own access tests are what still hold the pitch.
func TestThePitchFailsWhenAGrantIsWidened(t *testing.T) {
	if testing.Short() {
		t.Skip("synthesizes the quickstart a second time")
	}
	m := meshtest.Synth(t, func(app awscdk.App) {
		build(app, variation{})
		stage := app.Node().FindChild(jsii.String("dev"))
		stack := stage.Node().FindChild(jsii.String("Corporate"))
		corp := stack.Node().FindChild(jsii.String("Corporate")).(datamesh.BusinessDomain)
		crm := corp.Node().FindChild(jsii.String("CrmMasterData")).(datamesh.MasterDataProject)
		campaigns := corp.Node().FindChild(jsii.String("CampaignAnalytics")).(datamesh.Project)
		datamesh.NewDataProductAccess(corp, jsii.String("CampaignAnalyticsReadsAllCustomers"), &datamesh.DataProductAccessProps{
			Consumer: campaigns,
			ConsumerRole: awsiam.Role_FromRoleArn(corp, jsii.String("WidenedRole"),
				jsii.String("arn:aws:iam::"+account+":role/campaign-analytics-project"), nil),
			Product:     crm,
			Table:       "customers", // no Columns: the whole table
			PIIApproval: &datamesh.AccessApproval{Reason: "campaign e-mails", ApprovedBy: "someone in a hurry"},
		})
	})
	rec := &recorder{TB: t}
	dev := m.Stage("dev").ForTest(rec)
	dev.AssertNoPIIReaches()
	dev.AssertCannotRead("Campaign Analytics", "crm.customers", "email")
	dev.AssertReads("Campaign Analytics", "crm.customers", "customer_id", "country", "segment", "created_at")
	want := []string{
		`stage dev: "Campaign Analytics" reads PII column crm.customers.email of product "CRM Master Data"`,
		`stage dev: "Campaign Analytics" reads column crm.customers.email, want no access to it`,
		`stage dev: "Campaign Analytics" reads all columns of crm.customers, want exactly customer_id, country, segment, created_at`,
	}
	for _, w := range want {
		found := false
		for _, msg := range rec.msgs {
			found = found || strings.Contains(msg, w)
		}
		if !found {
			t.Errorf("no failure %q; failures:\n%s", w, strings.Join(rec.msgs, "\n"))
		}
	}
}
