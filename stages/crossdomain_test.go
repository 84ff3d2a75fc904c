package stages

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/problem"
)

const crossDomainFixture = "crossdomain.yaml"

// TestCrossDomainReadSynth: a read of another domain's product is a grant in the
// product's nested stack (the product's account), to the consumer's role in the
// consumer domain's account; two domains reading each other synthesize (no stack cycle).
func TestCrossDomainReadSynth(t *testing.T) {
	def, err := Parse(crossDomainFixture, []byte(fixture(t, crossDomainFixture)))
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	dir, stages := synthMesh(t, def, []string{"dev"}, nil)
	s := settingsFor("dev", def)
	energy, transport := s.DomainAccounts["energy"], s.DomainAccounts["transport"]
	if energy == transport {
		t.Fatal("the fixture's domains share an account")
	}
	if got := stages["dev"].MasterDataProject("energy", "CRM Master Data").Consumers(); !strings.Contains(strings.Join(got, ","), "Fleet Planning") {
		t.Errorf("CRM consumers %v", got)
	}
	ts := readTemplates(t, filepath.Join(dir, "assembly-dev"))
	var crm, telematics string
	for k, v := range ts {
		if !strings.HasSuffix(k, ".nested.template.json") || !strings.Contains(v, `"AWS::DataZone::DataSource"`) {
			continue
		}
		if strings.Contains(v, `"crm"`) {
			crm = v
		} else {
			telematics = v
		}
	}
	for name, c := range map[string]struct {
		tpl, role, catalog, productDomain string
	}{
		"CRM (read by transport)":     {crm, "arn:aws:iam::" + transport + ":role/fleet-planning-project", energy, "energy"},
		"Telematics (read by energy)": {telematics, "arn:aws:iam::" + energy + ":role/billing-audit-project", transport, "transport"},
	} {
		for _, w := range []string{`"` + c.role + `"`, `"` + c.catalog + `"`, `"productDomain": "` + c.productDomain + `"`} {
			if !strings.Contains(c.tpl, w) {
				t.Errorf("%s: product template lacks %s", name, w)
			}
		}
	}
	findings, err := cfnschema.ValidateAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range findings {
		if i < 20 {
			t.Errorf("schema: %s", f)
		}
	}
}

// TestBadInputBothDoors: each mistake of a YAML mesh is reported with file, line and
// path, as its Go form is by the constructs (constructs/datamesh: TestCrossDomainReferences,
// TestDataProductFromAttributes, TestQuotasFailSynth, TestMasterDataProjectInvalid);
// messages golden.
func TestBadInputBothDoors(t *testing.T) {
	base := fixture(t, crossDomainFixture)
	cases := []struct {
		name, edit, with string
		want             string
		err              error
	}{
		{"read of an unknown domain", "          - domain: energy\n", "          - domain: energie\n",
			`domains[transport].projects[Fleet Planning].reads[0].domain: "energie": invalid props: the mesh has no domain of that name`, datamesh.ErrInvalidProps},
		{"read of an unknown product of another domain", "            product: Telematics Master Data\n", "            product: Telemetry Master Data\n",
			`domains[energy].projects[Billing Audit].reads[0].product: "Telemetry Master Data": invalid props: the domain has no Master Data project of that name`, datamesh.ErrInvalidProps},
		{"read of another domain's column that is not there", "            columns: [customer_id, country]\n", "            columns: [customer_id, tier]\n",
			`domains[transport].projects[Fleet Planning].reads[0].columns[1]: "tier": column is not in table customers`, datacontract.ErrUnknownColumn},
		{"data source include that matches no table", "          database: telematics\n", "          database: telematics\n          include: [positions, position_history]\n",
			`domains[transport].masterData[Telematics].dataSource.include[1]: "position_history": matches nothing`, datamesh.ErrUnmatched},
		{"two domains of one name", "  - name: transport\n", "  - name: Energy\n",
			`domains[Energy].name: "Energy" is also the name of domains[energy]`, datamesh.ErrDuplicate},
	}
	var lines []string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.edit) {
				t.Fatalf("fixture does not contain %q", c.edit)
			}
			_, err := Parse(crossDomainFixture, []byte(strings.Replace(base, c.edit, c.with, 1)))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), crossDomainFixture+":") {
				t.Errorf("error does not contain %q with file:line:\n%v", c.want, err)
			}
			if !errors.Is(err, c.err) {
				t.Errorf("errors.Is(err, %v) is false: %v", c.err, err)
			}
			for _, p := range problem.All(err) {
				if strings.Contains(p.Error(), c.want) {
					lines = append(lines, p.Error())
				}
			}
		})
	}
	goldenFile(t, filepath.Join("testdata", "badinput.golden"), strings.Join(lines, "\n")+"\n")
}

// TestQuotasInYAML: a YAML mesh over service quotas fails its synth with one problem per
// construct over a quota, in every domain at once.
func TestQuotasInYAML(t *testing.T) {
	// Six levels of units in both domains, and 21 members of one project.
	deep := func(name string) string {
		var b strings.Builder
		indent := "    "
		b.WriteString(indent + "units:\n")
		for i := 1; i <= 6; i++ {
			b.WriteString(indent + "  - name: " + name + string(rune('0'+i)) + "\n")
			indent += "    "
			if i < 6 {
				b.WriteString(indent + "units:\n")
			}
		}
		return b.String()
	}
	var members strings.Builder
	for i := range 21 {
		members.WriteString("          - {user: user" + string(rune('a'+i)) + "@example.com}\n")
	}
	src := `governance: {name: mesh-governance}
domains:
  - name: energy
    profiles: [{name: Default}]
` + deep("E") + `    projects:
      - name: Big
        profile: Default
        members:
` + members.String() + `  - name: transport
    profiles: [{name: Default}]
` + deep("T")
	def, err := Parse("quotas.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"}})
	if err := problem.Catch(func() {
		NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	}); err != nil {
		t.Fatalf("build: %v", err)
	}
	_, err = Synth(app)
	err = def.locateQuotas(err) // as SynthAndReport does
	if !errors.Is(err, datamesh.ErrLimit) {
		t.Fatalf("synth err = %v, want ErrLimit", err)
	}
	var lines []string
	for _, p := range problem.All(err) {
		lines = append(lines, p.Error())
	}
	for _, l := range lines {
		if !strings.Contains(l, "quotas.yaml:") {
			t.Errorf("no file:line: %s", l)
		}
	}
	if len(lines) != 3 {
		t.Errorf("got %d problems, want 3 (two depths, one member pool):\n%s", len(lines), strings.Join(lines, "\n"))
	}
	goldenFile(t, filepath.Join("testdata", "quotas.golden"), strings.Join(lines, "\n")+"\n")
}

// goldenFile compares got with file, rewriting it with -update.
func goldenFile(t *testing.T, file, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update to accept):\n--- got\n%s--- want\n%s", file, got, want)
	}
}

// TestCrossAccountTagRead: a read by LF-tags of another domain's product in another
// account is a problem of the stage's settings; in one account it builds.
func TestCrossAccountTagRead(t *testing.T) {
	src := strings.Replace(strings.Replace(fixture(t, crossDomainFixture),
		"          freshnessSla: 24h\n", "          freshnessSla: 24h\n          tags: {domain: [sales]}\n", 1),
		"            table: customers\n            columns: [customer_id, country]\n", "            tagExpression: {domain: [sales]}\n            piiApproval: {reason: fleet contacts customers}\n", 1)
	def, err := Parse(crossDomainFixture, []byte(src))
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	err = settingsFor("dev", def).Validate("dev", def)
	if !errors.Is(err, datamesh.ErrCrossAccount) || !strings.Contains(err.Error(), "domains[transport].projects[Fleet Planning].reads[0] reads CRM Master Data of domain energy by tagExpression") {
		t.Fatalf("settings: %v", err)
	}
	_, _ = synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) { s.Accounts = AccountPerEnvironment })
}
