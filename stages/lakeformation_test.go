package stages

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// TestLakeFormationAdmins: the settings opt-in puts one DataLakeSettings (APPEND) in the
// domain stack, and the nested stacks that hold Lake Formation grants wait for it.
func TestLakeFormationAdmins(t *testing.T) {
	def := loadMasterData(t)
	dir, _ := synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) {
		s.LakeFormationAdmins = &LakeFormationAdminSettings{}
	})
	ts := readTemplates(t, filepath.Join(dir, "assembly-dev"))
	// Logical IDs of the nested stacks (in their parent) whose templates hold Lake
	// Formation resources.
	withLF := map[string]bool{}
	for k, v := range ts {
		if strings.HasSuffix(k, ".nested.template.json") && strings.Contains(v, `"AWS::LakeFormation::`) {
			withLF[strings.TrimSuffix(filepath.Base(k), ".nested.template.json")] = true
		}
	}
	if len(withLF) == 0 {
		t.Fatal("the fixture has no Lake Formation resources")
	}
	checked := 0
	for k, v := range ts {
		if strings.HasSuffix(k, ".nested.template.json") || !strings.Contains(v, `"AWS::CloudFormation::Stack"`) {
			continue
		}
		var tpl struct {
			Resources map[string]struct {
				Type       string
				Properties map[string]any
				DependsOn  []string
			}
		}
		if err := json.Unmarshal([]byte(v), &tpl); err != nil {
			t.Fatal(err)
		}
		var settings string
		for id, r := range tpl.Resources {
			if r.Type == "AWS::LakeFormation::DataLakeSettings" {
				settings = id
				if r.Properties["MutationType"] != "APPEND" {
					t.Errorf("%s: MutationType %v", k, r.Properties["MutationType"])
				}
				if b, _ := json.Marshal(r.Properties["Admins"]); !strings.Contains(string(b), "cdk-hnb659fds-cfn-exec-role-") {
					t.Errorf("%s: admins %s", k, b)
				}
			}
		}
		if settings == "" {
			t.Errorf("%s: no DataLakeSettings", k)
			continue
		}
		for id, r := range tpl.Resources {
			if r.Type != "AWS::CloudFormation::Stack" || !nestedHasLF(withLF, id) {
				continue
			}
			checked++
			found := false
			for _, d := range r.DependsOn {
				found = found || d == settings
			}
			if !found {
				t.Errorf("%s: nested stack %s does not wait for %s", k, id, settings)
			}
		}
	}
	if checked != len(withLF) {
		t.Errorf("checked %d nested stacks, %d hold Lake Formation resources", checked, len(withLF))
	}
}

func TestLakeFormationAdminsValidation(t *testing.T) {
	def := loadMasterData(t)
	s := settingsFor("dev", def)
	s.LakeFormationAdmins = &LakeFormationAdminSettings{Admins: []string{"deployer"}}
	err := s.Validate("dev", def)
	if !errors.Is(err, datamesh.ErrInvalidProps) || !strings.Contains(err.Error(), "settings[dev].lakeFormationAdmins.admins[0]") {
		t.Errorf("got %v", err)
	}
}

// TestAssociatedManageAccessTrust: the associated account's manage-access role trusts
// DataZone for the domain (its ARN in the domain's account and region), and reads only the
// domain's Redshift secrets.
func TestAssociatedManageAccessTrust(t *testing.T) {
	def := genDefinition(2)
	dir, _ := synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) {
		s.Associated = map[string][]*AssociatedAccount{"energy": {{Account: "900000000001", Network: s.Network}}}
	})
	var assoc string
	for k, v := range readTemplates(t, filepath.Join(dir, "assembly-dev")) {
		if strings.Contains(k, "Associated") {
			assoc = v
		}
	}
	compact := strings.Join(strings.Fields(assoc), "")
	for _, w := range []string{`"aws:SourceArn":{"Fn::Join"`, `":datazone:eu-west-1:`, `:domain/"`, `"secretsmanager:ResourceTag/AmazonDataZoneDomain":{"Fn::GetAtt":["DomainLookup","DomainId"]}`,
		`AmazonDataZoneSageMakerManageAccessRolePolicy`} {
		if !strings.Contains(compact, w) {
			t.Errorf("associated stack lacks %s", w)
		}
	}
}

// nestedHasLF reports whether the nested stack resource id (its template file is named
// after the nested stack's path, which the resource's logical ID starts with) holds Lake
// Formation resources.
func nestedHasLF(withLF map[string]bool, id string) bool {
	for f := range withLF {
		if strings.Contains(f, strings.SplitN(id, "NestedStack", 2)[0]) {
			return true
		}
	}
	return false
}
