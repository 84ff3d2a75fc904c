package datamesh

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuotaCounts checks the counts that are too costly to build in a synth test: 501
// units, 501 environments, and grants of one policy on a unit; at the limit nothing is
// reported.
func TestQuotaCounts(t *testing.T) {
	d := &domainCore{name: "big", grants: map[string]string{}, pool: nil}
	for i := range 500 {
		d.usage.units = append(d.usage.units, &unitCore{path: fmt.Sprintf("U%d", i)})
	}
	for i := range 250 {
		d.usage.environments = append(d.usage.environments, projectEnvironments{fmt.Sprintf("P%d", i), 2})
	}
	for i := range 20 {
		d.grants[fmt.Sprintf("DOMAIN_UNIT|Mesh/Big|CREATE_PROJECT_FROM_PROJECT_PROFILE|SSO_GROUP:g%d", i)] = "x"
	}
	if got := d.quotaProblems(); len(got) != 0 {
		t.Fatalf("at the limits: %v", got)
	}
	d.usage.units = append(d.usage.units, &unitCore{path: "U500"})
	d.usage.environments = append(d.usage.environments, projectEnvironments{"P250", 1})
	d.grants["DOMAIN_UNIT|Mesh/Big|CREATE_PROJECT_FROM_PROJECT_PROFILE|SSO_GROUP:g20"] = "x"
	// Grants of other policies, or on a blueprint, do not count.
	d.grants["DOMAIN_UNIT|Mesh/Big|CREATE_DOMAIN_UNIT|SSO_GROUP:g0"] = "x"
	d.grants["ENVIRONMENT_BLUEPRINT_CONFIGURATION|Tooling|CREATE_ENVIRONMENT_FROM_BLUEPRINT|SSO_GROUP:g0"] = "x"
	got := d.quotaProblems()
	want := []QuotaID{QuotaDomainUnitsPerDomain, QuotaGrantsPerPolicyPerUnit, QuotaEnvironmentsPerDomain}
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d: %v", len(got), len(want), got)
	}
	for i, q := range want {
		if !strings.Contains(got[i], string(q)) || !strings.HasPrefix(got[i], ErrLimit.Error()+": ") {
			t.Errorf("problem %d = %q, want %s", i, got[i], q)
		}
	}
	for _, q := range quotas {
		if q.Limit <= 0 || !strings.HasPrefix(q.Source, "https://docs.aws.amazon.com/") || q.Resource == "" || q.CheckedBy == "" {
			t.Errorf("quota %s is incomplete: %+v", q.ID, q)
		}
	}
}

// TestQuotasDoc keeps docs/quotas.md rendered from the one list of quotas.
func TestQuotasDoc(t *testing.T) {
	path := filepath.Join("..", "..", "docs", "quotas.md")
	data, err := os.ReadFile(path)
	if err != nil && !updating() {
		t.Fatal(err)
	}
	const begin, end = "<!-- quotas:begin (go test ./constructs/datamesh -run TestQuotasDoc -update) -->\n", "<!-- quotas:end -->\n"
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s has no %q ... %q section", path, begin, end)
	}
	got := doc[:i+len(begin)] + quotasMarkdown() + doc[j:]
	if got == doc {
		return
	}
	if updating() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the quotas list: run go test ./constructs/datamesh -run TestQuotasDoc -update", path)
}

// updating reports whether -update was given (the flag is the external tests').
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}
