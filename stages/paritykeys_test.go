package stages

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

const parityFixture = "parity.yaml"

// parityTemplates synthesizes the dev stage of the definition text and returns the
// energy domain's template and the Load Forecast project's nested template.
func parityTemplates(t *testing.T, text string) (gov, domain, project tmpl, dir string) {
	t.Helper()
	def, err := Parse(parityFixture, []byte(text))
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	dir, _ = synthMesh(t, def, []string{"dev"}, nil)
	for k, v := range readTemplates(t, filepath.Join(dir, "assembly-dev")) {
		var tm tmpl
		if err := json.Unmarshal([]byte(v), &tm); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.HasSuffix(k, ".nested.template.json") && strings.Contains(v, `"Load Forecast"`):
			project = tm
		case strings.Contains(v, `"Type": "AWS::DataZone::Domain"`) && strings.Contains(v, `"Name": "energy"`):
			domain = tm
		case strings.Contains(v, `"Type": "AWS::DataZone::Domain"`) && strings.Contains(v, `"Name": "mesh-governance"`):
			gov = tm
		}
	}
	if domain.Resources == nil || project.Resources == nil || gov.Resources == nil {
		t.Fatal("templates of the domains or of the project not found")
	}
	return gov, domain, project, dir
}

// TestParityKeysSynth: the keys that close the Go-only gaps of the parity table reach the
// template as the Go props do: domain tags, a profile owned by a nested unit (whose
// logical ID is the one it has when it owns nothing), a disabled profile, a project's
// glossary terms, every option of its data source. Every template is valid against the
// registry schemas.
func TestParityKeysSynth(t *testing.T) {
	base := fixture(t, parityFixture)
	gov, domain, project, dir := parityTemplates(t, base)
	one := func(tm tmpl, typ string) (string, map[string]any) {
		t.Helper()
		got := tm.ofType(typ)
		if len(got) != 1 {
			t.Fatalf("%d resources of type %s, want 1", len(got), typ)
		}
		for id, p := range got {
			return id, p
		}
		return "", nil
	}
	_, d := one(domain, "AWS::DataZone::Domain")
	if got := jsonOf(d["Tags"]); got != `[{"Key":"cost-center","Value":"energy"},{"Key":"owner","Value":"grid-team"}]` {
		t.Errorf("domain Tags = %s", got)
	}
	_, g := one(gov, "AWS::DataZone::Domain")
	if got := jsonOf(g["Tags"]); got != `[{"Key":"cost-center","Value":"governance"}]` {
		t.Errorf("governance domain Tags = %s", got)
	}
	units := domain.ofType("AWS::DataZone::DomainUnit")
	var forecast string
	for id, u := range units {
		if u["Name"] == "Forecast" {
			forecast = id
		}
	}
	if forecast == "" {
		t.Fatalf("no unit Forecast in %v", units)
	}
	profiles := map[string]map[string]any{}
	for _, p := range domain.ofType("AWS::DataZone::ProjectProfile") {
		profiles[p["Name"].(string)] = p
	}
	if got, want := jsonOf(profiles["Forecasting"]["DomainUnitIdentifier"]), `{"Fn::GetAtt":["`+forecast+`","Id"]}`; got != want {
		t.Errorf("Forecasting DomainUnitIdentifier = %s, want %s", got, want)
	}
	if got := jsonOf(profiles["Legacy"]["DomainUnitIdentifier"]); !strings.Contains(got, "RootDomainUnitId") {
		t.Errorf("Legacy DomainUnitIdentifier = %s, want the root unit", got)
	}
	if profiles["Legacy"]["Status"] != "DISABLED" || profiles["Forecasting"]["Status"] != "ENABLED" {
		t.Errorf("Status = %v (Legacy), %v (Forecasting), want DISABLED, ENABLED", profiles["Legacy"]["Status"], profiles["Forecasting"]["Status"])
	}
	_, p := one(project, "AWS::DataZone::Project")
	if got := jsonOf(p["GlossaryTerms"]); got != `["gt-load","gt-forecast"]` {
		t.Errorf("GlossaryTerms = %s", got)
	}
	_, ds := one(project, "AWS::DataZone::DataSource")
	for k, want := range map[string]string{
		"Description":     `"The load forecasts of the grid"`,
		"PublishOnImport": `false`,
		"Recommendation":  `{"EnableBusinessNameGeneration":false}`,
	} {
		if got := jsonOf(ds[k]); got != want {
			t.Errorf("data source %s = %s, want %s", k, got, want)
		}
	}
	glue := jsonOf(ds["Configuration"])
	for _, w := range []string{`"CatalogName":"111111111111"`, `"AutoImportDataQualityResult":false`} {
		if !strings.Contains(glue, w) {
			t.Errorf("data source Configuration lacks %s: %s", w, glue)
		}
	}
	findings, err := cfnschema.ValidateAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		t.Errorf("schema: %s", f)
	}

	// Without the unit key, the profile is the root unit's and no logical ID moves: the
	// unit made before the profiles keeps the id the walk over the units gives it.
	_, plain, _, _ := parityTemplates(t, strings.Replace(base, "        unit: Grid/Forecast # owned by the unit, not the root unit\n", "", 1))
	ids := func(tm tmpl) []string {
		var out []string
		for id := range tm.Resources {
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}
	if a, b := ids(domain), ids(plain); !slices.Equal(a, b) {
		t.Errorf("logical IDs differ with and without the profile's unit:\n%v\n%v", a, b)
	}
}

// TestParityKeysInvalid edits the fixture and expects each problem with file, line and
// the definition's path, spelled as the YAML spells it.
func TestParityKeysInvalid(t *testing.T) {
	base := fixture(t, parityFixture)
	const p = "domains[energy].units[Grid].units[Forecast].projects[Load Forecast]"
	cases := []struct {
		name, edit, with string
		want             []string
		err              error
	}{
		{"unknown unit", "unit: Grid/Forecast", "unit: Forecast",
			[]string{`parity.yaml:20: domains[energy].profiles[Forecasting].unit: "Forecast" names no unit of the domain: name a unit by its path of names from the root unit: one of Grid, Grid/Forecast`}, datamesh.ErrInvalidProps},
		{"reserved tag key", "      owner: grid-team\n", "      aws:owner: grid-team\n",
			[]string{`parity.yaml:14: domains[energy].tags[aws:owner]: "aws:owner": invalid props: the prefix "aws:" is reserved for AWS: use another key`}, datamesh.ErrInvalidProps},
		{"long governance tag value", "    cost-center: governance\n", "    cost-center: " + strings.Repeat("g", 257) + "\n",
			[]string{`parity.yaml:9: governance.tags[cost-center]: "` + strings.Repeat("g", 32) + `...": invalid props: a tag value is at most 256 characters`}, datamesh.ErrInvalidProps},
		{"glossary term by name", "glossaryTerms: [gt-load, gt-forecast]", "glossaryTerms: [gt-load, Load forecast]",
			[]string{`parity.yaml:31: ` + p + `.glossaryTerms[1]: "Load forecast": invalid props: a glossary term is named by its ID`}, datamesh.ErrInvalidProps},
		{"catalog name too long", `catalogName: "111111111111"`, "catalogName: " + strings.Repeat("c", 129),
			[]string{`parity.yaml:35: ` + p + `.dataSource.catalogName: "` + strings.Repeat("c", 129) + `": invalid name: must be 1-128 characters`}, datamesh.ErrInvalidName},
		{"publishOnImport not a boolean", "publishOnImport: false", "publishOnImport: never",
			[]string{`parity.yaml:36: ` + p + `.dataSource.publishOnImport: expected true or false, got a string "never"`}, nil},
		{"disabled not a boolean", "disabled: true", "disabled: yes please",
			[]string{`parity.yaml:22: domains[energy].profiles[Legacy].disabled`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Count(base, c.edit) != 1 {
				t.Fatalf("fixture contains %q %d times", c.edit, strings.Count(base, c.edit))
			}
			def, err := Parse(parityFixture, []byte(strings.Replace(base, c.edit, c.with, 1)))
			if err == nil {
				err = def.Validate()
			}
			if err == nil {
				t.Fatal("no problem reported")
			}
			if c.err != nil && !errors.Is(err, c.err) {
				t.Errorf("error does not match %v:\n%v", c.err, err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("want %q in:\n%v", w, err)
				}
			}
		})
	}
}
