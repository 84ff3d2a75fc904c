package stages

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

func TestDefinitionValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(d *Definition)
		want   []string // substrings, each in some problem
		err    error
	}{
		{"valid", func(*Definition) {}, nil, nil},
		{"duplicate domain", func(d *Definition) { d.Domains[1].Name = "energy" }, []string{`domains[energy].name: "energy" is also the name of domains[energy]`}, datamesh.ErrDuplicate},
		{"duplicate unit", func(d *Definition) { d.Domains[0].Units = append(d.Domains[0].Units, &UnitDef{Name: "unit 000"}) }, []string{`domains[energy].units[unit 000].name: "unit 000": duplicate: unit "(root)" already has a child unit of that name (domains[energy].units[Unit 000])`}, datamesh.ErrDuplicate},
		{"duplicate project", func(d *Definition) {
			u := d.Domains[0].Units[0]
			u.Projects = append(u.Projects, &ProjectDef{Name: "Project 0000", Profile: "Analytics"})
		}, []string{`domains[energy].units[Unit 000].projects[3].name: "Project 0000": duplicate: unit "Unit 000" already has a project of that name (domains[energy].units[Unit 000].projects[Project 0000])`}, datamesh.ErrDuplicate},
		{"unknown profile", func(d *Definition) { d.Domains[0].Units[0].Projects[1].Profile = "Nope" }, []string{`domains[energy].units[Unit 000].projects[Project 0001].profile: "Nope": invalid props: the domain has no profile of that name: use one of [Analytics]`}, datamesh.ErrInvalidProps},
		{"unknown blueprint", func(d *Definition) { d.Domains[0].Blueprints = append(d.Domains[0].Blueprints, "Quantum!") }, []string{`domains[energy].blueprints[2]: "Quantum!": unknown blueprint`}, datamesh.ErrUnknownBlueprint},
		{"blueprint not enabled", func(d *Definition) {
			d.Domains[0].Profiles[0].Environments = append(d.Domains[0].Profiles[0].Environments, &EnvironmentDef{Blueprint: "RedshiftServerless"})
		}, []string{`domains[energy].profiles[Analytics].environments[2].blueprint: "RedshiftServerless": unknown blueprint: the domain does not enable it: add it to the domain's blueprints`}, datamesh.ErrUnknownBlueprint},
		{"sso user in IAM domain", func(d *Definition) {
			d.Domains[1].Identity = "IAM"
			d.Domains[1].Owners = nil
			d.Domains[1].Units = d.Domains[1].Units[:1]
			d.Domains[1].Units[0].Owners = nil
		}, []string{`domains[transport].units[Unit 000].projects[Project 0000].members[1]: "SSO_USER:engineer@example.com": identity model mismatch: an IAM domain has no Identity Center users or groups: use role or iamUser`}, datamesh.ErrIdentityMismatch},
		{"bad member date and designation", func(d *Definition) {
			m := d.Domains[0].Units[0].Projects[2].Members
			m[1].Until = "31.12.2026"
			m[0].Designation = "boss"
		}, []string{
			`domains[energy].units[Unit 000].projects[Project 0002].members[1].until: "31.12.2026"`,
			`domains[energy].units[Unit 000].projects[Project 0002].members[0].designation: unknown designation "boss"`,
		}, datamesh.ErrInvalidProps},
		{"member with two principals", func(d *Definition) { d.Domains[0].Units[0].Projects[0].Members[0].User = "x" }, []string{"projects[Project 0000].members[0]: set exactly one of user, group, role, iamUser (2 set)"}, datamesh.ErrInvalidProps},
		{"bad names", func(d *Definition) {
			d.Domains[0].Units[0].Name = "lower case" // a naming convention: a finding at synth, as in Go
			d.Domains[0].Units[0].Projects[0].Name = "Bad/Name"
		}, []string{"domains[energy].units[lower case].projects[Bad/Name].name: \"Bad/Name\": invalid name"}, datamesh.ErrInvalidName},
		{"missing governance", func(d *Definition) { d.Governance = nil }, []string{"governance: define the governance domain"}, datamesh.ErrMissing},
		{"bad standards", func(d *Definition) {
			d.Governance.Standards = &StandardsDef{Naming: &NamingDef{ProjectName: "("}, RequiredProductMetadata: []string{"colour"}}
		}, []string{"governance.standards.naming.projectName", `governance.standards.requiredProductMetadata[0]: "colour"`}, datamesh.ErrInvalidProps},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := genDefinition(6)
			c.mutate(d)
			err := d.Validate()
			if c.want == nil {
				if err != nil {
					t.Fatalf("unexpected problems:\n%v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no problem reported, want %q", c.want)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("problems do not contain %q:\n%v", w, err)
				}
			}
			if !errors.Is(err, c.err) {
				t.Errorf("errors.Is(err, %v) is false:\n%v", c.err, err)
			}
		})
	}
}

func TestValidateReportsAllProblemsAtOnce(t *testing.T) {
	d := genDefinition(6)
	d.Domains[1].Name = "energy"
	d.Domains[0].Units[0].Projects[1].Profile = "Nope"
	d.Domains[0].Units[0].Projects[0].Members[0].Designation = "boss"
	if n := len(problem.All(d.Validate())); n < 3 {
		t.Errorf("want at least 3 problems, got %d: %v", n, d.Validate())
	}
}

const goodYAML = `governance:
  name: mesh-governance
  owners:
    - group: data-governance
domains:
  - name: energy
    blueprints: [LakehouseCatalog, DataLake]
    profiles:
      - name: Analytics
        environments:
          - blueprint: LakehouseCatalog
    units:
      - name: Grid
        owners: [{group: grid-owners}]
        projects:
          - name: Forecasting
            profile: Analytics
            members:
              - group: grid-engineers
                designation: owner
              - user: sam@example.com
                temporary: true
              - user: kim@example.com
                until: 2026-12-31
`

func TestParseYAMLAndJSON(t *testing.T) {
	d, err := Parse("mesh.yaml", []byte(goodYAML))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	m := d.Domains[0].Units[0].Projects[0].Members
	if len(m) != 3 || !m[1].Temporary || m[2].Until != "2026-12-31" || d.ProjectCount() != 1 {
		t.Errorf("decoded wrongly: %+v", m)
	}
	js := `{"governance": {"name": "mesh-governance"},
 "domains": [{"name": "energy", "profiles": [{"name": "Analytics"}],
   "projects": [{"name": "Forecasting", "profile": "Analytics", "colour": "red"}]}]}`
	_, err = Parse("mesh.json", []byte(js))
	if err == nil || !strings.Contains(err.Error(), `mesh.json:3: domains[energy].projects[Forecasting].colour: unknown key "colour"`) {
		t.Errorf("JSON unknown key: %v", err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "mesh.yaml")
	if err := os.WriteFile(p, []byte(goodYAML), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(p); err != nil {
		t.Errorf("Load: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, edit, with string
		want             []string
		err              error
	}{
		{"unknown key", "            profile: Analytics\n", "            profile: Analytics\n            profil: x\n",
			[]string{`mesh.yaml:18: domains[energy].units[Grid].projects[Forecasting].profil: unknown key "profil" (did you mean "profile"?)`}, ErrUnknownKey},
		{"wrong type", "    blueprints: [LakehouseCatalog, DataLake]\n", "    blueprints: {LakehouseCatalog: true}\n",
			[]string{"mesh.yaml:7: domains[energy].blueprints: expected a list, got a map"}, ErrWrongType},
		{"number for string", "            profile: Analytics\n", "            profile: 42\n",
			[]string{`mesh.yaml:17: domains[energy].units[Grid].projects[Forecasting].profile: expected a string, got a number "42": quote it`}, ErrWrongType},
		{"bool", "                temporary: true\n", "                temporary: sometimes\n",
			[]string{`mesh.yaml:22: domains[energy].units[Grid].projects[Forecasting].members[1].temporary: expected true or false`}, ErrWrongType},
		{"missing required", "            profile: Analytics\n", "",
			[]string{`mesh.yaml:16: domains[energy].units[Grid].projects[Forecasting].profile: required key "profile" is missing`}, datamesh.ErrMissing},
		{"syntax", "    profiles:\n", "    profiles: [\n", []string{"mesh.yaml:"}, ErrSyntax},
		{"validation with line", "              - user: kim@example.com\n", "              - user: kim@example.com\n                designation: boss\n",
			[]string{`mesh.yaml:24: domains[energy].units[Grid].projects[Forecasting].members[2].designation: unknown designation "boss"`}, datamesh.ErrInvalidProps},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(goodYAML, c.edit) {
				t.Fatalf("fixture does not contain %q", c.edit)
			}
			_, err := Parse("mesh.yaml", []byte(strings.Replace(goodYAML, c.edit, c.with, 1)))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
			if !errors.Is(err, c.err) {
				t.Errorf("errors.Is(err, %v) is false: %v", c.err, err)
			}
		})
	}
}

func TestSettingsValidate(t *testing.T) {
	def := genDefinition(4)
	s := settingsFor("dev", def)
	s.TemporaryUntil = ""
	s.Region = "Europe"
	delete(s.DomainAccounts, "transport")
	s.Associated = map[string][]*AssociatedAccount{"energy": {{Account: s.DomainAccounts["energy"]}}}
	err := s.Validate("dev", def)
	for _, w := range []string{
		`settings[dev].region: "Europe"`,
		`settings[dev].domainAccounts[transport]: one account per domain`,
		`settings[dev].associated[energy][0].account: 200000000001 is the domain's own account`,
		`domains[energy].units[Unit 000].projects[Project 0000].members[1]: temporary member without an end date`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("settings problems do not contain %q:\n%v", w, err)
		}
	}
}
