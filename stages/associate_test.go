package stages

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

const (
	assocAccount     = "900000000001"
	frankfurtAccount = "900000000002"
)

// tmpl is a parsed CloudFormation template.
type tmpl struct {
	Parameters map[string]any
	Resources  map[string]struct {
		Type           string
		Properties     map[string]any
		DependsOn      []string
		DeletionPolicy string
	}
}

func (t tmpl) ofType(typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for id, r := range t.Resources {
		if r.Type == typ {
			out[id] = r.Properties
		}
	}
	return out
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// synthAssociated synthesizes dev with energy shared with assocAccount (named analytics,
// the domain's region) and with frankfurtAccount (environments in eu-central-1, its own
// bucket), and a profile that runs in frankfurt. It returns the domain template, the
// associated templates by account and the assembly directory.
func synthAssociated(t *testing.T) (domain tmpl, assoc map[string]tmpl, dir string) {
	t.Helper()
	def := genDefinition(2)
	def.Domains[0].Profiles = append(def.Domains[0].Profiles, &ProfileDef{Name: "Remote", RunsIn: "frankfurt"})
	out, _ := synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) {
		s.Associated = map[string][]*AssociatedAccount{"energy": {
			{Name: "analytics", Account: assocAccount, Network: s.Network},
			{Name: "frankfurt", Account: frankfurtAccount, Region: "eu-central-1", Network: s.Network, ToolingS3Location: "s3://amazon-sagemaker-frankfurt-tooling"},
		}}
	})
	dir = filepath.Join(out, "assembly-dev")
	assoc = map[string]tmpl{}
	for k, v := range readTemplates(t, dir) {
		var tm tmpl
		if err := json.Unmarshal([]byte(v), &tm); err != nil {
			t.Fatal(err)
		}
		switch {
		case strings.Contains(k, "Associated"+assocAccount):
			assoc[assocAccount] = tm
		case strings.Contains(k, "Associated"+frankfurtAccount):
			assoc[frankfurtAccount] = tm
		case strings.HasPrefix(k, "devEnergy") && !strings.Contains(k, "nested"):
			domain = tm
		}
	}
	if len(assoc) != 2 {
		t.Fatalf("want 2 associated templates, got %d", len(assoc))
	}
	return domain, assoc, dir
}

func TestAssociatedAccount(t *testing.T) {
	domain, byAccount, dir := synthAssociated(t)
	assoc, frankfurt := byAccount[assocAccount], byAccount[frankfurtAccount]

	t.Run("domain stack shares the domain and its ID parameter", func(t *testing.T) {
		params := domain.ofType("AWS::SSM::Parameter")
		if len(params) != 3 {
			t.Fatalf("want 3 parameters, got %d", len(params))
		}
		var domainIDParam string
		for id, p := range params {
			if p["Tier"] != "Advanced" {
				t.Errorf("parameter %s is %v: only Advanced parameters can be shared", p["Name"], p["Tier"])
			}
			if p["Name"] == "/smusmesh/dev/energy/domain-id" {
				domainIDParam = id
			}
		}
		shares := domain.ofType("AWS::RAM::ResourceShare")
		if len(shares) != 4 {
			t.Errorf("want 4 shares (domain and parameter, per account), got %d", len(shares))
		}
		perms := map[string]map[string]any{}
		for _, sh := range shares {
			if jsonOf(sh["Principals"]) != `["`+assocAccount+`"]` {
				continue
			}
			perms[sh["PermissionArns"].([]any)[0].(string)] = sh
			if sh["AllowExternalPrincipals"] != false {
				t.Errorf("share %v: external %v", sh["Name"], sh["AllowExternalPrincipals"])
			}
		}
		if sh := perms[DomainSharePermission]; sh == nil || sh["Name"] != "smusmesh-dev-energy-"+assocAccount || !strings.Contains(jsonOf(sh["ResourceArns"]), "Domain") {
			t.Errorf("domain share = %v", sh)
		}
		if sh := perms[ParameterSharePermission]; sh == nil || sh["Name"] != "smusmesh-dev-energy-"+assocAccount+"-parameters" || !strings.Contains(jsonOf(sh["ResourceArns"]), domainIDParam) {
			t.Errorf("parameter share = %v (parameter %s)", sh, domainIDParam)
		}
	})

	t.Run("domain key lets DataZone act for the associated account", func(t *testing.T) {
		var found bool
		for _, k := range domain.ofType("AWS::KMS::Key") {
			for _, st := range k["KeyPolicy"].(map[string]any)["Statement"].([]any) {
				c := jsonOf(st.(map[string]any)["Condition"])
				if strings.Contains(c, `"kms:CallerAccount":"`+assocAccount+`"`) && strings.Contains(c, `"kms:ViaService":"datazone.eu-west-1.amazonaws.com"`) {
					found = true
					if a := jsonOf(st.(map[string]any)["Action"]); !strings.Contains(a, "kms:CreateGrant") || strings.Contains(a, `"kms:*"`) {
						t.Errorf("actions = %s", a)
					}
				}
			}
		}
		if !found {
			t.Error("no key policy statement for the associated account through DataZone")
		}
	})

	t.Run("profile environments run in the associated account", func(t *testing.T) {
		var remote map[string]any
		for _, p := range domain.ofType("AWS::DataZone::ProjectProfile") {
			if p["Name"] == "Remote" {
				remote = p
			} else if strings.Contains(jsonOf(p), "90000000000") {
				t.Errorf("profile %v runs in the associated account", p["Name"])
			}
		}
		if remote == nil {
			t.Fatal("no profile Remote")
		}
		for _, e := range remote["EnvironmentConfigurations"].([]any) {
			env := e.(map[string]any)
			if jsonOf(env["AwsAccount"]) != `{"AwsAccountId":"`+frankfurtAccount+`"}` || jsonOf(env["AwsRegion"]) != `{"RegionName":"eu-central-1"}` {
				t.Errorf("environment %v: account %v region %v", env["Name"], env["AwsAccount"], env["AwsRegion"])
			}
		}
	})

	t.Run("associated stack reads the domain at deploy time", func(t *testing.T) {
		if len(assoc.Parameters) > 1 {
			t.Errorf("associated stack has template parameters %v (a shared parameter read at changeset time fails before the share is accepted)", assoc.Parameters)
		}
		body := jsonOf(assoc)
		if regexp.MustCompile(`dzd[-_][a-z0-9]+`).MatchString(body) {
			t.Error("associated stack hard-codes a domain ID")
		}
		lookups := assoc.ofType("Custom::SmusDomainLookup")
		if len(lookups) != 1 {
			t.Fatalf("want one domain lookup, got %d", len(lookups))
		}
		var lookupID string
		for id, l := range lookups {
			lookupID = id
			if l["Owner"] != "200000000001" || jsonOf(l["Shares"]) != `["smusmesh-dev-energy-`+assocAccount+`","smusmesh-dev-energy-`+assocAccount+`-parameters"]` {
				t.Errorf("lookup = %v", l)
			}
			if p := jsonOf(l["Parameter"]); !strings.Contains(p, `":ssm:eu-west-1:200000000001:parameter/smusmesh/dev/energy/domain-id"`) {
				t.Errorf("lookup reads %s, want the parameter's full ARN in the domain account", p)
			}
		}
		for _, f := range assoc.ofType("AWS::Lambda::Function") {
			if f["Runtime"] != "python3.14" || f["Timeout"] != float64(900) {
				t.Errorf("lookup function runtime %v timeout %v", f["Runtime"], f["Timeout"])
			}
			code := jsonOf(f["Code"])
			for _, w := range []string{"accept_resource_share_invitation", "get_parameter", "get_domain", "get_remaining_time_in_millis", "FAILED"} {
				if !strings.Contains(code, w) {
					t.Errorf("lookup code lacks %s", w)
				}
			}
			if n := len(f["Code"].(map[string]any)["ZipFile"].(string)); n > 4096 {
				t.Errorf("inline code is %d characters, CloudFormation allows 4096", n)
			}
		}

		cfgs := assoc.ofType("AWS::DataZone::EnvironmentBlueprintConfiguration")
		grants := assoc.ofType("AWS::DataZone::PolicyGrant")
		if len(cfgs) != 3 || len(grants) != 3 {
			t.Fatalf("want 3 blueprint configurations and 3 grants (Tooling, LakehouseCatalog, DataLake), got %d and %d", len(cfgs), len(grants))
		}
		for id, c := range cfgs {
			if jsonOf(c["DomainIdentifier"]) != `{"Fn::GetAtt":["`+lookupID+`","DomainId"]}` {
				t.Errorf("%s DomainIdentifier = %v", id, c["DomainIdentifier"])
			}
			// Only the blueprints that take S3Location name the bucket (LakehouseCatalog takes
			// no parameter: datamesh.BlueprintParameters).
			takes := c["EnvironmentBlueprintIdentifier"] != "LakehouseCatalog"
			if jsonOf(c["EnabledRegions"]) != `["eu-west-1"]` || strings.Contains(jsonOf(c["RegionalParameters"]), "ToolingBucket") != takes {
				t.Errorf("%s regions %v parameters %v", id, c["EnabledRegions"], c["RegionalParameters"])
			}
		}
		// Environments in another region: enabled there, with the bucket the settings name.
		for id, c := range frankfurt.ofType("AWS::DataZone::EnvironmentBlueprintConfiguration") {
			takes := c["EnvironmentBlueprintIdentifier"] != "LakehouseCatalog"
			if jsonOf(c["EnabledRegions"]) != `["eu-central-1"]` || !strings.Contains(jsonOf(c["RegionalParameters"]), `"Region":"eu-central-1"`) ||
				strings.Contains(jsonOf(c["RegionalParameters"]), `"S3Location":"s3://amazon-sagemaker-frankfurt-tooling"`) != takes {
				t.Errorf("frankfurt %s regions %v parameters %v", id, c["EnabledRegions"], jsonOf(c["RegionalParameters"]))
			}
		}
		if n := len(frankfurt.ofType("AWS::S3::Bucket")); n != 0 {
			t.Errorf("frankfurt names its bucket, yet its stack creates %d", n)
		}
		for id, g := range grants {
			ent := jsonOf(g["EntityIdentifier"])
			m := regexp.MustCompile(`^\{"Fn::Join":\[":",\["` + assocAccount + `",\{"Fn::GetAtt":\["(\w+)","EnvironmentBlueprintId"\]\}\]\]\}$`).FindStringSubmatch(ent)
			if m == nil || cfgs[m[1]] == nil {
				t.Errorf("%s EntityIdentifier = %s, want <associated account>:<blueprint ID of this account's configuration>", id, ent)
			}
			if g["PolicyType"] != "CREATE_ENVIRONMENT_FROM_BLUEPRINT" || !strings.Contains(jsonOf(g["Principal"]), `{"Fn::GetAtt":["`+lookupID+`","RootDomainUnitId"]}`) {
				t.Errorf("%s grant = %v", id, g)
			}
		}
	})

	t.Run("Tooling buckets", func(t *testing.T) {
		for name, tm := range map[string]tmpl{"domain": domain, "associated": assoc} {
			buckets := tm.ofType("AWS::S3::Bucket")
			if len(buckets) != 1 {
				t.Fatalf("%s: want one bucket, got %d", name, len(buckets))
			}
			for id, b := range buckets {
				if tm.Resources[id].DeletionPolicy != "Retain" {
					t.Errorf("%s bucket DeletionPolicy = %q", name, tm.Resources[id].DeletionPolicy)
				}
				if !regexp.MustCompile(`^\{"Fn::Join":\["",\["amazon-sagemaker-\d{12}-[a-z0-9-]+-",\{"Fn::Select":\[1,\{"Fn::Split":\["dzd_",\{"Fn::GetAtt":\["\w+","(Id|DomainId)"\]\}\]\}\]\}\]\]\}$`).MatchString(jsonOf(b["BucketName"])) {
					t.Errorf("%s bucket name = %s", name, jsonOf(b["BucketName"]))
				}
				enc := jsonOf(b["BucketEncryption"])
				if !strings.Contains(enc, `"SSEAlgorithm":"aws:kms"`) || !strings.Contains(enc, "KMSMasterKeyID") {
					t.Errorf("%s bucket encryption = %s", name, enc)
				}
				if jsonOf(b["VersioningConfiguration"]) != `{"Status":"Enabled"}` {
					t.Errorf("%s versioning = %v", name, b["VersioningConfiguration"])
				}
				if jsonOf(b["PublicAccessBlockConfiguration"]) != `{"BlockPublicAcls":true,"BlockPublicPolicy":true,"IgnorePublicAcls":true,"RestrictPublicBuckets":true}` {
					t.Errorf("%s public access = %v", name, b["PublicAccessBlockConfiguration"])
				}
			}
			tls := false
			for _, p := range tm.ofType("AWS::S3::BucketPolicy") {
				if strings.Contains(jsonOf(p["PolicyDocument"]), `"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny"`) {
					tls = true
				}
			}
			if !tls {
				t.Errorf("%s bucket policy does not deny requests without TLS", name)
			}
		}
		// The domain's Tooling configuration names the domain's bucket.
		for _, c := range domain.ofType("AWS::DataZone::EnvironmentBlueprintConfiguration") {
			if c["EnvironmentBlueprintIdentifier"] == "LakehouseCatalog" {
				continue // takes no parameter
			}
			if !strings.Contains(jsonOf(c["RegionalParameters"]), "ToolingBucket") {
				t.Errorf("%v does not name the domain's Tooling bucket: %s", c["EnvironmentBlueprintIdentifier"], jsonOf(c["RegionalParameters"]))
			}
		}
	})

	t.Run("assembly deploys the domain stack first", func(t *testing.T) {
		b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
		if err != nil {
			t.Fatal(err)
		}
		var man struct {
			Artifacts map[string]struct {
				Type         string
				Environment  string
				Dependencies []string
			}
		}
		if err := json.Unmarshal(b, &man); err != nil {
			t.Fatal(err)
		}
		found := 0
		for k, a := range man.Artifacts {
			if !strings.HasPrefix(k, "devEnergyAssociated") || a.Type != "aws:cloudformation:stack" {
				continue
			}
			found++
			// The domain's region, whatever the region of the environments.
			if !regexp.MustCompile(`^aws://90000000000[12]/eu-west-1$`).MatchString(a.Environment) {
				t.Errorf("%s environment = %s", k, a.Environment)
			}
			if !slices.ContainsFunc(a.Dependencies, func(d string) bool { return regexp.MustCompile(`^devEnergy[0-9A-F]{8}$`).MatchString(d) }) {
				t.Errorf("%s dependencies %v lack the energy domain stack", k, a.Dependencies)
			}
		}
		if found != 2 {
			t.Errorf("want 2 associated stack artifacts, got %d", found)
		}
	})
}

func TestRunsInValidation(t *testing.T) {
	def := genDefinition(2)
	d := def.Domains[0]
	d.Profiles = append(d.Profiles, &ProfileDef{Name: "Remote", RunsIn: "analytics"}, &ProfileDef{Name: "Elsewhere", RunsIn: "nowhere"})
	d.Units[0].Projects[0].Profile = "Remote"
	d.Units[0].Projects[0].Reads = []*ReadDef{{Product: "CRM", Table: "customers", Role: "reader"}}
	s := settingsFor("dev", def)
	s.Associated = map[string][]*AssociatedAccount{"energy": {
		{Name: "analytics", Account: assocAccount, Network: s.Network, DomainIDParameter: "/smusmesh/dev/energy/domain-id"},
		{Name: "analytics", Account: "900000000002", Network: s.Network, ToolingS3Location: "s3://my-bucket"},
		{Account: "900000000003", Network: s.Network, Region: "eu-central-1"},
	}}
	err := s.Validate("dev", def)
	for _, w := range []string{
		`settings[dev].associated[energy]: profile energy.profiles[2] runs in "nowhere", which is not an associated account of this stage`,
		`domains[energy].units[Unit 000].projects[Project 0000].reads: profile "Remote" runs in associated account "analytics"`,
		`settings[dev].associated[energy][1].name: "analytics" names two associated accounts`,
		`settings[dev].associated[energy][0].domainIdParameter: "/smusmesh/dev/energy/domain-id": another account reads a shared parameter by its full ARN`,
		`settings[dev].associated[energy][1].toolingS3Location: "s3://my-bucket" must start with s3://amazon-sagemaker-`,
		`settings[dev].associated[energy][2].toolingS3Location: environments in eu-central-1 need a Tooling bucket in eu-central-1`,
	} {
		if err == nil || !strings.Contains(err.Error(), w) {
			t.Errorf("problems do not contain %q:\n%v", w, err)
		}
	}
}

// lookupDriver runs the domain lookup handler against fake boto3 and cfnresponse modules:
// argv[1] is the scenario. time.sleep spends the fake Lambda's remaining time, so the
// bounded wait ends without waiting.
const lookupDriver = `import json,sys,types
calls=[];sent={}
class Ctx:
  left=900000
  def get_remaining_time_in_millis(self): return self.left
ctx=Ctx()
import time
time.sleep=lambda s: setattr(ctx,'left',ctx.left-int(s*1000))
scenario=sys.argv[1]
class Paginator:
  def paginate(self):
    return [{'resourceShareInvitations':[
      {'status':'PENDING','senderAccountId':'200000000001','resourceShareName':'share-a','resourceShareInvitationArn':'inv-a'},
      {'status':'PENDING','senderAccountId':'999999999999','resourceShareName':'share-a','resourceShareInvitationArn':'inv-other-sender'},
      {'status':'PENDING','senderAccountId':'200000000001','resourceShareName':'other','resourceShareInvitationArn':'inv-other-share'},
      {'status':'ACCEPTED','senderAccountId':'200000000001','resourceShareName':'share-b','resourceShareInvitationArn':'inv-b'}]}]
class Client:
  def __init__(self,n): self.n=n
  def get_paginator(self,op): calls.append(op); return Paginator()
  def accept_resource_share_invitation(self,resourceShareInvitationArn): calls.append('accept '+resourceShareInvitationArn)
  def get_parameter(self,Name): calls.append('get_parameter '+Name); return {'Parameter':{'Value':'dzd_abc123'}}
  def get_domain(self,identifier):
    calls.append('get_domain '+identifier)
    if scenario=='never': raise Exception('AccessDeniedException: not shared')
    return {'id':identifier,'status':'AVAILABLE','rootDomainUnitId':'unit123'}
boto3=types.ModuleType('boto3');boto3.client=Client;sys.modules['boto3']=boto3
cr=types.ModuleType('cfnresponse');cr.SUCCESS='SUCCESS';cr.FAILED='FAILED'
def send(e,c,status,data,pid=None,noEcho=False,reason=None): sent.update(status=status,data=data,pid=pid,reason=reason)
cr.send=send;sys.modules['cfnresponse']=cr
import index
e={'RequestType':'Delete' if scenario=='delete' else 'Create','ResourceProperties':{'Owner':'200000000001','Shares':['share-a','share-b'],'Parameter':'arn:aws:ssm:eu-west-1:200000000001:parameter/p','Hint':'HINT.'}}
index.handler(e,ctx)
print(json.dumps({'calls':calls,'sent':sent}))
`

func TestDomainLookupHandler(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not installed")
	}
	dir := t.TempDir()
	for name, body := range map[string]string{"index.py": lookupCode, "driver.py": lookupDriver} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run := func(scenario string) (calls []string, sent map[string]any) {
		cmd := exec.Command(py, "driver.py", scenario)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", scenario, err, out)
		}
		var res struct {
			Calls []string
			Sent  map[string]any
		}
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("%s: %v\n%s", scenario, err, out)
		}
		return res.Calls, res.Sent
	}

	calls, sent := run("available")
	if sent["status"] != "SUCCESS" || jsonOf(sent["data"]) != `{"DomainId":"dzd_abc123","RootDomainUnitId":"unit123"}` || sent["pid"] != "dzd_abc123" {
		t.Errorf("available: sent %v", sent)
	}
	var accepted []string
	for _, c := range calls {
		if strings.HasPrefix(c, "accept ") {
			accepted = append(accepted, c)
		}
	}
	if jsonOf(accepted) != `["accept inv-a"]` {
		t.Errorf("accepted %v: only the pending invitation of a named share from the domain account", accepted)
	}
	if !slices.Contains(calls, "get_parameter arn:aws:ssm:eu-west-1:200000000001:parameter/p") {
		t.Errorf("calls %v: the parameter is read by its ARN", calls)
	}

	calls, sent = run("never")
	reason, _ := sent["reason"].(string)
	if sent["status"] != "FAILED" || !strings.HasPrefix(reason, "HINT. Last error: AccessDeniedException: not shared") {
		t.Errorf("never: sent %v", sent)
	}
	tries := 0
	for _, c := range calls {
		if strings.HasPrefix(c, "get_domain") {
			tries++
		}
	}
	// 900 s of Lambda time, 20 s between tries, giving up with a minute left.
	if tries != 42 {
		t.Errorf("never: %d tries, want 42", tries)
	}

	calls, sent = run("delete")
	if sent["status"] != "SUCCESS" || len(calls) != 0 {
		t.Errorf("delete: sent %v after calls %v", sent, calls)
	}
}

func TestRunsInParses(t *testing.T) {
	def, err := Parse("mesh.yaml", []byte(`governance: {name: mesh-governance, owners: [{group: data-governance}]}
domains:
  - name: energy
    profiles:
      - name: Analytics account
        runsIn: analytics
    owners: [{group: energy-owners}]
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := def.Domains[0].Profiles[0].RunsIn; got != "analytics" {
		t.Errorf("RunsIn = %q", got)
	}
}

// TestAssociatedAccountWithKnownDomainId: a given domain ID needs no parameter share and
// no parameter read; the lookup still accepts the domain share and waits for the domain.
func TestAssociatedAccountWithKnownDomainId(t *testing.T) {
	def := genDefinition(2)
	out, _ := synthMesh(t, def, []string{"dev"}, func(_ string, s *Settings) {
		s.Associated = map[string][]*AssociatedAccount{"energy": {{Account: assocAccount, Network: s.Network, DomainID: "dzd_known123"}}}
	})
	var domain, assoc string
	for k, v := range readTemplates(t, filepath.Join(out, "assembly-dev")) {
		switch {
		case strings.Contains(k, "Associated"):
			assoc = v
		case strings.HasPrefix(k, "devEnergy") && !strings.Contains(k, "nested"):
			domain = v
		}
	}
	if strings.Contains(domain, ParameterSharePermission) {
		t.Error("the domain stack shares the parameter although the domain ID is given")
	}
	for _, w := range []string{`"DomainId": "dzd_known123"`, `"smusmesh-dev-energy-` + assocAccount + `"`} {
		if !strings.Contains(assoc, w) {
			t.Errorf("associated stack lacks %s", w)
		}
	}
	for _, no := range []string{`"Parameter":`, `ssm:GetParameter`, `-parameters"`} {
		if strings.Contains(assoc, no) {
			t.Errorf("associated stack contains %s", no)
		}
	}
}
