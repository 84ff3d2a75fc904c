package nagpacks_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

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
