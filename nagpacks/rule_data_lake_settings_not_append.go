package nagpacks

import (
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

const typeDataLakeSettings = "AWS::LakeFormation::DataLakeSettings"

// ruleDataLakeSettingsNotAppend: a DataLakeSettings that would replace the account's
// Lake Formation settings instead of adding to them.
var ruleDataLakeSettingsNotAppend = &Rule{
	ID:    PackName + "-DataLakeSettingsNotAppend",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "MutationType: APPEND (what datamesh.NewDataLakeAdmins emits).",
	Info:  "The AWS::LakeFormation::DataLakeSettings has no MutationType APPEND (finding: the MutationType, or \"MutationType\" when absent). Set MutationType: APPEND.",
	Explanation: "DataLakeSettings changes account-wide Lake Formation settings. Without MutationType APPEND " +
		"(REPLACE is the default) it replaces the account's whole list of data lake administrators, removing the " +
		"admins that SageMaker Unified Studio blueprints, other stacks and people registered, and with them their " +
		"ability to grant; the AWS::LakeFormation::DataLakeSettings reference describes APPEND and REPLACE.",
	ResourceTypes: []string{typeDataLakeSettings},
	Check: func(r *Resource) Result {
		v := r.prop("MutationType")
		if v == nil {
			return nonCompliant("MutationType")
		}
		if isIntrinsic(v) {
			return compliant() // unresolvable
		}
		if s, ok := str(v); ok && s == "APPEND" {
			return compliant()
		}
		s, _ := str(v)
		return nonCompliant(s)
	},
}
