package stages

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// TestYAMLFormsOfGoFeatures synthesizes testdata/yamlforms.yaml in a development and a
// production stage: the user assignment, the grants to every user and to a group, the
// parameters without a value and the project's user parameters reach the templates as
// the Go API writes them, and the grant to every user is a DataMesh error in production
// only.
func TestYAMLFormsOfGoFeatures(t *testing.T) {
	def, err := Load(filepath.Join("testdata", "yamlforms.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := synthMesh(t, def, []string{"dev"}, nil)
	var domain, unitGrants, projects []map[string]any
	var profile map[string]any
	var allUsers []string
	for name, body := range readTemplates(t, filepath.Join(out, "assembly-dev")) {
		var tm tmpl
		if err := json.Unmarshal([]byte(body), &tm); err != nil {
			t.Fatal(err)
		}
		for _, d := range tm.ofType("AWS::DataZone::Domain") {
			if d["Name"] == "energy" {
				domain = append(domain, d)
			}
		}
		for _, p := range tm.ofType("AWS::DataZone::ProjectProfile") {
			if p["Name"] == "Analytics" {
				profile = p
			}
		}
		for _, p := range tm.ofType("AWS::DataZone::Project") {
			if p["Name"] == "Forecasting" {
				projects = append(projects, p)
			}
		}
		for id, g := range tm.ofType("Custom::SmusmeshPolicyGrant") {
			if g["PolicyType"] != "CREATE_PROJECT_FROM_PROJECT_PROFILE" {
				continue
			}
			switch p := jsonOf(g["Principal"]); {
			case p == `{"User":{"AllUsersGrantFilter":{}}}`:
				allUsers = append(allUsers, name+" "+id)
			case strings.Contains(p, "Group"):
				unitGrants = append(unitGrants, g)
			}
		}
	}
	if len(domain) != 1 || jsonOf(domain[0]["SingleSignOn"]) == "" || !strings.Contains(jsonOf(domain[0]["SingleSignOn"]), `"UserAssignment":"AUTOMATIC"`) {
		t.Errorf("domain energy: %s, want SingleSignOn UserAssignment AUTOMATIC", jsonOf(domain))
	}
	if len(allUsers) != 1 || !strings.Contains(allUsers[0], " DomainGrant") {
		t.Errorf("grants to all users: %v, want one on the root unit", allUsers)
	}
	if len(unitGrants) != 1 {
		t.Errorf("grants to grid-leads: %d, want 1", len(unitGrants))
	}
	envs := jsonOf(profile["EnvironmentConfigurations"])
	for _, w := range []string{`{"IsEditable":false,"Name":"enableSpaces","Value":"false"}`, `{"IsEditable":false,"Name":"maxEbsVolumeSize"}`,
		`{"IsEditable":true,"Name":"gitConnectionArn"}`, `{"IsEditable":true,"Name":"glueDbName","Value":"glue_db"}`, `"DeploymentOrder":2,`} {
		if !strings.Contains(envs, w) {
			t.Errorf("profile Analytics lacks %s: %s", w, envs)
		}
	}
	if len(projects) != 1 || jsonOf(projects[0]["UserParameters"]) !=
		`[{"EnvironmentConfigurationName":"Lakehouse Database","EnvironmentParameters":[{"Name":"glueDbName","Value":"forecasting_db"}]}]` {
		t.Errorf("project Forecasting: %s", jsonOf(projects))
	}
	for _, l := range nonCompliant(t, out) {
		if strings.Contains(l, "DataMesh-GrantToAllUsersInProduction") {
			t.Errorf("development stage: %s", l)
		}
	}
	// In production the DataMesh rule refuses the grant to every user.
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(t.TempDir()), Context: &map[string]any{"@aws-cdk/core:appMode": "inmemory"}})
	NewMeshStage(app, jsii.String("prd"), &MeshStageProps{Definition: def, Settings: settingsFor("prd", def)})
	if _, err := Synth(app); err == nil || !strings.Contains(err.Error(), "ERROR DataMesh-GrantToAllUsersInProduction[CREATE_PROJECT_FROM_PROJECT_PROFILE]") ||
		!strings.Contains(err.Error(), "prd/Energy/Domain/Grantcreateprojectfromproject") {
		t.Errorf("production synth: %v, want the DataMesh-GrantToAllUsersInProduction error on the domain's grant", err)
	}
}

// TestYAMLFormsMistakes: mistakes in the new keys are reported at their file, line and
// path, with fixes in the definition's words.
func TestYAMLFormsMistakes(t *testing.T) {
	const head = `governance: {name: mesh-governance, owners: [{group: data-governance}]}
domains:
  - name: energy
    owners: [{group: energy-owners}]
    blueprints: [DataLake]
`
	const profiles = `    profiles:
      - name: Analytics
        environments: [{blueprint: DataLake, name: Lakehouse Database}]
`
	cases := []struct {
		name, yaml, want string
	}{
		{"user assignment spelled in lower case", "    userAssignment: automatic\n" + profiles,
			`m.yaml:6: domains[energy].userAssignment: "automatic": invalid props: use MANUAL or AUTOMATIC`},
		{"user assignment of an IAM domain", "    identity: IAM\n    userAssignment: AUTOMATIC\n" + profiles,
			`m.yaml:7: domains[energy].userAssignment: "AUTOMATIC": identity model mismatch: user assignment applies to SSO domains only: remove it, or make it an SSO domain (identity: SSO)`},
		{"all users and a group in one creator", "    projectCreators: [{allUsers: true, group: leads}]\n" + profiles,
			`m.yaml:6: domains[energy].projectCreators[0]: set exactly one of user, group, role, iamUser, allUsers (2 set) (invalid props)`},
		{"creator naming nobody", "    projectCreators: [{allUsers: false}]\n" + profiles,
			`m.yaml:6: domains[energy].projectCreators[0]: set one of user, group, role, iamUser, or allUsers: true (missing required prop)`},
		{"group creator of an IAM domain", "    identity: IAM\n    projectCreators: [{group: leads}]\n" + profiles,
			`m.yaml:7: domains[energy].projectCreators[0]: SSO_GROUP:leads in an IAM domain: an IAM domain has no Identity Center users or groups; use role or iamUser (identity model mismatch)`},
		{"value and noValue", `    profiles:
      - name: Analytics
        environments:
          - blueprint: Tooling
            parameters: [{name: maxEbsVolumeSize, value: "100", noValue: true}]
`, `m.yaml:10: domains[energy].profiles[Analytics].environments[0].parameters[0].noValue: "100": invalid props: a parameter without a value keeps the blueprint's default: remove value, or noValue`},
		{"user parameters of an environment the profile lacks", profiles + `    projects:
      - name: P
        profile: Analytics
        userParameters: [{environment: Lakehouse, parameters: {glueDbName: p}}]
`, `m.yaml:12: domains[energy].projects[P].userParameters[0].environment: "Lakehouse": invalid props: profile "Analytics" has environments [Tooling Lakehouse Database]`},
		{"user parameters of one environment twice", profiles + `    projects:
      - name: P
        profile: Analytics
        userParameters:
          - {environment: Lakehouse Database, parameters: {glueDbName: p}}
          - {environment: Lakehouse Database, parameters: {glueDbName: q}}
`, `m.yaml:14: domains[energy].projects[P].userParameters[1].environment: "Lakehouse Database": duplicate: also userParameters[0]: merge the parameters of one environment into one entry`},
		{"deployment order out of range", `    profiles:
      - name: Analytics
        environments: [{blueprint: DataLake, deployment: ON_CREATE, deploymentOrder: 17}]
`, `m.yaml:8: domains[energy].profiles[Analytics].environments[0].deploymentOrder: "17"`},
		{"deployment order not whole", `    profiles:
      - name: Analytics
        environments: [{blueprint: DataLake, deployment: ON_CREATE, deploymentOrder: 1.5}]
`, `m.yaml:8: domains[energy].profiles[Analytics].environments[0].deploymentOrder: 1.5: a deployment order is a whole number, 1-16 (invalid props)`},
		{"user parameter name", profiles + `    projects:
      - name: P
        profile: Analytics
        userParameters: [{environment: Lakehouse Database, parameters: {glue-db: p}}]
`, `domains[energy].projects[P].userParameters[0].parameters: "glue-db": invalid props: parameter names match`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("m.yaml", []byte(head+c.yaml))
			if err == nil {
				t.Fatal("no problem reported")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("problems do not contain\n  %s\ngot:\n%v", c.want, err)
			}
		})
	}
}
