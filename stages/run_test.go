package stages

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// TestSynthAndReportNamesTheDefinitionLine synthesizes a YAML mesh whose project profile
// deploys the MLflow server ON_CREATE (an error of the DataMesh pack) and whose
// project has no description (a warning): the run exits 1, prints each finding once with
// the file:line of the entry it came from, and writes the stage's combined report.
func TestSynthAndReportNamesTheDefinitionLine(t *testing.T) {
	const yaml = `governance:
  name: mesh-governance
  owners:
    - group: data-governance
domains:
  - name: energy
    blueprints: [LakehouseCatalog, DataLake, MLExperiments]
    owners: [{group: energy-owners}]
    profiles:
      - name: Analytics
        environments:
          - blueprint: LakehouseCatalog
          - {blueprint: MLExperiments, deployment: ON_CREATE}
    units:
      - name: Sales
        owners: [{group: sales-owners}]
        projects:
          - name: Forecasting
            profile: Analytics
            members:
              - user: jane.doe@example.com
                designation: owner
`
	def, err := Parse("mesh.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CDK_OUTDIR", t.TempDir())
	app := NewApp()
	NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	var buf bytes.Buffer
	dir, code := SynthAndReport(app, def, &buf)
	got := buf.String()
	if code != 1 {
		t.Errorf("exit code %d, want 1:\n%s", code, got)
	}
	for _, want := range []string{
		// The profile entry (line 10) and the project entry (line 18).
		"error DataMesh-CostlyBlueprintOnCreate dev/Energy/Domain/ProfileAnalytics/Resource (mesh.yaml:10): ",
		"warning DataMesh-ProjectWithoutDescription dev/Energy/ProjectForecasting3cb85dec/Project/Resource (mesh.yaml:18): ",
		"smusmesh: 1 errors, 1 warnings; templates written to " + dir,
		"  dev: " + filepath.Join(dir, "assembly-dev") + ", findings " + filepath.Join(dir, "dev-findings.json"),
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if l != "" && strings.Count(got, l+"\n") > 1 {
			t.Errorf("printed more than once: %s", l)
		}
	}
	csv, err := os.ReadFile(filepath.Join(dir, "dev-findings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(csv), "mesh.yaml:10") || !strings.Contains(string(csv), "DataMesh-CostlyBlueprintOnCreate") {
		t.Errorf("dev-findings.csv lacks the finding with its source:\n%s", csv)
	}
}

// TestSynthAndReportRegistrySchema: a registry-schema violation (an escape hatch sets a
// property the schema does not have) fails the run, printed once as a finding.
func TestSynthAndReportRegistrySchema(t *testing.T) {
	def, err := Load(filepath.Join("testdata", "masterdata.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("CDK_OUTDIR", t.TempDir())
	app := NewApp()
	m := NewMeshStage(app, jsii.String("dev"), &MeshStageProps{Definition: def, Settings: settingsFor("dev", def)})
	bad := awscdk.NewStack(m.Stage, jsii.String("Bad"), nil)
	awscdk.NewCfnResource(bad, jsii.String("Unit"), &awscdk.CfnResourceProps{
		Type:       jsii.String("AWS::DataZone::DomainUnit"),
		Properties: &map[string]any{"DomainIdentifier": "dzd_1", "Name": "x", "Colour": "blue"},
	})
	var buf bytes.Buffer
	_, code := SynthAndReport(app, def, &buf)
	got := buf.String()
	if code != 1 {
		t.Errorf("exit code %d, want 1:\n%s", code, got)
	}
	const want = "error smusmesh-registry-schema::RegistrySchema dev/Bad/Unit"
	if n := strings.Count(got, want); n != 1 {
		t.Errorf("%q printed %d times, want once:\n%s", want, n, got)
	}
	if strings.Contains(got, "Validation Report") {
		t.Errorf("the CDK's own report is printed too:\n%s", got)
	}
}
