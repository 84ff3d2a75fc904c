package stages

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/jsiitest"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/problem"
)

// TestMain prepares the environment of the Node.js process that runs the CDK.
func TestMain(m *testing.M) {
	jsiitest.Setup()
	if n := os.Getenv("SMUSMESH_STAGES_HELPER"); n != "" {
		os.Exit(helperSynth(n))
	}
	if n := os.Getenv("SMUSMESH_STAGES_BUDGET"); n != "" {
		os.Exit(helperBudget(n))
	}
	jsiitest.Main(m, cfnfrag.Release)
}

var testNow = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// genDefinition generates a mesh of n projects in two root domains (Energy holds the
// first half): units of ten projects, each project with two members.
func genDefinition(n int) *Definition {
	def := &Definition{
		Governance: &GovernanceDef{Name: "mesh-governance", Owners: []*PrincipalDef{{Group: "data-governance"}}},
	}
	domains := []string{"energy", "transport"}
	for len(domains)*250 < n {
		domains = append(domains, fmt.Sprintf("domain%02d", len(domains)))
	}
	for i, name := range domains {
		d := &DomainDef{
			Name: name, Description: "Generated domain " + name,
			Blueprints: []string{"LakehouseCatalog", "DataLake"},
			Profiles:   []*ProfileDef{{Name: "Analytics", Environments: []*EnvironmentDef{{Blueprint: "LakehouseCatalog"}, {Blueprint: "DataLake"}}}},
			Owners:     []*PrincipalDef{{Group: name + "-owners"}},
		}
		count := n / len(domains)
		if i == 0 {
			count += n % len(domains)
		}
		var unit *UnitDef
		for p := range count {
			if p%10 == 0 {
				unit = &UnitDef{Name: fmt.Sprintf("Unit %03d", p/10), Owners: []*PrincipalDef{{Group: name + "-owners"}}}
				d.Units = append(d.Units, unit)
			}
			unit.Projects = append(unit.Projects, &ProjectDef{
				Name: fmt.Sprintf("Project %04d", p), Description: "Generated project", Profile: "Analytics",
				Members: []*MemberDef{
					{Group: name + "-engineers", Designation: "owner"},
					{User: "engineer@example.com", Temporary: true},
				},
			})
		}
		def.Domains = append(def.Domains, d)
	}
	return def
}

// testSettings returns the settings of stage env (dev, uat, prd): one account per domain
// per environment.
func testSettings(env string) *Settings {
	digit := map[string]string{"dev": "1", "uat": "2", "prd": "3"}[env]
	acct := func(d string) string { return d + "0000000000" + digit }
	return &Settings{
		Account: acct("1"), Region: "eu-west-1", Accounts: AccountPerDomain,
		DomainAccounts:            map[string]string{"mesh-governance": acct("1"), "energy": acct("2"), "transport": acct("3"), "domain02": acct("4"), "domain03": acct("5"), "domain04": acct("6"), "domain05": acct("7")},
		IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-" + digit + "234567890abcdef",
		Network:                   &NetworkSettings{VPCID: "vpc-0" + digit + "23456789abcdef0", SubnetIDs: []string{"subnet-0" + digit + "23456789abcdef0", "subnet-0" + digit + "fedcba987654321"}},
		TemporaryUntil:            "2026-06-30",
		Production:                env == "prd",
		Now:                       &testNow,
	}
}

// synthMesh builds the given stages of def into a fresh App and synthesizes it.
func synthMesh(t testing.TB, def *Definition, envs []string, mutate func(env string, s *Settings)) (string, map[string]*MeshStage) {
	t.Helper()
	dir := t.TempDir()
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir), Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"}})
	out := map[string]*MeshStage{}
	if err := problem.Catch(func() {
		for _, e := range envs {
			s := settingsFor(e, def)
			if mutate != nil {
				mutate(e, s)
			}
			out[e] = NewMeshStage(app, jsii.String(e), &MeshStageProps{Definition: def, Settings: s})
		}
	}); err != nil {
		t.Fatalf("build: %v", err)
	}
	got, err := Synth(app)
	if err != nil {
		t.Fatalf("synth: %v", err)
	}
	return got, out
}

// fixture is the text of testdata/name.
func fixture(t testing.TB, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func readTemplates(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".json" && len(p) > 14 && p[len(p)-14:] == ".template.json" {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSmallMeshSynth(t *testing.T) {
	dir, stages := synthMesh(t, genDefinition(4), []string{"dev"}, nil)
	ts := readTemplates(t, dir)
	var names []string
	for k := range ts {
		names = append(names, k)
	}
	t.Logf("templates: %v", names)
	if len(ts) != 3+4 {
		t.Errorf("want 3 stack templates and 4 nested, got %d", len(ts))
	}
	if stages["dev"].ProjectStack("energy", []string{"Unit 000"}, "Project 0001") == nil {
		t.Error("ProjectStack does not find Project 0001")
	}
}

// settingsFor is testSettings(env) with DomainAccounts limited to the domains of def.
func settingsFor(env string, def *Definition) *Settings {
	s := testSettings(env)
	keep := map[string]string{def.Governance.Name: s.DomainAccounts[def.Governance.Name]}
	for _, d := range def.Domains {
		if a, ok := s.DomainAccounts[d.Name]; ok {
			keep[d.Name] = a
		}
	}
	s.DomainAccounts = keep
	return s
}
