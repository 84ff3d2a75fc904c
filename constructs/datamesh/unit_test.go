package datamesh_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// A unit's MemberPool makes the grants its projects' members would get, with the unit:
// the template is the same, resource for resource and in the same order, as when the
// projects add them one by one; an owner and a pool principal added later come after.
func TestDomainUnitMemberPoolChangesNoTemplate(t *testing.T) {
	members := []*datamesh.Member{
		{Principal: datamesh.SSOGroup("engineers"), Designation: datamesh.DesignationOwner},
		{Principal: datamesh.SSOUser("jane")},
		{Principal: datamesh.IAMRole("arn:aws:iam::111111111111:role/Pipeline")},
	}
	build := func(pool bool) []byte {
		dir := t.TempDir()
		app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(dir)})
		stack := awscdk.NewStack(app, jsii.String("Mesh"), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
		})
		d := datamesh.NewBusinessDomain(stack, jsii.String("Domain"), ssoDomainProps())
		pp := datamesh.NewProjectProfile(d, jsii.String("Analytics"), &datamesh.ProjectProfileProps{Domain: d, Name: "Analytics",
			Environments: []*datamesh.EnvironmentConfiguration{{Blueprint: datamesh.BlueprintLakehouseCatalog}}})
		props := &datamesh.DomainUnitProps{Parent: d, Name: "Sales", Description: "Sales", RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
			Owners: []datamesh.Principal{datamesh.SSOGroup("sales-owners"), datamesh.SSOUser("jane")}}
		if pool {
			for _, m := range members {
				props.MemberPool = append(props.MemberPool, m.Principal)
			}
		}
		sales := datamesh.NewDomainUnit(d, jsii.String("Sales"), props)
		datamesh.NewProject(stack, jsii.String("Orders"), &datamesh.ProjectProps{DomainUnit: sales, Name: "Orders", Profile: pp, Members: members[:2]})
		datamesh.NewProject(stack, jsii.String("Billing"), &datamesh.ProjectProps{DomainUnit: sales, Name: "Billing", Profile: pp, Members: members})
		sales.AddOwner(datamesh.SSOGroup("auditors"))
		p := datamesh.NewProject(stack, jsii.String("Late"), &datamesh.ProjectProps{DomainUnit: sales, Name: "Late", Profile: pp})
		p.AddMember(&datamesh.Member{Principal: datamesh.SSOUser("joe")})
		template(t, stack) // registry schemas
		app.Synth(nil)
		b, err := os.ReadFile(filepath.Join(dir, "Mesh.template.json"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	byProject, withPool := build(false), build(true)
	var a, b map[string]any
	json.Unmarshal(byProject, &a)
	json.Unmarshal(withPool, &b)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("MemberPool changed the template:\nwithout %s\nwith    %s", byProject, withPool)
	}
	if order(t, byProject) != order(t, withPool) {
		t.Errorf("MemberPool changed the order of the resources:\nwithout %s\nwith    %s", order(t, byProject), order(t, withPool))
	}
	pools := 0
	for _, r := range resources(a, "AWS::DataZone::PolicyGrant") {
		if props(r)["PolicyType"] == "ADD_TO_PROJECT_MEMBER_POOL" {
			pools++
			if len(r["DependsOn"].([]any)) != 1 {
				t.Errorf("member-pool grant %v: want one DependsOn, its member's profile", r)
			}
		}
	}
	if pools != 4 {
		t.Errorf("%d member-pool grants, want 4 (three members, and joe added later)", pools)
	}
}

// order is the logical IDs of a template's resources as written.
func order(t *testing.T, tpl []byte) string {
	t.Helper()
	var top struct {
		Resources json.RawMessage
	}
	if err := json.Unmarshal(tpl, &top); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytesReader(top.Resources))
	dec.Token()
	var ids []byte
	for dec.More() {
		k, _ := dec.Token()
		ids = append(ids, k.(string)+" "...)
		var skip json.RawMessage
		dec.Decode(&skip)
	}
	return string(ids)
}

// A unit keeps the removal policy a CfnResource.applyRemovalPolicy gives, for every
// policy: the fragment writes the policies of the ones aws-cdk-lib maps directly, and
// leaves SNAPSHOT (which it validates per type) to the call.
func TestDomainUnitRemovalPolicy(t *testing.T) {
	for _, policy := range []awscdk.RemovalPolicy{"", awscdk.RemovalPolicy_RETAIN, awscdk.RemovalPolicy_DESTROY, awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE} {
		t.Run(string(policy), func(t *testing.T) {
			stack := newStack()
			d := datamesh.NewBusinessDomain(stack, jsii.String("Domain"), ssoDomainProps())
			u := datamesh.NewDomainUnit(d, jsii.String("Sales"), &datamesh.DomainUnitProps{Parent: d, Name: "Sales", RemovalPolicy: policy})
			// The oracle: an L1 given the same policy by aws-cdk-lib itself.
			l1 := awsdatazone.NewCfnDomainUnit(stack, jsii.String("Oracle"), &awsdatazone.CfnDomainUnitProps{
				DomainIdentifier: d.DomainID(), ParentDomainUnitIdentifier: d.RootDomainUnitID(), Name: jsii.String("Oracle")})
			want := policy
			if want == "" {
				want = awscdk.RemovalPolicy_RETAIN
			}
			l1.ApplyRemovalPolicy(want, &awscdk.RemovalPolicyOptions{ApplyToUpdateReplacePolicy: jsii.Bool(true)})
			_, raw := template(t, stack)
			units := resources(raw, "AWS::DataZone::DomainUnit")
			got, oracle := units[*stack.GetLogicalId(u.Resource())], units["Oracle"]
			if got == nil {
				t.Fatalf("no unit %s in %v", *stack.GetLogicalId(u.Resource()), units)
			}
			for _, k := range []string{"DeletionPolicy", "UpdateReplacePolicy"} {
				if got[k] != oracle[k] {
					t.Errorf("%s = %v, want %v (applyRemovalPolicy %s)", k, got[k], oracle[k], want)
				}
			}
		})
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
