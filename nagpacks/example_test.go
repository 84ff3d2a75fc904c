package nagpacks_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/nagpacks"
)

// The rules of the DataMesh pack and their levels.
func ExampleRules() {
	for _, r := range nagpacks.Rules() {
		fmt.Println(r.ID, r.Level)
	}
	// Output:
	// DataMesh-CostlyBlueprintOnCreate ERROR
	// DataMesh-BlueprintOnCreate WARN
	// DataMesh-DomainWithoutCustomerManagedKey ERROR
	// DataMesh-DomainWithoutSSO WARN
	// DataMesh-DomainNotV2 ERROR
	// DataMesh-GovernanceDomainHoldsData ERROR
	// DataMesh-InlineProjectMembers ERROR
	// DataMesh-StatefulResourceNotRetained ERROR
	// DataMesh-MasterDataWithoutContract ERROR
	// DataMesh-MasterDataConsumes WARN
	// DataMesh-ExpiredTemporaryMember ERROR
	// DataMesh-TemporaryMemberWithoutEndDate ERROR
	// DataMesh-GrantToAllUsersInProduction ERROR
	// DataMesh-VpcOnlyToolingNotLocked ERROR
	// DataMesh-DataLakeSettingsNotAppend ERROR
	// DataMesh-NamingConvention WARN
	// DataMesh-DomainUnitWithoutOwner WARN
	// DataMesh-ProjectWithoutDescription WARN
	// DataMesh-PiiReadWithoutApproval ERROR
}

// Apply the checks to each Stage of an app, stricter in production.
func ExampleApply() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	for _, env := range []string{"dev", "prd"} {
		stage := awscdk.NewStage(app, jsii.String(env), nil)
		// ... the stage's stacks ...
		nagpacks.Apply(stage, &nagpacks.Options{Production: env == "prd"})
	}
	app.Synth(nil) // then: cdk synth '**'
}

// A governance team's own rule: every project names its cost center in its description.
// Registered with Apply, it gets the DataMesh pack's suppressions, report lines and
// failing synth.
func ExampleRule() {
	defer jsii.Close()
	costCenter := regexp.MustCompile(`\bCC-[0-9]{4}\b`)
	rule := &nagpacks.Rule{
		ID:            "Acme-ProjectCostCenter",
		Level:         cdknag.NagMessageLevel_ERROR,
		Info:          "The project's description names no cost center (CC-nnnn).",
		Explanation:   "Finance charges each project's environments to the cost center in its description.",
		Fix:           "End the description with the cost center, e.g. \"(CC-1234)\".",
		ResourceTypes: []string{"AWS::DataZone::Project"},
		Check: func(r *nagpacks.Resource) nagpacks.Result {
			d, ok := r.String("Description")
			switch {
			case !ok && r.Prop("Description") != nil:
				return nagpacks.NotApplicable() // known only at deploy time
			case costCenter.MatchString(d):
				return nagpacks.Compliant()
			}
			return nagpacks.NonCompliant()
		},
	}

	out, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(out)
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(out), Context: &map[string]any{
		"@aws-cdk/core:failSynthOnValidationErrors": false, // report, as under the CDK CLI
	}})
	stage := awscdk.NewStage(app, jsii.String("dev"), nil)
	stack := awscdk.NewStack(stage, jsii.String("Mesh"), nil)
	for name, description := range map[string]string{"Orders": "Order analytics (CC-1234)", "Churn": "Churn models"} {
		awsdatazone.NewCfnProject(stack, jsii.String(name), &awsdatazone.CfnProjectProps{
			DomainIdentifier: jsii.String("dzd_abc123"), Name: jsii.String(name), Description: jsii.String(description),
		})
	}
	nagpacks.Apply(stage, &nagpacks.Options{Rules: []*nagpacks.Rule{rule}, SkipRegistrySchema: true})
	app.Synth(nil)

	f, _ := os.Open(filepath.Join(out, "DataMesh-dev-dev-Mesh-NagReport.csv"))
	defer f.Close()
	rows, _ := csv.NewReader(f).ReadAll()
	for _, row := range rows {
		if row[0] == rule.ID { // Rule ID, Resource ID, Compliance, ...
			fmt.Println(row[1], row[2])
		}
	}
	// Unordered output:
	// dev/Mesh/Orders Compliant
	// dev/Mesh/Churn Non-Compliant
}
