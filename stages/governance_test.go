package stages

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// TestStandardsProject: the governance stack holds the standards project (named by the
// definition) and its glossary and form-type grants go to the project.
func TestStandardsProject(t *testing.T) {
	def := genDefinition(2)
	def.Governance.StandardsProject = &StandardsProjectDef{Name: "Glossary Team"}
	dir, _ := synthMesh(t, def, []string{"dev"}, nil)
	var gov string
	for k, v := range readTemplates(t, filepath.Join(dir, "assembly-dev")) {
		if strings.Contains(k, "Governance") && !strings.Contains(k, "nested") {
			gov = v
		}
	}
	if gov == "" {
		t.Fatal("no governance template")
	}
	compact := strings.Join(strings.Fields(gov), "")
	if !strings.Contains(gov, `"Name": "Glossary Team"`) {
		t.Error("governance stack lacks the standards project named in the definition")
	}
	for _, w := range []string{`"PolicyType":"CREATE_GLOSSARY"`, `"PolicyType":"CREATE_FORM_TYPE"`, `"Project":{"ProjectDesignation":"OWNER"`} {
		if !strings.Contains(compact, w) {
			t.Errorf("governance stack lacks %s", w)
		}
	}
}

func TestStandardsProjectInvalidName(t *testing.T) {
	def := genDefinition(2)
	def.Governance.StandardsProject = &StandardsProjectDef{Name: "glossary/team"}
	err := def.Validate()
	if !errors.Is(err, datamesh.ErrInvalidName) || !strings.Contains(err.Error(), "governance.standardsProject.name") {
		t.Errorf("got %v", err)
	}
}
