package datamesh_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// TestCrossDomainReferences: what the service resolves in one domain only is an
// ErrCrossDomain when it names another domain; two domains of one name in a stage are
// an ErrDuplicate.
func TestCrossDomainReferences(t *testing.T) {
	type refMesh struct {
		stack    awscdk.Stack
		a, b     datamesh.BusinessDomain
		profA    datamesh.ProjectProfile
		profB    datamesh.ProjectProfile
		unitB    datamesh.DomainUnit
		sentinel error
	}
	setup := func() *refMesh {
		m := &refMesh{stack: newStack()}
		pa, pb := ssoDomainProps(), ssoDomainProps()
		pa.DomainName, pb.DomainName = "sales", "energy"
		m.a = datamesh.NewBusinessDomain(m.stack, jsii.String("Sales"), pa)
		m.b = datamesh.NewBusinessDomain(m.stack, jsii.String("Energy"), pb)
		m.profA = datamesh.NewProjectProfile(m.a, jsii.String("P"), &datamesh.ProjectProfileProps{Domain: m.a, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
		m.profB = datamesh.NewProjectProfile(m.b, jsii.String("P"), &datamesh.ProjectProfileProps{Domain: m.b, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
		m.unitB = datamesh.NewDomainUnit(m.b, jsii.String("Grid"), &datamesh.DomainUnitProps{Parent: m.b, Name: "Grid"})
		return m
	}
	for _, tc := range []struct {
		name     string
		build    func(m *refMesh)
		sentinel error
		field    string
	}{
		{"project from another domain's profile", func(m *refMesh) {
			datamesh.NewProject(m.stack, jsii.String("X"), &datamesh.ProjectProps{DomainUnit: m.a, Name: "X", Profile: m.profB})
		}, datamesh.ErrCrossDomain, "Profile"},
		{"grant naming another domain's profile", func(m *refMesh) {
			m.a.Grants().CreateProjects(datamesh.GrantToPrincipal(datamesh.SSOGroup("leads")), []datamesh.IProjectProfile{m.profA, m.profB}, datamesh.ChildUnitsIncluded)
		}, datamesh.ErrCrossDomain, "Detail.ProjectProfiles[1]"},
		{"grant to the owners of another domain's unit", func(m *refMesh) {
			m.a.Grants().CreateDomainUnits(datamesh.GrantToUnitOwners(m.unitB), datamesh.ChildUnitsExcluded)
		}, datamesh.ErrCrossDomain, "Principal"},
		{"grant to the projects of another domain's unit", func(m *refMesh) {
			m.a.Grants().CreateGlossaries(datamesh.GrantToProjectsIn(m.unitB, datamesh.ProjectDesignationOwners, datamesh.ChildUnitsIncluded), datamesh.ChildUnitsExcluded)
		}, datamesh.ErrCrossDomain, "Principal"},
		{"Master Data project from another domain's profile", func(m *refMesh) {
			mp := (&mesh{stack: m.stack, domain: m.a, profile: m.profB,
				sales: datamesh.NewDomainUnit(m.a, jsii.String("Crm"), &datamesh.DomainUnitProps{Parent: m.a, Name: "CRM"})}).crmProps()
			datamesh.NewMasterDataProject(m.stack, jsii.String("Crm"), mp)
		}, datamesh.ErrCrossDomain, "Profile"},
		{"profile owned by another domain's unit", func(m *refMesh) {
			datamesh.NewProjectProfile(m.a, jsii.String("Q"), &datamesh.ProjectProfileProps{Domain: m.a, Name: "Other", DomainUnit: m.unitB})
		}, datamesh.ErrCrossDomain, "DomainUnit"},
		{"two root domains of one name", func(m *refMesh) {
			p := ssoDomainProps()
			p.DomainName = "Sales" // case does not make another name
			datamesh.NewBusinessDomain(m.stack, jsii.String("Sales2"), p)
		}, datamesh.ErrDuplicate, "DomainName"},
		{"a governance domain with a root domain's name", func(m *refMesh) {
			datamesh.NewGovernanceDomain(m.stack, jsii.String("Gov"), &datamesh.GovernanceDomainProps{
				DomainName: "energy", Identity: &datamesh.Identity{IdentityCenterInstanceARN: testIdc}})
		}, datamesh.ErrDuplicate, "DomainName"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := setup()
			err := build(func() { tc.build(m) })
			if !errors.Is(err, tc.sentinel) {
				t.Fatalf("err = %v, want %v", err, tc.sentinel)
			}
			var p *problem.Problem
			if !errors.As(err, &p) || p.Field != tc.field {
				t.Errorf("problem %v, want field %s", err, tc.field)
			}
			if errors.Is(tc.sentinel, datamesh.ErrCrossDomain) && !errors.Is(err, datamesh.ErrInvalidProps) {
				t.Errorf("ErrCrossDomain does not match ErrInvalidProps: %v", err)
			}
		})
	}
	// The same name in two stages (dev and prd) is fine.
	app := awscdk.NewApp(nil)
	for _, s := range []string{"dev", "prd"} {
		stage := awscdk.NewStage(app, jsii.String(s), nil)
		stack := awscdk.NewStack(stage, jsii.String("Mesh"), &awscdk.StackProps{Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)}})
		if err := build(func() { datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps()) }); err != nil {
			t.Errorf("stage %s: %v", s, err)
		}
	}
	// The messages, golden.
	var lines []string
	for _, f := range []func(m *refMesh){
		func(m *refMesh) {
			datamesh.NewProject(m.stack, jsii.String("X"), &datamesh.ProjectProps{DomainUnit: m.a, Name: "X", Profile: m.profB})
		},
		func(m *refMesh) {
			p := ssoDomainProps()
			p.DomainName = "energy"
			datamesh.NewBusinessDomain(m.stack, jsii.String("Energy2"), p)
		},
	} {
		lines = append(lines, build(func() { f(setup()) }).Error())
	}
	golden(t, "testdata/references.golden", strings.Join(lines, "\n")+"\n")
}
