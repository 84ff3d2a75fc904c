package stages

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBlueprintAndProjectShapesFromYAML(t *testing.T) {
	def, err := Load(filepath.Join("testdata", "shapes.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) {
		s.Associated = map[string][]*AssociatedAccount{"energy": {{Name: "analytics", Account: assocAccount, Network: s.Network}}}
	})
	dir := filepath.Join(out, "assembly-dev")
	for _, l := range nonCompliant(t, out) {
		if strings.Contains(l, "AwsSolutions") || strings.Contains(l, `"Error"`) {
			t.Errorf("cdk-nag: %s", l)
		}
	}
	all := map[string]tmpl{}
	for k, v := range readTemplates(t, dir) {
		var tm tmpl
		if err := json.Unmarshal([]byte(v), &tm); err != nil {
			t.Fatal(err)
		}
		all[k] = tm
	}
	find := func(pred func(k string) bool) []tmpl {
		var r []tmpl
		for k, tm := range all {
			if pred(k) {
				r = append(r, tm)
			}
		}
		return r
	}
	domain := find(func(k string) bool {
		return strings.HasPrefix(k, "devEnergy") && !strings.Contains(k, "nested") && !strings.Contains(k, "Projects") && !strings.Contains(k, "Associated")
	})
	if len(domain) != 1 {
		t.Fatalf("domain templates: %d", len(domain))
	}
	d := domain[0]
	cfgs := map[string]map[string]any{}
	for _, c := range d.ofType("AWS::DataZone::EnvironmentBlueprintConfiguration") {
		cfgs[c["EnvironmentBlueprintIdentifier"].(string)] = c
	}
	if c := cfgs["S3Bucket"]; c == nil || c["ProvisioningRoleArn"] != nil {
		t.Errorf("S3Bucket = %v, want a configuration without provisioning role", c)
	}
	if got := jsonOf(cfgs["EmrOnEks"]["RegionalParameters"]); got != `[{"Parameters":{"eksClusterArn":"arn:aws:eks:eu-west-1:111111111111:cluster/spark","namespace":"smus"},"Region":"eu-west-1"}]` {
		t.Errorf("EmrOnEks RegionalParameters = %s", got)
	}
	if got := jsonOf(cfgs["EmrOnEks"]["ProvisioningRoleArn"]); !strings.Contains(got, ":iam::200000000001:role/service-role/EmrOnEksProvisioning") {
		t.Errorf("EmrOnEks ProvisioningRoleArn = %s, want its own role in the domain's account", got)
	}
	g := jsonOf(cfgs["Tooling"]["GlobalParameters"])
	for _, w := range []string{`"projectRolePolicyArns":"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"`, `"someFutureParameter":"on"`,
		`":iam::200000000001:role/service-role/AmazonSageMakerQueryExecution"`} {
		if !strings.Contains(g, w) {
			t.Errorf("Tooling GlobalParameters %s lack %s", g, w)
		}
	}
	crs := d.ofType("Custom::SmusmeshCustomBlueprint")
	if len(crs) != 1 {
		t.Fatalf("custom blueprints in the domain stack: %d", len(crs))
	}
	for _, c := range crs {
		if c["Create"] != true || c["Name"] != "Team bucket" || !strings.Contains(jsonOf(c["UserParameters"]), `"KeyName":"bucketPrefix"`) {
			t.Errorf("custom blueprint = %s", jsonOf(c))
		}
	}
	var admin, governance map[string]any
	for _, p := range d.ofType("AWS::DataZone::Project") {
		if p["ProjectCategory"] == "ADMIN" {
			admin = p
		}
	}
	if admin == nil || admin["Name"] != "admin-project-200000000001" || admin["ProjectProfileId"] != nil {
		t.Errorf("management project = %v", admin)
	}
	for _, p := range d.ofType("AWS::DataZone::ProjectProfile") {
		switch p["Name"] {
		case "Generative AI model governance":
			governance = p
		case "Analytics":
			ov := jsonOf(p["EnvironmentConfigurations"])
			for _, w := range []string{`{"IsEditable":true,"Name":"lifecycleManagement","Value":"ENABLED"}`, `{"IsEditable":false,"Name":"enableSpaces","Value":"false"}`,
				`{"IsEditable":false,"Name":"idleTimeoutInMinutes","Value":"60"}`} {
				if !strings.Contains(ov, w) {
					t.Errorf("Analytics lacks %s: %s", w, ov)
				}
			}
		}
	}
	if governance == nil || governance["EnvironmentConfigurations"] != nil {
		t.Errorf("model governance profile = %v, want no environments", governance)
	}
	// The BYOR project's role resolves in the domain's account.
	found := false
	for _, tm := range find(func(k string) bool { return strings.Contains(k, "nested") }) {
		for _, p := range tm.ofType("AWS::DataZone::Project") {
			if p["Name"] == "Byor" {
				found = strings.Contains(jsonOf(p["ProjectExecutionRole"]), ":iam::200000000001:role/team/byor-role")
			}
		}
	}
	if !found {
		t.Error("project Byor has no execution role in the domain's account")
	}
	// The associated account enables the custom blueprint by name.
	assoc := find(func(k string) bool { return strings.Contains(k, "Associated"+assocAccount) })
	if len(assoc) != 1 {
		t.Fatalf("associated templates: %d", len(assoc))
	}
	eks := 0
	for _, c := range assoc[0].ofType("AWS::DataZone::EnvironmentBlueprintConfiguration") {
		if c["EnvironmentBlueprintIdentifier"] != "EmrOnEks" {
			continue
		}
		eks++
		if !strings.Contains(jsonOf(c["ProvisioningRoleArn"]), ":iam::"+assocAccount+":role/service-role/EmrOnEksProvisioning") {
			t.Errorf("associated EmrOnEks ProvisioningRoleArn = %s, want the role of that name in the associated account", jsonOf(c["ProvisioningRoleArn"]))
		}
	}
	if eks != 1 {
		t.Errorf("associated EmrOnEks configurations: %d", eks)
	}
	for _, c := range assoc[0].ofType("Custom::SmusmeshCustomBlueprint") {
		if c["Create"] != false || c["Name"] != "Team bucket" || c["TemplateUrl"] != nil {
			t.Errorf("associated custom blueprint = %s", jsonOf(c))
		}
	}
	// The project whose profile runs in the associated account is in its own stack,
	// deployed after the associated account's.
	if len(find(func(k string) bool { return strings.Contains(k, AssociatedProjectsStackID("energy", assocAccount)) })) == 0 {
		t.Fatalf("no stack %s in %v", AssociatedProjectsStackID("energy", assocAccount), keysOf(all))
	}
	manifest := readManifest(t, dir)
	deps := manifest[AssociatedProjectsStackID("energy", assocAccount)]
	if !strings.Contains(strings.Join(deps, ","), "Associated"+assocAccount) {
		t.Errorf("%s depends on %v, want the associated stack", AssociatedProjectsStackID("energy", assocAccount), deps)
	}
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// readManifest returns the stack artifacts' dependencies by artifact ID with the stage
// prefix ("dev") removed.
func readManifest(t *testing.T, dir string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Artifacts map[string]struct {
			Type         string
			Dependencies []string
		}
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for k, a := range man.Artifacts {
		if a.Type == "aws:cloudformation:stack" {
			k = strings.TrimPrefix(k, "dev")
			if i := strings.LastIndexAny(k, "0123456789ABCDEF"); i > 0 && len(k) > 8 {
				out[k[:len(k)-8]] = a.Dependencies
			}
			out[k] = a.Dependencies
		}
	}
	return out
}

// nonCompliant returns the Non-Compliant lines of the cdk-nag reports under dir.
func nonCompliant(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, "NagReport.csv") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "Non-Compliant") {
				out = append(out, filepath.Base(p)+": "+l)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShapeProblemsInYAMLSpelling: problems of the new keys name the YAML path and line.
func TestShapeProblemsInYAMLSpelling(t *testing.T) {
	_, err := Parse("shapes.yaml", []byte(`governance: {name: mesh-governance, owners: [{group: data-governance}]}
domains:
  - name: energy
    owners: [{group: energy-owners}]
    blueprints: [DataLake, ToolingLite, "Bad name!"]
    blueprintSettings:
      Nope: {projectRoleProvisions: true}
    customBlueprints:
      - name: Team bucket
        templateUrl: s3://b/k
    profiles:
      - name: Lite
        environments:
          - blueprint: Tooling
            tooling: {maxEbsVolumeSize: 2, sagemakerDomainNetworkType: Open}
      - name: Gov
        noEnvironments: true
        preset: SQLAnalytics
      - name: Byor
        environments: [{blueprint: ToolingLite}]
    # ToolingLite is enabled in this SSO domain below.
    projects:
      - {name: P, profile: Byor}
`))
	if err == nil {
		t.Fatal("no problem reported")
	}
	for _, w := range []string{
		`shapes.yaml:5: domains[energy].blueprints[2]: "Bad name!": unknown blueprint`,
		`shapes.yaml:7: domains[energy].blueprintSettings[Nope]: configures blueprint Nope`,
		`shapes.yaml:9: domains[energy].customBlueprints[0].templateUrl: "s3://b/k"`,
		`shapes.yaml:15: domains[energy].profiles[Lite].environments[0].tooling.maxEbsVolumeSize: "2"`,
		`shapes.yaml:15: domains[energy].profiles[Lite].environments[0].tooling.sagemakerDomainNetworkType: "Open"`,
		`shapes.yaml:17: domains[energy].profiles[Gov].noEnvironments`,
		`shapes.yaml:23: domains[energy].projects[P].executionRole: missing required prop: profile "Byor"'s home is ToolingLite, whose projects bring their own role: set executionRole`,
		`shapes.yaml:15: domains[energy].profiles[Lite].environments[0].tooling.sagemakerDomainNetworkType: "Open": invalid props: use VpcOnly or PublicInternetOnly`,
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("problems do not contain %q:\n%v", w, err)
		}
	}
}
