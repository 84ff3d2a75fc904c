package datacontract

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./constructs/datacontract/ -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (run with -update if the change is intended):\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

func TestGoldenDQDL(t *testing.T) {
	c := crm()
	c.QualityRules = append(c.QualityRules,
		Completeness("customers", "email", AtLeast(0.95)),
		ColumnValuesMatch("customers", "email", `^[^@\s]+@[^@\s]+$`),
		DataFreshness("customers", "updated_at", 24*time.Hour),
		CustomSQL("contacts", "score", "select count(*) from primary where score < 0", EqualTo(0)),
		ColumnValuesBetween("contacts", "score", 0, 100),
		RowCount("contacts", Between(0, 1e7)),
	)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	golden(t, "customers.dqdl.golden", c.DQDL("customers")+"\n")
	golden(t, "contacts.dqdl.golden", c.DQDL("contacts")+"\n")
}

func TestGoldenForm(t *testing.T) {
	c := crm()
	golden(t, "formmodel.smithy.golden", c.FormModel())
	content, err := c.FormContent()
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "formcontent.json.golden", content+"\n")
	again, _ := c.FormContent()
	if again != content {
		t.Error("FormContent() is not deterministic")
	}
}
