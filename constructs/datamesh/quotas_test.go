package datamesh_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// synthError synthesizes app and returns the message it fails with ("" when it succeeds).
func synthError(app awscdk.App) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	app.Synth(nil)
	return ""
}

// TestQuotasFailSynth builds two domains, each over several quotas, and checks that one
// synth names every construct over a quota, with the quota and its source (golden).
func TestQuotasFailSynth(t *testing.T) {
	app := awscdk.NewApp(nil)
	for _, name := range []string{"sales", "energy"} {
		stack := awscdk.NewStack(app, jsii.String(name), &awscdk.StackProps{
			Env: &awscdk.Environment{Account: jsii.String(testAccount), Region: jsii.String(testRegion)},
		})
		props := ssoDomainProps()
		props.DomainName = name
		d := datamesh.NewBusinessDomain(stack, jsii.String("Domain"), props)
		prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
		// Six levels of units below the root: one too many.
		var parent datamesh.IDomainUnitRef = d
		for i := 1; i <= 6; i++ {
			parent = datamesh.NewDomainUnit(stack, jsii.String(fmt.Sprintf("L%d", i)), &datamesh.DomainUnitProps{Parent: parent, Name: fmt.Sprintf("Level%d", i)})
		}
		// 21 users in the projects of one unit: 21 member-pool grants on the unit.
		var members []*datamesh.Member
		for i := range 21 {
			members = append(members, &datamesh.Member{Principal: datamesh.SSOUser(fmt.Sprintf("user%02d@example.com", i))})
		}
		datamesh.NewProject(stack, jsii.String("Big"), &datamesh.ProjectProps{DomainUnit: d, Name: "Big", Profile: prof, Members: members})
	}
	msg := synthError(app)
	if msg == "" {
		t.Fatal("synth succeeded over quotas")
	}
	// One line per problem, sorted: CDK's order of constructs is stable, but keep the
	// golden independent of it.
	var lines []string
	for _, l := range strings.Split(msg, "\n") {
		if strings.Contains(l, datamesh.ErrLimit.Error()) {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	want := 4 // per domain: depth and member pool; two domains
	if len(lines) != want {
		t.Errorf("got %d quota problems, want %d:\n%s", len(lines), want, msg)
	}
	for _, q := range []datamesh.QuotaID{datamesh.QuotaDomainUnitLevels, datamesh.QuotaGrantsPerPolicyPerUnit} {
		if !strings.Contains(msg, string(q)) || !strings.Contains(msg, datamesh.QuotaOf(q).Source) {
			t.Errorf("no %s with its source in:\n%s", q, msg)
		}
	}
	golden(t, "testdata/quotas.golden", strings.Join(lines, "\n")+"\n")
}

// TestQuotasUnderLimitsSynth: five levels of units and 20 members are fine.
func TestQuotasUnderLimitsSynth(t *testing.T) {
	stack := newStack()
	d := datamesh.NewBusinessDomain(stack, jsii.String("Corp"), ssoDomainProps())
	prof := datamesh.NewProjectProfile(d, jsii.String("Sql"), &datamesh.ProjectProfileProps{Domain: d, Name: "SQL", Preset: datamesh.PresetSQLAnalytics})
	var parent datamesh.IDomainUnitRef = d
	for i := 1; i <= 5; i++ {
		parent = datamesh.NewDomainUnit(stack, jsii.String(fmt.Sprintf("L%d", i)), &datamesh.DomainUnitProps{Parent: parent, Name: fmt.Sprintf("Level%d", i)})
	}
	var members []*datamesh.Member
	for i := range 20 {
		members = append(members, &datamesh.Member{Principal: datamesh.SSOUser(fmt.Sprintf("user%02d@example.com", i))})
	}
	datamesh.NewProject(stack, jsii.String("Big"), &datamesh.ProjectProps{DomainUnit: parent, Name: "Big", Profile: prof, Members: members})
	if msg := synthError(stack.Node().Root().(awscdk.App)); msg != "" {
		t.Fatalf("synth failed under the quotas: %s", msg)
	}
}

var tokenRe = regexp.MustCompile(`\$\{Token\[[^\]]*\]\}`)

// golden compares got with the file, rewriting it with -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	got = tokenRe.ReplaceAllString(got, "${Token}")
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Errorf("%s differs (go test -update to accept):\n--- got\n%s--- want\n%s", file, got, want)
	}
}
