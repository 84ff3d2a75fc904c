package datamesh_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

func TestRootDomainSecureDefaults(t *testing.T) {
	stack := newStack()
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	tpl, raw := template(t, stack)

	tpl.HasResource(jsii.String("AWS::DataZone::Domain"), map[string]any{
		"DeletionPolicy":      "Retain",
		"UpdateReplacePolicy": "Retain",
		"Properties": map[string]any{
			"Name":             "corporate",
			"DomainVersion":    "V2",
			"SingleSignOn":     map[string]any{"Type": "IAM_IDC", "UserAssignment": "MANUAL", "IdcInstanceArn": testIdc},
			"KmsKeyIdentifier": map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Arn"})},
		},
	})
	tpl.HasResource(jsii.String("AWS::KMS::Key"), map[string]any{
		"DeletionPolicy": "Retain",
		"Properties":     map[string]any{"EnableKeyRotation": true},
	})
	// The domain waits for its roles and key (and keeps them until it is gone).
	domains := resources(raw, "AWS::DataZone::Domain")
	for _, d := range domains {
		deps := strings.Join(toStrings(d["DependsOn"]), ",")
		for _, want := range []string{"DomainExecutionRole", "ServiceRole", "Key"} {
			if !strings.Contains(deps, want) {
				t.Errorf("domain DependsOn %s lacks %s", deps, want)
			}
		}
	}
	// Execution role trust: datazone with AssumeRole, TagSession and SetContext, scoped to the account.
	var trusted []string
	for id, r := range resources(raw, "AWS::IAM::Role") {
		if !strings.Contains(id, "DomainExecutionRole") {
			continue
		}
		doc := props(r)["AssumeRolePolicyDocument"].(map[string]any)
		for _, s := range doc["Statement"].([]any) {
			st := s.(map[string]any)
			trusted = append(trusted, toStrings(st["Action"])...)
			if st["Condition"] == nil {
				t.Errorf("trust statement without aws:SourceAccount condition: %v", st)
			}
		}
	}
	for _, a := range []string{"sts:AssumeRole", "sts:TagSession", "sts:SetContext"} {
		if !slices.Contains(trusted, a) {
			t.Errorf("execution role trust lacks %s (has %v)", a, trusted)
		}
	}
	// No datazone:* on * anywhere.
	b, _ := json.Marshal(raw)
	if strings.Contains(string(b), `"datazone:*"`) {
		t.Error("template grants datazone:*")
	}
}

func TestBlueprintsAreChainedAndGranted(t *testing.T) {
	stack := newStack()
	datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	_, raw := template(t, stack)
	cfgs := resources(raw, "AWS::DataZone::EnvironmentBlueprintConfiguration")
	if len(cfgs) != 5 {
		t.Fatalf("got %d blueprint configurations, want 5 (Tooling + 4)", len(cfgs))
	}
	byBlueprint := map[string]string{}
	for id, c := range cfgs {
		byBlueprint[props(c)["EnvironmentBlueprintIdentifier"].(string)] = id
	}
	order := []string{"Tooling", "LakehouseCatalog", "DataLake", "RedshiftServerless", "MLExperiments"}
	for i := 1; i < len(order); i++ {
		c := cfgs[byBlueprint[order[i]]]
		if !slices.Contains(toStrings(c["DependsOn"]), byBlueprint[order[i-1]]) {
			t.Errorf("%s does not depend on %s (DependsOn %v)", order[i], order[i-1], c["DependsOn"])
		}
	}
	tooling := props(cfgs[byBlueprint["Tooling"]])
	params := tooling["RegionalParameters"].([]any)[0].(map[string]any)["Parameters"].(map[string]any)
	if params["Subnets"] != "subnet-0123456789abcdef0,subnet-0fedcba9876543210" || params["VpcId"] != "vpc-0123456789abcdef0" {
		t.Errorf("Tooling parameters = %v", params)
	}
	grants := 0
	for _, g := range resources(raw, "AWS::DataZone::PolicyGrant") {
		if props(g)["PolicyType"] == "CREATE_ENVIRONMENT_FROM_BLUEPRINT" {
			grants++
		}
	}
	if grants != 5 {
		t.Errorf("got %d blueprint grants, want one per blueprint (5)", grants)
	}
}

func TestProjectProfileDeploymentModes(t *testing.T) {
	stack := newStack()
	p := ssoDomainProps()
	p.Network = datamesh.NetworkVPCOnly
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), p)
	datamesh.NewProjectProfile(d, jsii.String("All"), &datamesh.ProjectProfileProps{
		Domain: d, Name: "All capabilities", Preset: datamesh.PresetAllCapabilities,
	})
	datamesh.NewProjectProfile(d, jsii.String("Ml"), &datamesh.ProjectProfileProps{
		Domain: d, Name: "ML",
		Environments: []*datamesh.EnvironmentConfiguration{
			{Blueprint: datamesh.BlueprintDataLake, DeploymentMode: datamesh.DeploymentOnCreate},
			{Blueprint: datamesh.BlueprintMLExperiments, Parameters: []*datamesh.ParameterOverride{{Name: "instanceType", Value: "small", Locked: true}}},
		},
	})
	_, raw := template(t, stack)
	for _, pp := range resources(raw, "AWS::DataZone::ProjectProfile") {
		envs := props(pp)["EnvironmentConfigurations"].([]any)
		first := envs[0].(map[string]any)
		if first["Name"] != "Tooling" || first["DeploymentMode"] != "ON_CREATE" || first["DeploymentOrder"] != float64(0) {
			t.Errorf("%s: first environment = %v, want Tooling ON_CREATE order 0", props(pp)["Name"], first)
		}
		// VPC-only: Tooling's network type is locked to VpcOnly; container network
		// isolation is not a network posture and stays unset.
		over := first["ConfigurationParameters"].(map[string]any)["ParameterOverrides"].([]any)
		locked := map[string]bool{}
		for _, o := range over {
			m := o.(map[string]any)
			locked[m["Name"].(string)+"="+m["Value"].(string)] = m["IsEditable"] == false
			if m["Name"] == "enableNetworkIsolation" {
				t.Errorf("VPC-only sets enableNetworkIsolation: %v", m)
			}
		}
		if !locked["sagemakerDomainNetworkType=VpcOnly"] {
			t.Errorf("VPC-only Tooling overrides not locked: %v", over)
		}
		for _, e := range envs[1:] {
			m := e.(map[string]any)
			switch {
			case props(pp)["Name"] == "All capabilities" && m["DeploymentMode"] != "ON_DEMAND":
				t.Errorf("preset environment %v is not ON_DEMAND", m["Name"])
			case props(pp)["Name"] == "All capabilities":
			case m["Name"] == "DataLake" && (m["DeploymentMode"] != "ON_CREATE" || m["DeploymentOrder"] != float64(1)):
				t.Errorf("DataLake = %v, want ON_CREATE at order 1", m)
			case m["Name"] == "MLExperiments" && m["DeploymentMode"] != "ON_DEMAND":
				t.Errorf("MLExperiments = %v, want the ON_DEMAND default", m)
			}
		}
	}
}

func TestGovernanceDomainHoldsNoUnitsOrProjects(t *testing.T) {
	stack := newStack()
	gov := datamesh.NewGovernanceDomain(stack, jsii.String("Gov"), &datamesh.GovernanceDomainProps{
		DomainName:      "governance",
		Identity:        &datamesh.Identity{IdentityCenterInstanceARN: testIdc},
		Owners:          []datamesh.Principal{datamesh.SSOGroup("governance")},
		GlossaryAuthors: []datamesh.Principal{datamesh.SSOGroup("governance")},
		Standards:       &datamesh.Standards{Naming: &datamesh.NamingConventions{MasterDataSuffix: " MD"}},
	})
	// The API offers no way to put a unit or project in it.
	if _, ok := any(gov).(datamesh.IDomainUnitRef); ok {
		t.Fatal("GovernanceDomain implements IDomainUnitRef: units and projects could be placed in it")
	}
	if got := gov.Standards().MasterDataProjectName("CRM"); got != "CRM MD" {
		t.Errorf("standards: %q", got)
	}
	tpl, raw := template(t, stack)
	for _, typ := range []string{"AWS::DataZone::DomainUnit", "AWS::DataZone::DataSource", "AWS::DataZone::EnvironmentBlueprintConfiguration"} {
		tpl.ResourceCountIs(jsii.String(typ), jsii.Number(0))
	}
	// Its only project is the standards project, from a profile without environments.
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::Project"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::Project"), map[string]any{"Name": "Mesh Standards"})
	for _, pp := range resources(raw, "AWS::DataZone::ProjectProfile") {
		if envs := props(pp)["EnvironmentConfigurations"]; envs != nil {
			t.Errorf("standards profile has environments: %v", envs)
		}
	}
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::Owner"), jsii.Number(1))
	// Glossary and form-type authorship goes to the project (owners and contributors),
	// never to a user or group; the group owner is in the project's member pool.
	policies := map[string]int{}
	for _, g := range resources(raw, "AWS::DataZone::PolicyGrant") {
		pg := props(g)
		policies[pg["PolicyType"].(string)]++
		principal := pg["Principal"].(map[string]any)
		switch pg["PolicyType"] {
		case "CREATE_GLOSSARY", "CREATE_FORM_TYPE":
			proj, ok := principal["Project"].(map[string]any)
			if !ok || proj["ProjectIdentifier"] == nil {
				t.Errorf("%s granted to %v, want the standards project", pg["PolicyType"], principal)
			}
		case "ADD_TO_PROJECT_MEMBER_POOL":
			if principal["Group"] == nil {
				t.Errorf("member pool grant to %v, want the governance group", principal)
			}
		}
	}
	if want := map[string]int{"CREATE_GLOSSARY": 2, "CREATE_FORM_TYPE": 2, "ADD_TO_PROJECT_MEMBER_POOL": 1}; !maps.Equal(policies, want) {
		t.Errorf("grants %v, want %v", policies, want)
	}
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::ProjectMembership"), jsii.Number(1))
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectMembership"), map[string]any{"Designation": "PROJECT_OWNER"})
	tpl.HasResource(jsii.String("AWS::DataZone::Domain"), map[string]any{
		"Metadata": map[string]any{"smusmesh": map[string]any{"kind": "GovernanceDomain", "governance": true}},
	})
}

func TestUnitsProjectsAndMemberships(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales", Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners")}})
	emea := datamesh.NewDomainUnit(d, jsii.String("Emea"), &datamesh.DomainUnitProps{Parent: sales, Name: "EMEA"})
	emea.Grants().CreateProjects(datamesh.GrantToUnitOwners(sales), []datamesh.IProjectProfile{prof}, datamesh.ChildUnitsIncluded)
	p := datamesh.NewProject(d, jsii.String("Orders"), &datamesh.ProjectProps{
		DomainUnit: emea, Name: "Orders", Description: "Order facts", Profile: prof,
		GlossaryTerms:  []string{"term-1"},
		UserParameters: []*datamesh.EnvironmentUserParameters{{EnvironmentConfigurationName: "Tooling", Parameters: map[string]string{"b": "2", "a": "1"}}},
		Members: []*datamesh.Member{
			{Principal: datamesh.SSOUser("jane@example.com"), Designation: datamesh.DesignationOwner},
			{Principal: datamesh.SSOGroup("analysts")},
			{Principal: datamesh.SSOUser("temp@example.com"), Temporary: &datamesh.Temporary{Until: "2030-01-31"}},
		},
	})
	p.AddMember(&datamesh.Member{Principal: datamesh.IAMRole("arn:aws:iam::111111111111:role/Pipeline"), Designation: datamesh.DesignationCatalogSteward})
	if emea.UnitPath() != "Sales/EMEA" {
		t.Errorf("UnitPath = %q", emea.UnitPath())
	}
	tpl, raw := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::DomainUnit"), map[string]any{
		"Name": "EMEA", "ParentDomainUnitIdentifier": map[string]any{"Fn::GetAtt": assertions.Match_ArrayWith(&[]any{"Id"})},
	})
	// Members are standalone memberships, never inline assignments.
	for _, pr := range resources(raw, "AWS::DataZone::Project") {
		if _, ok := props(pr)["MembershipAssignments"]; ok {
			t.Error("project has inline MembershipAssignments")
		}
		if pr["DeletionPolicy"] != "Retain" {
			t.Errorf("project DeletionPolicy = %v", pr["DeletionPolicy"])
		}
	}
	ms := resources(raw, "AWS::DataZone::ProjectMembership")
	if len(ms) != 4 {
		t.Fatalf("got %d memberships, want 4", len(ms))
	}
	profiles := map[string]bool{}
	for id := range resources(raw, "AWS::DataZone::UserProfile") {
		profiles[id] = true
	}
	for id := range resources(raw, "AWS::DataZone::GroupProfile") {
		profiles[id] = true
	}
	temporary := 0
	for id, m := range ms {
		// Every membership waits for the profile of its member.
		if !slices.ContainsFunc(toStrings(m["DependsOn"]), func(s string) bool { return profiles[s] }) {
			t.Errorf("membership %s does not depend on a user or group profile (DependsOn %v)", id, m["DependsOn"])
		}
		if meta := m["Metadata"].(map[string]any)["smusmesh"].(map[string]any); meta["temporary"] == true {
			temporary++
			if meta["endDate"] != "2030-01-31" {
				t.Errorf("temporary member end date = %v", meta["endDate"])
			}
		}
	}
	if temporary != 1 {
		t.Errorf("got %d temporary memberships, want 1", temporary)
	}
	// Owners wait for the profile they name too.
	for id, o := range resources(raw, "AWS::DataZone::Owner") {
		if !slices.ContainsFunc(toStrings(o["DependsOn"]), func(s string) bool { return profiles[s] }) {
			t.Errorf("owner %s does not depend on a profile", id)
		}
	}
	// A project-creation grant lists profiles, which change: the custom resource that
	// updates it in place, with PolicyGrant's properties.
	tpl.HasResourceProperties(jsii.String("Custom::SmusmeshPolicyGrant"), map[string]any{
		"PolicyType": "CREATE_PROJECT_FROM_PROJECT_PROFILE",
		"Detail": map[string]any{"CreateProjectFromProjectProfile": map[string]any{
			"IncludeChildDomainUnits": true, "ProjectProfiles": assertions.Match_AnyValue()}},
		"Principal": map[string]any{"DomainUnit": map[string]any{"DomainUnitDesignation": "OWNER"}},
	})
}

func TestImportedDomainAndUnit(t *testing.T) {
	stack := newStack()
	d := datamesh.BusinessDomainFromAttributes(stack, jsii.String("Existing"), &datamesh.BusinessDomainAttributes{
		DomainID: "dzd_abc123", RootDomainUnitID: "root123", DomainName: "existing",
		BlueprintIDs: map[datamesh.Blueprint]*string{datamesh.BlueprintTooling: jsii.String("bp1234")},
	})
	u := datamesh.DomainUnitFromAttributes(stack, jsii.String("Unit"), &datamesh.DomainUnitAttributes{Domain: d, DomainUnitID: "unit123", Path: "Sales"})
	prof := datamesh.NewProjectProfile(stack, jsii.String("Basic"), &datamesh.ProjectProfileProps{Domain: d, Name: "Basic"})
	datamesh.NewProject(stack, jsii.String("P"), &datamesh.ProjectProps{DomainUnit: u, Name: "P", Profile: prof,
		Members: []*datamesh.Member{{Principal: datamesh.SSOUser("a@example.com")}}})
	tpl, _ := template(t, stack)
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::Project"), map[string]any{"DomainIdentifier": "dzd_abc123", "DomainUnitId": "unit123"})
	tpl.HasResourceProperties(jsii.String("AWS::DataZone::ProjectProfile"), map[string]any{
		"EnvironmentConfigurations": []any{map[string]any{"EnvironmentBlueprintId": "bp1234", "Name": "Tooling", "DeploymentMode": "ON_CREATE", "DeploymentOrder": 0,
			"AwsAccount": assertions.Match_AnyValue(), "AwsRegion": assertions.Match_AnyValue()}},
	})
	// Imported domains do not create profiles: they exist already.
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::UserProfile"), jsii.Number(0))
	tpl.ResourceCountIs(jsii.String("AWS::DataZone::Domain"), jsii.Number(0))
}

func toStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}
