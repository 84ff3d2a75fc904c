package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/findings"
	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/jsiitest"
	"github.com/smusmesh/smusmesh/problem"
)

// TestMain removes the shared assembly after the tests (and the fragments' scratch file).
func TestMain(m *testing.M) {
	jsiitest.Main(m, cfnfrag.Release, func() { os.RemoveAll(shared.dir) })
}

// shared is the one synthesis of every mesh (one App, one stage per mesh): a jsii kernel
// per test package is the cost, so every test reads this one assembly.
var shared struct {
	once sync.Once
	dir  string
	err  error
}

func assembly(t *testing.T) string {
	t.Helper()
	shared.once.Do(func() {
		shared.dir, shared.err = os.MkdirTemp("", "meshes")
		if shared.err != nil {
			return
		}
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(shared.dir)})
		if shared.err = problem.Catch(func() { build(app) }); shared.err != nil {
			return
		}
		app.Synth(nil)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.dir
}

// TestMeshesSynthesize checks every mesh with the checks a run makes: every template is
// valid against the registry schemas, no error-level finding (AwsSolutions, DataMesh,
// limits), exactly the warnings each mesh is known to raise, every suppression narrow and
// with a reason, and docs/deploy.md describes every resource type emitted.
func TestMeshesSynthesize(t *testing.T) {
	dir := assembly(t)
	schema, err := cfnschema.ValidateAssembly(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range schema {
		t.Errorf("registry schema: %s", f)
	}
	fs, err := findings.Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The IAM domain is one on purpose (the shape); the example's project name is lower
	// case, against smusmesh's default naming convention.
	wantWarnings := []string{
		"aws-ia-byor DataMesh-DomainWithoutSSO aws-ia-byor/MyUnifiedStudio/Domain/Resource",
		"aws-ia-byor DataMesh-NamingConvention aws-ia-byor/MyUnifiedStudio/Domain/AdminProject/Resource",
		"aws-ia-byor DataMesh-NamingConvention aws-ia-byor/MyUnifiedStudio/Domain/MyBYORProject/Resource",
	}
	var warnings []string
	for _, f := range fs {
		switch f.Level {
		case findings.LevelError:
			t.Errorf("error finding: %s %s %s: %s", f.Stage, f.Rule, f.Path, f.Message)
		case findings.LevelWarning:
			warnings = append(warnings, f.Stage+" "+f.Rule+" "+f.Path)
		}
	}
	sort.Strings(warnings)
	if !slices.Equal(warnings, wantWarnings) {
		t.Errorf("warnings:\n  %s\nwant:\n  %s", strings.Join(warnings, "\n  "), strings.Join(wantWarnings, "\n  "))
	}
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "deploy.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range meshes {
		for _, r := range resources(t, m.name) {
			if !strings.Contains(string(doc), "\n### "+r.Type) {
				t.Errorf("%s emits %s, which docs/deploy.md does not describe", m.name, r.Type)
			}
			// Every suppression gives a reason and names what it applies to (AwsSolutions-S1
			// findings have no ID to narrow to).
			for _, s := range r.Suppressions {
				if len(s.Reason) < 40 {
					t.Errorf("%s %s %s: suppression of %s has no real reason: %q", m.name, r.Template, r.ID, s.ID, s.Reason)
				}
				if len(s.AppliesTo) == 0 && s.ID != "AwsSolutions-S1" {
					t.Errorf("%s %s %s: suppression of %s is not narrowed with appliesTo", m.name, r.Template, r.ID, s.ID)
				}
			}
		}
	}
}

// resource is one resource of a stage's templates (nested templates included).
type resource struct {
	Template, ID, Type string
	Properties         map[string]any
	Suppressions       []suppression
}

// suppression is one cdk-nag suppression in a resource's metadata.
type suppression struct {
	ID        string `json:"id"`
	Reason    string `json:"reason"`
	AppliesTo []any  `json:"applies_to"`
}

// resources returns every resource of the stage's templates, sorted by template and ID.
func resources(t *testing.T, stage string) []resource {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(assembly(t), "assembly-"+stage, "*.template.json"))
	if len(paths) == 0 {
		t.Fatalf("stage %s: no templates", stage)
	}
	var out []resource
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var tpl struct {
			Resources map[string]struct {
				Type       string
				Properties map[string]any
				Metadata   struct {
					CdkNag struct {
						Rules []suppression `json:"rules_to_suppress"`
					} `json:"cdk_nag"`
				}
			}
		}
		if err := json.Unmarshal(b, &tpl); err != nil {
			t.Fatal(err)
		}
		for id, r := range tpl.Resources {
			out = append(out, resource{filepath.Base(p), id, r.Type, r.Properties, r.Metadata.CdkNag.Rules})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Template+out[i].ID < out[j].Template+out[j].ID })
	return out
}

// ofType returns the resources of type typ whose property key equals value (all of the
// type when key is empty).
func ofType(rs []resource, typ, key string, value any) []resource {
	var out []resource
	for _, r := range rs {
		if r.Type == typ && (key == "" || reflect.DeepEqual(r.Properties[key], value)) {
			out = append(out, r)
		}
	}
	return out
}

// one returns the one resource of type typ whose property key equals value.
func one(t *testing.T, rs []resource, typ, key string, value any) resource {
	t.Helper()
	got := ofType(rs, typ, key, value)
	if len(got) != 1 {
		t.Fatalf("%d %s with %s = %v, want 1", len(got), typ, key, value)
	}
	return got[0]
}

// get follows a path of map keys and list indexes through a property value.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// environments returns the names of a profile's environment configurations, in order.
func environments(r resource) []string {
	var out []string
	for _, e := range get(r.Properties, "EnvironmentConfigurations").([]any) {
		out = append(out, get(e, "Name").(string))
	}
	return out
}

// environment returns the environment configuration of a profile named name.
func environment(t *testing.T, r resource, name string) any {
	t.Helper()
	for _, e := range get(r.Properties, "EnvironmentConfigurations").([]any) {
		if get(e, "Name") == name {
			return e
		}
	}
	t.Fatalf("profile %v has no environment %q", r.Properties["Name"], name)
	return nil
}

// parameter returns a parameter override of an environment configuration as
// "name=value editable|locked", or "" when the environment does not set it.
func parameter(env any, name string) string {
	overrides, _ := get(env, "ConfigurationParameters", "ParameterOverrides").([]any)
	for _, o := range overrides {
		if get(o, "Name") == name {
			mode := "locked"
			if get(o, "IsEditable") == true {
				mode = "editable"
			}
			if v, ok := get(o, "Value").(string); ok {
				return name + "=" + v + " " + mode
			}
			return name + " " + mode // no value: the blueprint's default
		}
	}
	return ""
}

// blueprints returns the blueprint identifiers of the configurations among rs, sorted.
func blueprints(rs []resource) []string {
	var out []string
	for _, r := range ofType(rs, "AWS::DataZone::EnvironmentBlueprintConfiguration", "", nil) {
		out = append(out, r.Properties["EnvironmentBlueprintIdentifier"].(string))
	}
	sort.Strings(out)
	return out
}

// members returns a project's memberships as "designation member", sorted: those of the
// project's template that name the project's logical ID (by Ref or GetAtt).
func members(rs []resource, project resource) []string {
	var out []string
	for _, r := range ofType(rs, "AWS::DataZone::ProjectMembership", "", nil) {
		if r.Template != project.Template || !strings.Contains(mustJSON(r.Properties["ProjectIdentifier"]), `"`+project.ID+`"`) {
			continue
		}
		m := get(r.Properties, "Member")
		id := get(m, "UserIdentifier")
		if id == nil {
			id = get(m, "GroupIdentifier")
		}
		s, ok := id.(string)
		if !ok {
			s = mustJSON(id)
		}
		out = append(out, r.Properties["Designation"].(string)+" "+s)
	}
	sort.Strings(out)
	return out
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func sorted(s ...string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func equal(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s:\n got %v\nwant %v", what, got, want)
	}
}

// usasBlueprints are the 17 blueprints of enable_all_blueprints.yaml.
var usasBlueprints = sorted("LakehouseCatalog", "AmazonBedrockGuardrail", "MLExperiments", "Tooling", "RedshiftServerless",
	"EmrServerless", "Workflows", "AmazonBedrockPrompt", "DataLake", "AmazonBedrockEvaluation", "AmazonBedrockKnowledgeBase",
	"PartnerApps", "AmazonBedrockChatAgent", "AmazonBedrockFunction", "QuickSight", "AmazonBedrockFlow", "EmrOnEc2")

// TestUSAS checks the CloudFormation and Terraform single-account samples as written: the
// AUTOMATIC user assignment, the blueprints, AWS's profiles environment by environment
// (parameters without a value included), the project with its user parameters, owners
// and connections, and the grant to every user.
func TestUSAS(t *testing.T) {
	rs := resources(t, "usas")
	dom := one(t, rs, "AWS::DataZone::Domain", "Name", "usas")
	equal(t, "domain", []any{dom.Properties["DomainVersion"], dom.Properties["Description"]}, []any{"V2", "Test Domain"})
	equal(t, "blueprints", blueprints(rs), usasBlueprints)
	equal(t, "blueprint grants", len(ofType(rs, "AWS::DataZone::PolicyGrant", "PolicyType", "CREATE_ENVIRONMENT_FROM_BLUEPRINT")), len(usasBlueprints))

	sql := one(t, rs, "AWS::DataZone::ProjectProfile", "Name", "SQL analytics")
	equal(t, "SQL analytics", environments(sql), []string{"Tooling", "Lakehouse Database", "Redshift Serverless",
		"OnDemand Redshift Serverless", "OnDemand Catalog for RMS", "OnDemand QuickSight"})
	rsl := environment(t, sql, "Redshift Serverless")
	equal(t, "Redshift Serverless", []any{get(rsl, "DeploymentMode"), get(rsl, "DeploymentOrder"),
		parameter(rsl, "redshiftMaxCapacity"), parameter(rsl, "connectToRMSCatalog"), parameter(rsl, "redshiftDbName")},
		[]any{"ON_CREATE", 1.0, "redshiftMaxCapacity=512 locked", "connectToRMSCatalog=true locked", "redshiftDbName=dev editable"})
	sqlTooling := environment(t, sql, "Tooling")
	equal(t, "SQL analytics Tooling", []string{parameter(sqlTooling, "enableSpaces"), parameter(sqlTooling, "maxEbsVolumeSize"),
		parameter(sqlTooling, "gitConnectionArn")}, []string{"enableSpaces=false locked", "maxEbsVolumeSize locked", "gitConnectionArn editable"})
	equal(t, "Lakehouse Database order", get(environment(t, sql, "Lakehouse Database"), "DeploymentOrder"), 1.0)
	equal(t, "user assignment", get(one(t, rs, "AWS::DataZone::Domain", "Name", "usas").Properties, "SingleSignOn", "UserAssignment"), "AUTOMATIC")
	equal(t, "Lakehouse Database", parameter(environment(t, sql, "Lakehouse Database"), "glueDbName"), "glueDbName=glue_db editable")

	all := one(t, rs, "AWS::DataZone::ProjectProfile", "Name", "All capabilities")
	equal(t, "All capabilities", len(environments(all)), 18)
	emr := environment(t, all, "OnDemand EMR on EC2 Memory-Optimized")
	equal(t, "EMR memory-optimized", []any{get(emr, "DeploymentMode"), parameter(emr, "primaryInstanceType")},
		[]any{"ON_DEMAND", "primaryInstanceType=r6g.xlarge editable"})
	equal(t, "All capabilities Tooling", parameter(environment(t, all, "Tooling"), "enableAmazonBedrockPermissions"),
		"enableAmazonBedrockPermissions=true locked")

	genai := one(t, rs, "AWS::DataZone::ProjectProfile", "Name", "Generative AI application development")
	equal(t, "GenAI environments", len(environments(genai)), 8)
	equal(t, "GenAI Tooling", []string{parameter(environment(t, genai, "Tooling"), "enableAmazonBedrockPermissions"),
		parameter(environment(t, genai, "Tooling"), "enableSpaces")},
		[]string{"enableAmazonBedrockPermissions=true locked", "enableSpaces=false locked"})

	governance := one(t, rs, "AWS::DataZone::ProjectProfile", "Name", "Generative AI model governance")
	equal(t, "model governance profile", governance.Properties["EnvironmentConfigurations"], nil)
	mg := one(t, rs, "AWS::DataZone::Project", "Name", "GenerativeAIModelGovernanceProject")
	equal(t, "model governance project's profile", strings.Contains(mustJSON(mg.Properties["ProjectProfileId"]), governance.ID) ||
		mg.Template != governance.Template, true)
	for _, c := range ofType(rs, "AWS::DataZone::EnvironmentBlueprintConfiguration", "EnvironmentBlueprintIdentifier", "LakehouseCatalog") {
		equal(t, "LakehouseCatalog regional parameters", mustJSON(get(c.Properties, "RegionalParameters", 0, "Parameters")), "{}")
	}

	p := one(t, rs, "AWS::DataZone::Project", "Name", "DeployedProjectV2")
	equal(t, "project user parameters", p.Properties["UserParameters"], []any{
		map[string]any{"EnvironmentConfigurationName": "Lakehouse Database", "EnvironmentParameters": []any{map[string]any{"Name": "glueDbName", "Value": "glue_override"}}},
		map[string]any{"EnvironmentConfigurationName": "Redshift Serverless", "EnvironmentParameters": []any{map[string]any{"Name": "redshiftDbName", "Value": "rs_db_override"}}},
	})
	equal(t, "project members", members(rs, p), []string{"PROJECT_OWNER jane.doe@example.com", "PROJECT_OWNER john.roe@example.com"})

	// create_connection.yaml: eight connections of the project, one per kind; no password
	// in the template (the sample writes them in; here they are secrets).
	var conns []string
	for _, c := range ofType(rs, "AWS::DataZone::Connection", "", nil) {
		if !strings.Contains(mustJSON(c.Properties["ProjectIdentifier"]), `"`+p.ID+`"`) {
			t.Errorf("connection %v is not the project's", c.Properties["Name"])
		}
		for kind := range get(c.Properties, "Props").(map[string]any) {
			conns = append(conns, c.Properties["Name"].(string)+" "+kind)
		}
		if strings.Contains(mustJSON(c.Properties), "Password") {
			t.Errorf("connection %v holds a password", c.Properties["Name"])
		}
	}
	equal(t, "connections", sorted(conns...), sorted("RedshiftConnection RedshiftProperties", "glue_conn_snowflake GlueProperties",
		"AthenaConnection AthenaProperties", "S3Connection S3Properties", "IAMConnection IamProperties",
		"HyperPodConnection HyperPodProperties", "SparkEmrConnection SparkEmrProperties", "SparkGlueConnection SparkGlueProperties"))

	g := one(t, rs, "Custom::SmusmeshPolicyGrant", "PolicyType", "CREATE_PROJECT_FROM_PROJECT_PROFILE")
	equal(t, "create-project grant", []any{mustJSON(get(g.Properties, "Principal")), get(g.Properties, "Detail", "CreateProjectFromProjectProfile", "IncludeChildDomainUnits"),
		len(get(g.Properties, "Detail", "CreateProjectFromProjectProfile", "ProjectProfiles").([]any))},
		[]any{`{"User":{"AllUsersGrantFilter":{}}}`, true, 2})
}

// TestUSASMultiAccount checks the multi-account sample: the domain shared with the
// associated account, the same blueprints configured in that account, and every
// profile's environments there.
func TestUSASMultiAccount(t *testing.T) {
	rs := resources(t, "usas-multi-account")
	share := ofType(rs, "AWS::RAM::ResourceShare", "", nil)
	var principals []string
	for _, s := range share {
		principals = append(principals, mustJSON(s.Properties["Principals"]))
	}
	equal(t, "RAM shares (domain, domain-id parameter)", principals, []string{`["222222222222"]`, `["222222222222"]`})
	var associated []resource
	for _, r := range rs {
		if strings.Contains(r.Template, "Associated222222222222") {
			associated = append(associated, r)
		}
	}
	equal(t, "blueprints in the associated account", blueprints(associated), usasBlueprints)
	for _, name := range []string{"SQL analytics", "All capabilities", "Generative AI application development"} {
		for _, e := range get(one(t, rs, "AWS::DataZone::ProjectProfile", "Name", name).Properties, "EnvironmentConfigurations").([]any) {
			if a := get(e, "AwsAccount", "AwsAccountId"); a != "222222222222" {
				t.Errorf("%s / %v runs in account %v, want the associated 222222222222", name, get(e, "Name"), a)
			}
		}
	}
	var projects []string
	for _, p := range ofType(rs, "AWS::DataZone::Project", "", nil) {
		projects = append(projects, p.Properties["Name"].(string))
	}
	equal(t, "projects", sorted(projects...), []string{"DeployedProjectV2", "GenerativeAIModelGovernanceProject", "Mesh Standards"})
}

// TestAWSIAQuickSetup checks the quick-setup example: the blueprints of the SQL analytics
// and GenAI capabilities, QuickSight added to the SQL analytics preset, the project and
// its owner, the grant to every user.
func TestAWSIAQuickSetup(t *testing.T) {
	rs := resources(t, "aws-ia-quick-setup")
	equal(t, "blueprints", blueprints(rs), sorted("Tooling", "DataLake", "LakehouseCatalog", "RedshiftServerless", "QuickSight",
		"AmazonBedrockChatAgent", "AmazonBedrockEvaluation", "AmazonBedrockFlow", "AmazonBedrockFunction", "AmazonBedrockGuardrail",
		"AmazonBedrockKnowledgeBase", "AmazonBedrockPrompt"))
	sql := one(t, rs, "AWS::DataZone::ProjectProfile", "Name", "SQL analytics")
	equal(t, "SQL analytics last environment", environments(sql)[len(environments(sql))-1], "OnDemand QuickSight")
	p := one(t, rs, "AWS::DataZone::Project", "Name", "my-analytics-project")
	equal(t, "members", members(rs, p), []string{"PROJECT_OWNER user@example.com"})
	g := one(t, rs, "Custom::SmusmeshPolicyGrant", "PolicyType", "CREATE_PROJECT_FROM_PROJECT_PROFILE")
	equal(t, "grant to all users", []any{mustJSON(get(g.Properties, "Principal")),
		len(get(g.Properties, "Detail", "CreateProjectFromProjectProfile", "ProjectProfiles").([]any))}, []any{`{"User":{"AllUsersGrantFilter":{}}}`, 2})
	equal(t, "user assignment", get(one(t, rs, "AWS::DataZone::Domain", "Name", "my-unified-studio").Properties, "SingleSignOn", "UserAssignment"), "AUTOMATIC")
	tooling := one(t, rs, "AWS::DataZone::EnvironmentBlueprintConfiguration", "EnvironmentBlueprintIdentifier", "Tooling")
	if q := mustJSON(get(tooling.Properties, "GlobalParameters", "sagemakerQueryExecutionRoleArn")); !strings.Contains(q, ":iam::333333333333:role/service-role/AmazonSageMakerQueryExecution") {
		t.Errorf("Tooling sagemakerQueryExecutionRoleArn = %s", q)
	}
}

// TestAWSIABYOR checks the IAM domain with the roles it was given: no SSO, the given
// domain execution role, ToolingLite configured with the given provisioning role, the
// Default Project Profile, the project's IAM members and its own execution role.
func TestAWSIABYOR(t *testing.T) {
	rs := resources(t, "aws-ia-byor")
	dom := one(t, rs, "AWS::DataZone::Domain", "Name", "my-unified-studio")
	if sso := dom.Properties["SingleSignOn"]; sso != nil && get(sso, "Type") != "DISABLED" {
		t.Errorf("IAM domain with SingleSignOn %v", sso)
	}
	equal(t, "domain execution role", mustJSON(dom.Properties["DomainExecutionRole"]),
		`"arn:aws:iam::444444444444:role/service-role/AmazonSageMakerDomainExecution"`)
	bp := one(t, rs, "AWS::DataZone::EnvironmentBlueprintConfiguration", "EnvironmentBlueprintIdentifier", "ToolingLite")
	equal(t, "ToolingLite", bp.Properties["ProvisioningRoleArn"], "arn:aws:iam::444444444444:role/service-role/AmazonSageMakerProvisioning-444444444444")
	equal(t, "blueprints", blueprints(rs), []string{"S3Bucket", "S3TableCatalog", "ToolingLite"})
	for _, b := range []string{"S3Bucket", "S3TableCatalog"} {
		c := one(t, rs, "AWS::DataZone::EnvironmentBlueprintConfiguration", "EnvironmentBlueprintIdentifier", b)
		equal(t, b+" provisioning role (the project's own provisions)", c.Properties["ProvisioningRoleArn"], nil)
	}
	profile := one(t, rs, "AWS::DataZone::ProjectProfile", "Name", "Default Project Profile")
	equal(t, "Default Project Profile", []any{environments(profile), parameter(environment(t, profile, "ToolingLite"), "s3BucketLocation"),
		parameter(environment(t, profile, "S3TableCatalog"), "catalogName"), parameter(environment(t, profile, "S3Bucket"), "bucketName")},
		[]any{[]string{"ToolingLite", "S3Bucket", "S3TableCatalog"}, "s3BucketLocation= editable", "catalogName= editable", "bucketName editable"})
	admin := one(t, rs, "AWS::DataZone::Project", "Name", "admin-project-444444444444")
	equal(t, "management project", []any{admin.Properties["ProjectCategory"], members(rs, admin)},
		[]any{"ADMIN", []string{"PROJECT_OWNER arn:aws:iam::444444444444:role/admin-role", "PROJECT_OWNER arn:aws:iam::444444444444:user/admin-user"}})
	p := one(t, rs, "AWS::DataZone::Project", "Name", "my-byor-project")
	if !strings.Contains(mustJSON(p.Properties["ProjectExecutionRole"]), "ProjectExecutionRole") {
		t.Errorf("my-byor-project's execution role %v, want the role the example makes", p.Properties["ProjectExecutionRole"])
	}
	equal(t, "members", members(rs, p), []string{"PROJECT_CONTRIBUTOR arn:aws:iam::444444444444:user/contributor",
		"PROJECT_OWNER arn:aws:iam::444444444444:role/data-team-owner"})
	var execRoles int
	for _, r := range ofType(rs, "AWS::IAM::Role", "", nil) {
		if strings.Contains(mustJSON(r.Properties["ManagedPolicyArns"]), "SageMakerStudioUserIAMDefaultExecutionPolicy") {
			execRoles++
		}
	}
	equal(t, "project execution roles", execRoles, 1)
}

// TestMDAA checks the starter kit: the unit tree and its owners, the two associated
// accounts, one profile per account, the enterprise project with its owners, data source
// and producer grants, the groups registered, and the Lake Formation administrators
// appended.
func TestMDAA(t *testing.T) {
	rs := resources(t, "mdaa-smus-data-mesh")
	dom := one(t, rs, "AWS::DataZone::Domain", "Name", "domain1")
	equal(t, "user assignment", get(dom.Properties, "SingleSignOn", "UserAssignment"), "MANUAL")
	var units []string
	for _, u := range ofType(rs, "AWS::DataZone::DomainUnit", "", nil) {
		units = append(units, u.Properties["Name"].(string))
	}
	equal(t, "units", sorted(units...), []string{"business-teams", "team1", "team2"})
	var owners []string
	for _, o := range ofType(rs, "AWS::DataZone::Owner", "EntityType", "DOMAIN_UNIT") {
		if id, ok := get(o.Properties, "Owner", "User", "UserIdentifier").(string); ok && strings.Contains(id, "smus-cdk-user") {
			owners = append(owners, id)
		}
	}
	equal(t, "team units' owners", sorted(owners...), []string{"arn:aws:iam::222222222222:role/mdaa-dev-team1-com-smus-cdk-user",
		"arn:aws:iam::333333333333:role/mdaa-dev-team2-com-smus-cdk-user"})
	for name, account := range map[string]string{"enterprise-profile": "555555555555", "team1-profile": "222222222222", "team2-profile": "333333333333"} {
		env := get(one(t, rs, "AWS::DataZone::ProjectProfile", "Name", name).Properties, "EnvironmentConfigurations", 0)
		equal(t, name+" account", get(env, "AwsAccount", "AwsAccountId"), account)
	}
	for _, account := range []string{"222222222222", "333333333333"} {
		var associated []resource
		for _, r := range rs {
			if strings.Contains(r.Template, "Associated"+account) {
				associated = append(associated, r)
			}
		}
		equal(t, "blueprints in "+account, blueprints(associated), []string{"DataLake", "Tooling"})
	}
	p := one(t, rs, "AWS::DataZone::Project", "Name", "proj1")
	equal(t, "proj1 user parameters", mustJSON(p.Properties["UserParameters"]),
		`[{"EnvironmentConfigurationName":"ddb-table","EnvironmentParameters":[{"Name":"kmsKey","Value":"arn:aws:kms:us-east-1:555555555555:alias/mdaa-dev-ent-proj1"}]}]`)
	// admin1 and the enterprise group, and the role that looks up the project's Lakehouse
	// connection for its data source (as for a Master Data project).
	equal(t, "proj1 members", members(rs, p), []string{"PROJECT_OWNER 7a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
		"PROJECT_OWNER 90676a2e-1051-70d1-0a35-2a8f5a0c1a01",
		`PROJECT_OWNER {"Ref":"referencetomdaasmusdatameshDomain1DomainLakehouseConnectionLookupRoleDE2C1BC9Arn"}`})
	// The project's SMUS data source on lake-db1 and the producer grants of
	// dataops-project1.yaml: SUPER (ALL, grantable) to data admins, read to data
	// engineers, read/write to the Glue ETL role.
	ds := one(t, rs, "AWS::DataZone::DataSource", "Type", "GLUE")
	equal(t, "data source", []any{ds.Template == p.Template, get(ds.Properties, "Configuration", "GlueRunConfiguration", "RelationalFilterConfigurations", 0, "DatabaseName")},
		[]any{true, "lake_db1"})
	var grants []string
	for _, g := range ofType(rs, "AWS::LakeFormation::PrincipalPermissions", "", nil) {
		principal, ok := get(g.Properties, "Principal", "DataLakePrincipalIdentifier").(string)
		if !ok || get(g.Properties, "Resource", "Table") == nil {
			continue // the data source's own role (a lookup's attribute); database-level grants
		}
		grants = append(grants, strings.TrimPrefix(principal, "arn:aws:iam::555555555555:role/mdaa-dev-ent-com-roles-")+" "+
			mustJSON(g.Properties["Permissions"])+" grantable="+mustJSON(len(g.Properties["PermissionsWithGrantOption"].([]any)) > 0))
	}
	equal(t, "producer grants on lake_db1's tables", sorted(grants...), []string{
		`data-admin ["ALL"] grantable=true`, `data-engineer ["SELECT","DESCRIBE"] grantable=false`,
		`glue-etl ["SELECT","INSERT","DELETE","DESCRIBE","ALTER"] grantable=false`})
	var groups []string
	for _, g := range ofType(rs, "AWS::DataZone::GroupProfile", "", nil) {
		groups = append(groups, g.Properties["GroupIdentifier"].(string))
	}
	equal(t, "groups registered", sorted(groups...), []string{"7a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9",
		"8b2c3d4e-5f60-4172-8394-b5c6d7e8f9a0", "9c3d4e5f-6071-4283-94a5-c6d7e8f9a0b1"})
	// smus-bp-ddb.yaml: the custom blueprint, created in the domain's account and
	// configured in the three, each with the account's ddb-bp-prov role; every profile
	// deploys it on create with kmsKey left to the project.
	var custom []string
	for _, c := range ofType(rs, "Custom::SmusmeshCustomBlueprint", "Name", "ddb-table") {
		custom = append(custom, mustJSON(c.Properties["Create"])+" "+mustJSON(c.Properties["ProvisioningRoleArn"]))
	}
	equal(t, "ddb-table configurations", len(custom), 3)
	for _, name := range []string{"enterprise-profile", "team1-profile", "team2-profile"} {
		env := environment(t, one(t, rs, "AWS::DataZone::ProjectProfile", "Name", name), "ddb-table")
		equal(t, name+" ddb-table", []any{get(env, "DeploymentMode"), parameter(env, "kmsKey")}, []any{"ON_CREATE", "kmsKey= editable"})
	}
	for name, account := range map[string]string{"team1-proj1": "222222222222", "team2": "333333333333"} {
		tp := one(t, rs, "AWS::DataZone::Project", "Name", name)
		if !strings.Contains(tp.Template, "Projects"+account) {
			t.Errorf("project %s is in %s, want the stack of the projects of account %s", name, tp.Template, account)
		}
	}
	lf := one(t, rs, "AWS::LakeFormation::DataLakeSettings", "MutationType", "APPEND")
	equal(t, "data lake admins", len(get(lf.Properties, "Admins").([]any)), 2)
}
