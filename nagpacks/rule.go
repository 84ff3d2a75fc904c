package nagpacks

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// CloudFormation types the rules read.
const (
	typeDomain         = "AWS::DataZone::Domain"
	typeDomainUnit     = "AWS::DataZone::DomainUnit"
	typeProject        = "AWS::DataZone::Project"
	typeProjectProfile = "AWS::DataZone::ProjectProfile"
	typeMembership     = "AWS::DataZone::ProjectMembership"
	typePolicyGrant    = "AWS::DataZone::PolicyGrant"
	// typeSmusmeshPolicyGrant is smusmesh's in-place-updatable grant (same properties).
	typeSmusmeshPolicyGrant = "Custom::SmusmeshPolicyGrant"
	typeDataSource          = "AWS::DataZone::DataSource"
	typeBlueprintConfig     = "AWS::DataZone::EnvironmentBlueprintConfiguration"

	typePrincipalPermissions = "AWS::LakeFormation::PrincipalPermissions"
)

// Result is what a rule's Check returns for one resource: NotApplicable (the rule does
// not concern the resource: nothing is reported, not even as compliant), Compliant, or
// NonCompliant with optional finding IDs (each becomes its own finding
// "<Rule>[<finding>]: <info>", and can be suppressed alone with appliesTo).
type Result struct {
	compliance cdknag.NagRuleCompliance
	findings   []string
}

// NotApplicable is the Result of a rule that does not concern the resource.
func NotApplicable() Result { return Result{compliance: cdknag.NagRuleCompliance_NOT_APPLICABLE} }

// Compliant is the Result of a resource that follows the rule.
func Compliant() Result { return Result{compliance: cdknag.NagRuleCompliance_COMPLIANT} }

// NonCompliant is the Result of a resource that breaks the rule, once per finding ID
// (none: one finding without an ID).
func NonCompliant(findings ...string) Result {
	return Result{compliance: cdknag.NagRuleCompliance_NON_COMPLIANT, findings: findings}
}

func notApplicable() Result                  { return NotApplicable() }
func compliant() Result                      { return Compliant() }
func nonCompliant(findings ...string) Result { return NonCompliant(findings...) }

// findingsOrCompliant is nonCompliant(findings...) when there are findings, else COMPLIANT.
func findingsOrCompliant(findings []string) Result {
	if len(findings) == 0 {
		return compliant()
	}
	return nonCompliant(findings...)
}

// registry is the table of DataMesh rules, in the order of RULES.md. Adding a rule is a
// deliberate change: TestRuleTable pins the IDs and levels.
var registry = []*Rule{
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
	rulePiiReadWithoutApproval,
}

// Rule is one check of the DataMesh pack: ours (Rules) or a governance team's own,
// registered with Options.Rules (or DataMeshPackProps.Rules). Check runs on every
// resource of ResourceTypes in the synthesized templates; a NonCompliant result is a
// finding at Level, with the same suppressions (cdk-nag's NagSuppressions, appliesTo
// included), report lines and synth failure as the pack's own rules.
type Rule struct {
	// ID is the rule ID that findings, reports and suppressions use: "<Prefix>-<Name>",
	// letters and digits ("DataMesh-CostlyBlueprintOnCreate", "Acme-ProjectCostCenter").
	ID string
	// Level of a finding: cdknag.NagMessageLevel_ERROR fails the synth,
	// cdknag.NagMessageLevel_WARN and cdknag.NagMessageLevel_INFO do not.
	Level cdknag.NagMessageLevel
	// Info is the one-line message of a finding (the report's Rule Info).
	Info string
	// Explanation is why the rule exists (shown with Verbose).
	Explanation string
	// Fix is how to fix a finding (the validation report's suggested fix).
	Fix string
	// ResourceTypes are the CloudFormation types the rule checks.
	ResourceTypes []string
	// Check evaluates the rule on one resource. It reads only r; it must not panic.
	Check func(r *Resource) Result
}

func (r *Rule) suffix() string {
	_, s, _ := strings.Cut(r.ID, "-")
	return s
}

var ruleIDPattern = regexp.MustCompile(`^[A-Za-z0-9.]+-[A-Za-z0-9]+$`)

// validateRules checks custom rules: a well-formed ID that no other rule has, a level,
// resource types and a Check.
func validateRules(rules []*Rule) error {
	seen := map[string]bool{}
	for _, r := range registry {
		seen[r.ID] = true
	}
	var errs []error
	for i, r := range rules {
		switch {
		case r == nil:
			errs = append(errs, fmt.Errorf("rules[%d]: nil: remove it", i))
			continue
		case !ruleIDPattern.MatchString(r.ID):
			errs = append(errs, fmt.Errorf("rules[%d].ID %q: want <Prefix>-<Name> of letters and digits, e.g. \"Acme-ProjectCostCenter\"", i, r.ID))
		case seen[r.ID]:
			errs = append(errs, fmt.Errorf("rules[%d].ID %q: another rule has this ID: rename it", i, r.ID))
		}
		seen[r.ID] = true
		switch r.Level {
		case cdknag.NagMessageLevel_ERROR, cdknag.NagMessageLevel_WARN, cdknag.NagMessageLevel_INFO:
		default:
			errs = append(errs, fmt.Errorf("rules[%d].Level %q: set cdknag.NagMessageLevel_ERROR, _WARN or _INFO", i, r.Level))
		}
		if len(r.ResourceTypes) == 0 {
			errs = append(errs, fmt.Errorf("rules[%d].ResourceTypes: empty: name the CloudFormation types the rule checks", i))
		}
		if r.Check == nil {
			errs = append(errs, fmt.Errorf("rules[%d].Check: nil: set the check function", i))
		}
		if r.Info == "" {
			errs = append(errs, fmt.Errorf("rules[%d].Info: empty: say what a finding means", i))
		}
	}
	return errors.Join(errs...)
}

// Rules lists the rules of the DataMesh pack in a stable order (the order of RULES.md).
func Rules() []Rule {
	out := make([]Rule, len(registry))
	for i, r := range registry {
		out[i] = *r
		out[i].ResourceTypes = slices.Clone(r.ResourceTypes)
	}
	return out
}
