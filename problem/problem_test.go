package problem

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

var errSentinel = errors.New("duplicate")

func TestError(t *testing.T) {
	cases := []struct {
		name string
		p    Problem
		want string
	}{
		{"construct", Problem{Construct: "Project", Path: "Mesh/Sales/Orders", Field: "Members[1]", Value: "SSO_USER:jane", Fix: "keep one", Err: errSentinel},
			`smusmesh: Project "Mesh/Sales/Orders": Members[1] "SSO_USER:jane": duplicate: keep one`},
		{"construct without path", Problem{Construct: "Standards", Field: "Naming.ProjectName", Value: "(", Err: errSentinel},
			`smusmesh: Standards: Naming.ProjectName "(": duplicate`},
		{"empty value is not quoted", Problem{Construct: "RootDomain", Path: "S/Domain", Field: "Tooling", Fix: "set Tooling", Err: errSentinel},
			`smusmesh: RootDomain "S/Domain": Tooling: duplicate: set Tooling`},
		{"definition entry", Problem{File: "mesh.yaml", Line: 12, Path: "domains[energy].name", Detail: `"x" is also the name of governance`, Err: errSentinel},
			`smusmesh: mesh.yaml:12: domains[energy].name: "x" is also the name of governance`},
		{"definition entry with field and value", Problem{File: "mesh.yaml", Line: 3, Path: "domains[energy]", Field: "network", Value: "CLOSED", Fix: "use OPEN or VPC_ONLY", Err: errSentinel},
			`smusmesh: mesh.yaml:3: domains[energy].network "CLOSED": duplicate: use OPEN or VPC_ONLY`},
		{"file without line", Problem{File: "mesh.yaml", Detail: "the file is empty", Err: errSentinel},
			`smusmesh: mesh.yaml: the file is empty`},
		{"contract", Problem{Construct: `contract "CRM"`, Field: "schema.tables[t].name", Value: "t", Detail: "duplicate table", Err: errSentinel},
			`smusmesh: contract "CRM": schema.tables[t].name "t": duplicate table`},
		{"value only", Problem{Path: "settings[dev].account", Value: "12", Fix: "an account ID is 12 digits", Err: errSentinel},
			`smusmesh: settings[dev].account: "12": duplicate: an account ID is 12 digits`},
		{"no sentinel", Problem{Path: "x"}, `smusmesh: x: invalid`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.p.Error(); got != c.want {
				t.Errorf("Error() =\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

func TestListAndAll(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list: Err() != nil")
	}
	l.Add(&Problem{Path: "a", Err: errSentinel})
	l.AddError(errors.Join(&Problem{Path: "b", Err: errSentinel}, errors.Join(&Problem{Path: "c", Err: errSentinel})))
	l.AddError(nil)
	l.AddError(fmt.Errorf("read mesh.yaml: %w", errSentinel))
	err := l.Err()
	all := All(err)
	if len(all) != 4 || l.Len() != 4 {
		t.Fatalf("All() = %d problems, Len() = %d, want 4:\n%v", len(all), l.Len(), err)
	}
	for i, want := range []string{"a", "b", "c", ""} {
		if all[i].Path != want {
			t.Errorf("problem %d path %q, want %q", i, all[i].Path, want)
		}
	}
	if !errors.Is(all[3], errSentinel) || all[3].Detail != "read mesh.yaml: duplicate" {
		t.Errorf("a plain error becomes %#v", all[3])
	}
	if !errors.Is(err, errSentinel) || !Has(err) || Has(errSentinel) {
		t.Error("errors.Is/Has do not see through Errors")
	}
	if n := strings.Count(err.Error(), "\n"); n != 3 {
		t.Errorf("Errors text has %d newlines, want one problem per line:\n%v", n, err)
	}
	if All(nil) != nil {
		t.Error("All(nil) != nil")
	}
}

func TestSentinelAndBoth(t *testing.T) {
	general := errors.New("invalid")
	specific := Sentinel("unknown column", general)
	if specific.Error() != "unknown column" || !errors.Is(specific, general) {
		t.Errorf("Sentinel: %q, Is(general) = %v", specific, errors.Is(specific, general))
	}
	other := errors.New("invalid data contract")
	b := Both(other, specific)
	if b.Error() != "unknown column" || !errors.Is(b, other) || !errors.Is(b, specific) || !errors.Is(b, general) {
		t.Errorf("Both does not match all three: %v", b)
	}
}

func TestCatch(t *testing.T) {
	probs := Errors{{Construct: "Project", Path: "S/P", Field: "Name", Err: errSentinel}}
	cases := []struct {
		name  string
		build func()
		want  string // "" for no error
	}{
		{"nothing", func() {}, ""},
		{"problems pass through", func() { panic(error(probs)) }, probs.Error()},
		{"a CDK error is one line", func() {
			panic(errors.New("There is already a Construct with name 'S' in App\n    at new Node (node_modules/constructs/lib/construct.js:1:1)"))
		}, "smusmesh: There is already a Construct with name 'S' in App"},
		{"the CDK's validation list is one problem per construct", func() {
			panic(errors.New("ValidationFailedWithErrors: Validation failed with the following errors:\n  [dev/Sales] first\n  [] second"))
		}, "smusmesh: dev/Sales: first\nsmusmesh: second"},
		{"a jsii message", func() { panic("Field awsiam.IPrincipal.AssumedBy is required, but has nil value") },
			"smusmesh: Field awsiam.IPrincipal.AssumedBy is required, but has nil value"},
		{"an annotated CDK error names the construct", func() {
			func() {
				defer Annotate("RootDomain", "dev/Sales/Domain")
				panic(errors.New("Error: ArnsMustStartWithArn: ARNs must start with \"arn:\" and have at least 6 components: x"))
			}()
		}, `smusmesh: RootDomain "dev/Sales/Domain": ArnsMustStartWithArn: ARNs must start with "arn:" and have at least 6 components: x`},
		{"the innermost annotation wins", func() {
			func() {
				defer Annotate("Stage", "dev")
				func() {
					defer Annotate("Project", "dev/Sales/P")
					panic("bad")
				}()
			}()
		}, `smusmesh: Project "dev/Sales/P": bad`},
		{"annotate leaves problems alone", func() {
			defer Annotate("Project", "other")
			panic(error(probs))
		}, probs.Error()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Catch(c.build)
			switch {
			case c.want == "" && err != nil:
				t.Errorf("Catch() = %v, want nil", err)
			case c.want != "" && (err == nil || err.Error() != c.want):
				t.Errorf("Catch() =\n%v\nwant\n%s", err, c.want)
			case err != nil && !Has(err):
				t.Errorf("Catch() = %T, want problems", err)
			}
		})
	}
}

func TestCatchReraisesRuntimeErrors(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("a nil dereference was swallowed")
		}
	}()
	var p *Problem
	_ = Catch(func() { _ = p.Field })
}

func TestCatchCDKErrorMatchesErrCDK(t *testing.T) {
	err := Catch(func() { panic(errors.New("boom")) })
	if !errors.Is(err, ErrCDK) {
		t.Errorf("Catch() = %v, want errors.Is ErrCDK", err)
	}
}
