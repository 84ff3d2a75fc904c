package stages

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

const producerFixture = "producer.yaml"

// TestProducerProjectSynth: a project's connections and its own pipelines' Lake Formation
// grants land in the project's nested stack, with roles and secrets named per stage in the
// domain's account, pseudo parameters resolved by CloudFormation, every template valid
// against the registry schemas.
func TestProducerProjectSynth(t *testing.T) {
	def, err := Parse(producerFixture, []byte(fixture(t, producerFixture)))
	if err != nil {
		t.Fatalf("parse:\n%v", err)
	}
	if err := def.Validate(); err != nil {
		t.Fatalf("validate:\n%v", err)
	}
	dir, _ := synthMesh(t, def, []string{"dev", "prd"}, nil)
	for _, env := range []string{"dev", "prd"} {
		account, region := settingsFor(env, def).DomainAccounts["energy"], settingsFor(env, def).Region
		var project, domain string
		for k, v := range readTemplates(t, filepath.Join(dir, "assembly-"+env)) {
			if strings.HasSuffix(k, ".nested.template.json") && strings.Contains(v, `"Meter Readings"`) {
				project = v
			}
			if strings.Contains(v, `"Type": "AWS::DataZone::Domain"`) && strings.Contains(v, `"Name": "energy"`) {
				domain = v
			}
		}
		// Users without a role: one profile each, the member's shared.
		for _, w := range []string{`"member": "SSO_GROUP:grid-readers"`, `"member": "SSO_USER:auditor@example.com"`} {
			if !strings.Contains(domain, w) {
				t.Errorf("%s: domain template lacks %s", env, w)
			}
		}
		var tpl struct {
			Resources map[string]struct {
				Type     string
				Metadata map[string]map[string]any
			}
		}
		if err := json.Unmarshal([]byte(domain), &tpl); err != nil {
			t.Fatal(err)
		}
		profiles := 0
		for _, r := range tpl.Resources {
			if r.Type == "AWS::DataZone::GroupProfile" && r.Metadata["smusmesh"]["member"] == "SSO_GROUP:grid-engineers" {
				profiles++
			}
		}
		if profiles != 1 {
			t.Errorf("%s: %d group profiles of grid-engineers, want 1", env, profiles)
		}
		if project == "" {
			t.Fatalf("%s: no nested stack of Meter Readings", env)
		}
		if n := strings.Count(project, `"Type": "AWS::DataZone::Connection"`); n != 5 {
			t.Errorf("%s: %d connections, want 5", env, n)
		}
		// 3 accesses: database + wildcard, database + wildcard, database + 2 tables.
		// And the data source's own two (database, tables).
		if n := strings.Count(project, `"Type": "AWS::LakeFormation::PrincipalPermissions"`); n != 9 {
			t.Errorf("%s: %d grants, want 9", env, n)
		}
		for _, w := range []string{
			`"arn:aws:secretsmanager:` + region + `:` + account + `:secret:grid/redshift"`,
			`"arn:aws:iam::` + account + `:role/grid-ingestion"`,
			`"arn:aws:iam::` + account + `:role/grid-cross-account"`,
			`"grid.${AWS::AccountId}.${AWS::Region}.redshift-serverless.amazonaws.com"`,
			`"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/grid-admin"`,
			`"WorkgroupName": "primary"`, `"IdleTimeout": 60`, `"GlueLineageSyncEnabled": true`,
			`"publisher": true`, `"PermissionsWithGrantOption": [`,
			`"Name": "Meter Readings Glue"`, `"Type": "Custom::SmusmeshLakehouseConnection"`, `"Schedule": "cron(0 3 * * ? *)"`,
		} {
			if !strings.Contains(project, w) {
				t.Errorf("%s: project template lacks %s", env, w)
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

// TestProducerProjectInvalid edits the fixture and expects each problem with file, line
// and the definition's path, spelled as the YAML spells it.
func TestProducerProjectInvalid(t *testing.T) {
	base := fixture(t, producerFixture)
	const p = "domains[energy].units[Grid].projects[Meter Readings]"
	cases := []struct {
		name, edit, with string
		want             []string
		err              error
	}{
		{"redshift without database", "                  database: dev\n", "",
			[]string{`producer.yaml:30: ` + p + `.connections[warehouse].redshift.database: required key "database" is missing`}, datamesh.ErrMissing},
		{"two kinds", "athena: {workgroupName: primary}\n", "athena: {workgroupName: primary}\n                s3: {uri: s3://x/}\n",
			[]string{`producer.yaml:37: ` + p + `.connections[athena].s3: "Athena, S3": invalid props: a connection is of one kind`}, datamesh.ErrInvalidProps},
		{"duplicate connection", "              - name: landing\n", "              - name: athena\n",
			[]string{`producer.yaml:37: ` + p + `.connections[2].name: "athena": duplicate: project "Meter Readings" already has a connection of that name (` + p + `.connections[athena], producer.yaml:35)`}, datamesh.ErrDuplicate},
		{"iam without role", "                accessRole: grid-cross-account\n", "",
			[]string{`producer.yaml:41: ` + p + `.connections[other-account].accessRole: missing required prop: an IAM connection reaches another account with AccessRole: name the role (or give its ARN)`}, datamesh.ErrMissing},
		{"idle timeout", "idleTimeout: 60m", "idleTimeout: an hour",
			[]string{`producer.yaml:40: ` + p + `.connections[spark].sparkGlue.idleTimeout: "an hour": write a duration`}, datamesh.ErrInvalidProps},
		{"unknown level", "                level: ALL\n", "                level: SUPER\n",
			[]string{`producer.yaml:50: ` + p + `.producerAccess[1].level: "SUPER": invalid props: use READ_WRITE, READ or ALL`}, datamesh.ErrInvalidProps},
		{"user with two principals", "      - user: auditor@example.com\n", "      - {user: auditor@example.com, group: auditors}\n",
			[]string{`producer.yaml:61: domains[energy].users[1]: set exactly one of user, group, role, iamUser (2 set)`}, datamesh.ErrInvalidProps},
		{"duplicate user", "      - user: auditor@example.com\n", "      - group: grid-readers\n",
			[]string{`domains[energy].users[1]: "SSO_GROUP:grid-readers": duplicate: already listed as Users[0]`}, datamesh.ErrDuplicate},
		{"data source timezone without schedule", "              schedule: cron(0 3 * * ? *)\n", "              timezone: CET\n",
			[]string{`producer.yaml:58: ` + p + `.dataSource.timezone: "CET": invalid props: a timezone applies to a Schedule`}, datamesh.ErrInvalidProps},
		{"data source without the Lakehouse Database", "          - {blueprint: DataLake, deployment: ON_CREATE}\n", "          - {blueprint: DataLake}\n",
			[]string{`producer.yaml:23: ` + p + `.profile: "Analytics": invalid props: the data source publishes through the Lakehouse connection that the DataLake (Lakehouse Database) environment creates: use a profile with preset SQLAnalytics`}, datamesh.ErrInvalidProps},
		{"duplicate producer access", "              - role: grid-publisher\n                database: meter_readings\n", "              - role: grid-ingestion\n                database: meter_readings\n",
			[]string{`producer.yaml:51: ` + p + `.producerAccess[2].role: "grid-ingestion": duplicate: ` + p + `.producerAccess[0], producer.yaml:46 grants this role on database "meter_readings" already: merge the two entries`}, datamesh.ErrDuplicate},
		{"no database", "                database: meter_readings_raw\n", "",
			[]string{`producer.yaml:48: ` + p + `.producerAccess[1].database: required key "database" is missing`}, datamesh.ErrMissing},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if strings.Count(base, c.edit) != 1 {
				t.Fatalf("fixture contains %q %d times", c.edit, strings.Count(base, c.edit))
			}
			def, err := Parse(producerFixture, []byte(strings.Replace(base, c.edit, c.with, 1)))
			if err == nil {
				err = def.Validate()
			}
			if !errors.Is(err, c.err) {
				t.Errorf("error does not match %v:\n%v", c.err, err)
			}
			for _, w := range c.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("want %q in:\n%v", w, err)
				}
			}
		})
	}
}
