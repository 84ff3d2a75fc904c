package meshtest_test

import (
	"testing"

	"github.com/smusmesh/smusmesh/meshtest"
)

// checkSalesAndMarketing is what a test of your own module asserts on the quickstart's
// mesh: the sales team sees its CRM data, marketing queries its web analytics, and
// neither sees the other's tables. Call it from a test:
//
//	func TestAccess(t *testing.T) {
//		checkSalesAndMarketing(t, meshtest.Synth(t, build).Stage("dev"))
//	}
func checkSalesAndMarketing(t testing.TB, dev *meshtest.Stage) {
	dev.AssertReads("CRM Master Data", "crm.customers")
	dev.AssertReads("Campaign Analytics", "web_analytics.page_views", "view_id", "page", "campaign", "viewed_at")
	dev.AssertRowFilter("Campaign Analytics", "web_analytics.page_views", "consent = true")
	dev.AssertCannotRead("CRM Master Data", "web_analytics.page_views")
	dev.AssertCannotRead("Campaign Analytics", "crm.customers", "email")
	dev.AssertNoPIIReaches()
}

// Assert in mesh terms on a synthesized mesh (see checkSalesAndMarketing above; the
// quickstart's examples/quickstart/pitch_test.go runs it).
func Example() {
	_ = checkSalesAndMarketing
}
