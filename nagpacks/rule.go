package nagpacks

import (
	"slices"
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// CloudFormation types the rules read.
const (
	typeDomain          = "AWS::DataZone::Domain"
	typeDomainUnit      = "AWS::DataZone::DomainUnit"
	typeProject         = "AWS::DataZone::Project"
	typeProjectProfile  = "AWS::DataZone::ProjectProfile"
	typeMembership      = "AWS::DataZone::ProjectMembership"
	typePolicyGrant     = "AWS::DataZone::PolicyGrant"
	typeDataSource      = "AWS::DataZone::DataSource"
	typeBlueprintConfig = "AWS::DataZone::EnvironmentBlueprintConfiguration"
)

// rule is one entry of the pack's table. check returns NOT_APPLICABLE when the rule does
// not concern the resource (the pack then does not report it), COMPLIANT, or
// NON_COMPLIANT with optional finding IDs (each becomes its own annotation
// "DataMesh-<Rule>[<finding>]: <info>", and can be suppressed alone with appliesTo).
type rule struct {
	id          string
	level       cdknag.NagMessageLevel
	info        string
	explanation string
	types       []string
	check       func(r *resource) result
}

func (r *rule) suffix() string { return strings.TrimPrefix(r.id, PackName+"-") }

// with returns a changed copy of r (setters of cdknag.IApplyRule must not change the
// shared table).
func (r *rule) with(f func(*rule)) *rule {
	c := *r
	f(&c)
	return &c
}

type result struct {
	compliance cdknag.NagRuleCompliance
	findings   []string
}

func notApplicable() result { return result{compliance: cdknag.NagRuleCompliance_NOT_APPLICABLE} }
func compliant() result     { return result{compliance: cdknag.NagRuleCompliance_COMPLIANT} }

// nonCompliant returns NON_COMPLIANT with the given finding IDs (none: one plain
// finding).
func nonCompliant(findings ...string) result {
	return result{compliance: cdknag.NagRuleCompliance_NON_COMPLIANT, findings: findings}
}

// findingsOrCompliant is nonCompliant(findings...) when there are findings, else COMPLIANT.
func findingsOrCompliant(findings []string) result {
	if len(findings) == 0 {
		return compliant()
	}
	return nonCompliant(findings...)
}

// registry is the table of DataMesh rules, in the order of RULES.md. Adding a rule is a
// deliberate change: TestRuleTable pins the IDs and levels.
var registry = []*rule{
	ruleCostlyBlueprintOnCreate,
	ruleBlueprintOnCreate,
	ruleDomainWithoutCustomerManagedKey,
	ruleDomainWithoutSSO,
	ruleDomainNotV2,
	ruleGovernanceDomainHoldsData,
	ruleInlineProjectMembers,
	ruleStatefulResourceNotRetained,
	ruleMasterDataWithoutContract,
	ruleMasterDataConsumes,
	ruleExpiredTemporaryMember,
	ruleTemporaryMemberWithoutEndDate,
	ruleGrantToAllUsersInProduction,
	ruleVpcOnlyToolingNotLocked,
	ruleDataLakeSettingsNotAppend,
	ruleNamingConvention,
	ruleDomainUnitWithoutOwner,
	ruleProjectWithoutDescription,
}

// Rule describes one rule of the DataMesh pack.
type Rule struct {
	// ID is the rule ID that annotations, reports and suppressions use
	// ("DataMesh-CostlyBlueprintOnCreate").
	ID string
	// Level is the annotation level of a finding: cdknag.NagMessageLevel_ERROR fails
	// `cdk synth`, cdknag.NagMessageLevel_WARN does not.
	Level cdknag.NagMessageLevel
	// Info is the one-line message of a finding.
	Info string
	// Explanation is why the rule exists (shown with Verbose).
	Explanation string
	// ResourceTypes are the CloudFormation types the rule checks.
	ResourceTypes []string
}

// Rules lists the rules of the DataMesh pack in a stable order (the order of RULES.md).
func Rules() []Rule {
	out := make([]Rule, len(registry))
	for i, r := range registry {
		out[i] = Rule{ID: r.id, Level: r.level, Info: r.info, Explanation: r.explanation, ResourceTypes: slices.Clone(r.types)}
	}
	return out
}
