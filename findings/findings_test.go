package findings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, path string, v any) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

type line = map[string]string

func nagLine(rule, path, compliance, level string) line {
	return line{"ruleId": rule, "resourceId": path, "compliance": compliance, "exceptionReason": "N/A", "ruleLevel": level, "ruleInfo": rule + " info"}
}

// assembly writes a cloud assembly with one stage (dev), one stack with a project
// (smusmesh metadata) and a bucket, and the given reports.
func assembly(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "assembly-dev", "devCorp.template.json"), map[string]any{
		"Resources": map[string]any{
			"Project": map[string]any{"Type": "AWS::DataZone::Project", "Metadata": map[string]any{
				"aws:cdk:path": "dev/Corp/Corp/Orders/Resource",
				"smusmesh":     map[string]any{"kind": "Project", "domain": "corporate", "name": "Orders"},
			}},
			"Bucket": map[string]any{"Type": "AWS::S3::Bucket", "Metadata": map[string]any{"aws:cdk:path": "dev/Corp/Bucket/Resource"}},
		},
	})
	write(t, filepath.Join(dir, "DataMesh-dev-dev-Corp-NagReport.json"), map[string]any{"lines": []line{
		nagLine("DataMesh-ProjectWithoutDescription", "dev/Corp/Corp/Orders/Resource", "Non-Compliant", "Warning"),
		nagLine("DataMesh-CostlyBlueprintOnCreate", "dev/Corp/Corp/Orders/Resource", "Non-Compliant", "Error"),
		nagLine("DataMesh-DomainNotV2", "dev/Corp/Corp/Orders/Resource", "Compliant", "Error"),
		nagLine("DataMesh-NamingConvention", "dev/Corp/Corp/Orders/Resource", "Suppressed", "Error"),
		// A stack of an earlier synth into the same directory.
		nagLine("DataMesh-CostlyBlueprintOnCreate", "dev/Gone/Gone/Resource", "Non-Compliant", "Error"),
	}})
	write(t, filepath.Join(dir, "AwsSolutions-dev-dev-Corp-NagReport.json"), map[string]any{"lines": []line{
		nagLine("AwsSolutions-S1", "dev/Corp/Bucket/Resource", "Non-Compliant", "Error"),
		nagLine("AwsSolutions-S10", "dev/Corp/Bucket/Resource", "UNKNOWN", "Error"),
	}})
	write(t, filepath.Join(dir, "assembly-dev", "manifest.json"), map[string]any{"artifacts": map[string]any{
		"devCorp": map[string]any{
			"metadata": map[string]any{
				// The same finding as the report: printed once.
				"/dev/Corp/Bucket/Resource": []any{map[string]any{"type": "aws:cdk:error", "data": "AwsSolutions-S1: The S3 Bucket has server access logs disabled."}},
			},
			"additionalMetadataFile": "devCorp.metadata.json",
		},
	}})
	write(t, filepath.Join(dir, "assembly-dev", "devCorp.metadata.json"), map[string]any{
		"/dev/Corp/Corp/Orders/Resource": []any{
			map[string]any{"type": "aws:cdk:warning", "data": "smusmesh:KeyChanged: the key changed\nmore detail"},
			map[string]any{"type": "aws:cdk:logicalId", "data": "Project"},
		},
	})
	write(t, filepath.Join(dir, "validation-report.json"), map[string]any{"version": "54.0.0", "title": "Validation Report", "pluginReports": []any{
		map[string]any{"summary": map[string]any{"pluginName": "smusmesh-registry-schema", "status": "failure"}, "violations": []any{
			map[string]any{"ruleName": "RegistrySchema", "description": "Status: must be one of ENABLED, DISABLED", "fix": "use ENABLED", "severity": "error",
				"violatingConstructs": []any{map[string]any{"constructPath": "dev/Corp/Corp/Orders/Resource", "resourceLogicalId": "Project", "locations": []string{"/Properties/Status"}}}},
		}},
	}})
	return dir
}

func TestRead(t *testing.T) {
	dir := assembly(t)
	fs, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.String())
	}
	want := []string{
		"error AwsSolutions-S1 dev/Corp/Bucket/Resource: AwsSolutions-S1 info",
		"error DataMesh-CostlyBlueprintOnCreate dev/Corp/Corp/Orders/Resource: DataMesh-CostlyBlueprintOnCreate info",
		"error smusmesh-registry-schema::RegistrySchema dev/Corp/Corp/Orders/Resource: /Properties/Status: Status: must be one of ENABLED, DISABLED (fix: use ENABLED)",
		"warning AwsSolutions-S10 dev/Corp/Bucket/Resource: AwsSolutions-S10 info",
		"warning DataMesh-ProjectWithoutDescription dev/Corp/Corp/Orders/Resource: DataMesh-ProjectWithoutDescription info",
		"warning smusmesh:KeyChanged dev/Corp/Corp/Orders/Resource: the key changed",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Read:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
	for _, f := range fs {
		if f.Stage != "dev" {
			t.Errorf("%s: stage %q, want dev", f, f.Stage)
		}
		if strings.HasPrefix(f.Path, "dev/Corp/Corp/Orders") && (f.Kind != "Project" || f.Domain != "corporate" || f.Name != "Orders") {
			t.Errorf("%s: mesh object %q %q %q, want Project corporate Orders", f, f.Kind, f.Domain, f.Name)
		}
	}
	if e, w := Count(fs); e != 3 || w != 3 {
		t.Errorf("Count = %d errors, %d warnings; want 3, 3", e, w)
	}

	files, err := WriteReports(dir, []string{"dev", "prd"}, fs)
	if err != nil {
		t.Fatal(err)
	}
	wantFiles := []string{"dev-findings.json", "dev-findings.csv", "prd-findings.json", "prd-findings.csv"}
	for i, f := range files {
		if filepath.Base(f) != wantFiles[i] {
			t.Errorf("file %d = %s, want %s", i, filepath.Base(f), wantFiles[i])
		}
	}
	var back []Finding
	data, _ := os.ReadFile(filepath.Join(dir, "dev-findings.json"))
	if err := json.Unmarshal(data, &back); err != nil || !slices.Equal(back, fs) {
		t.Errorf("dev-findings.json does not read back as the findings (%v)", err)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "dev-findings.csv"))
	if n := strings.Count(string(csv), "\n"); n != len(fs)+1 {
		t.Errorf("dev-findings.csv has %d lines, want %d", n, len(fs)+1)
	}
	prd, _ := os.ReadFile(filepath.Join(dir, "prd-findings.json"))
	if strings.TrimSpace(string(prd)) != "[]" {
		t.Errorf("prd-findings.json = %s, want []", prd)
	}
}

func TestReadMissingDir(t *testing.T) {
	if _, err := Read(filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("Read of a missing directory: no error")
	}
}

func TestSplitAnnotation(t *testing.T) {
	for _, c := range []struct{ in, rule, text string }{
		{"AwsSolutions-IAM5[Action::s3:*]: The IAM entity contains wildcard permissions", "AwsSolutions-IAM5", "The IAM entity contains wildcard permissions"},
		{"DataMesh-X: fix it\nexplanation", "DataMesh-X", "fix it"},
		{"Something happened here [ack: @aws-cdk/core:thing]", "@aws-cdk/core:thing", "Something happened here"},
		{"plain text: with colon", "Annotation", "plain text: with colon"},
	} {
		rule, text := splitAnnotation(c.in)
		if rule != c.rule || text != c.text {
			t.Errorf("splitAnnotation(%q) = %q, %q; want %q, %q", c.in, rule, text, c.rule, c.text)
		}
	}
}
