package nagpacks

import (
	"strconv"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// ruleVpcOnlyToolingNotLocked: a VPC-only domain whose Tooling is not configured, and
// locked, for the VPC.
var ruleVpcOnlyToolingNotLocked = &Rule{
	ID:    PackName + "-VpcOnlyToolingNotLocked",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "Set VpcId and Subnets per region on the Tooling configuration; add the locked override to every profile's Tooling.",
	Info:  "The domain's network posture is VPC-only but Tooling is not: the Tooling blueprint configuration lacks VpcId and Subnets (finding: the region), or the project profile's Tooling lacks a locked sagemakerDomainNetworkType=VpcOnly override (finding: the environment configuration).",
	Explanation: "A VPC-only posture holds only if every project's Tooling environment runs in the domain's VPC: the " +
		"Tooling blueprint configuration must name the VPC and subnets in every enabled region, and each project " +
		"profile must set sagemakerDomainNetworkType=VpcOnly as a non-editable (IsEditable false) parameter override, " +
		"or a project creator can switch it back to public internet access.",
	ResourceTypes: []string{typeBlueprintConfig, typeProjectProfile},
	Check: func(r *Resource) Result {
		posture := ""
		if m, ok := r.metadata(); ok {
			posture = m.NetworkPosture
		}
		if posture == "" {
			if d, ok := r.index().domainOf(r.prop("DomainIdentifier")); ok {
				posture = d.NetworkPosture
			}
		}
		if posture != meshmeta.NetworkVpcOnly {
			return notApplicable()
		}
		if r.Type == typeBlueprintConfig {
			return checkToolingConfiguration(r)
		}
		return checkToolingOverrides(r)
	},
}

func checkToolingConfiguration(r *Resource) Result {
	bp, ok := str(r.prop("EnvironmentBlueprintIdentifier"))
	if !ok || norm(bp) != "tooling" {
		return notApplicable()
	}
	rp := r.prop("RegionalParameters")
	if rp == nil {
		return nonCompliant("RegionalParameters")
	}
	items, ok := list(rp)
	if !ok {
		return compliant() // unresolvable
	}
	if len(items) == 0 {
		return nonCompliant("RegionalParameters")
	}
	var findings []string
	for i, it := range items {
		region, ok := str(get(it, "Region"))
		if !ok {
			region = "RegionalParameters[" + strconv.Itoa(i) + "]"
		}
		params := get(it, "Parameters")
		if isIntrinsic(params) {
			continue
		}
		if !present(get(params, "VpcId")) || !present(get(params, "Subnets")) {
			findings = append(findings, region)
		}
	}
	return findingsOrCompliant(findings)
}

func checkToolingOverrides(r *Resource) Result {
	ecs, ok := r.envConfigs()
	if !ok {
		return compliant() // unresolvable
	}
	var findings []string
	tooling := false
	for _, ec := range ecs {
		if !ec.isTooling() {
			continue
		}
		tooling = true
		ov := get(ec.raw, "ConfigurationParameters", "ParameterOverrides")
		if isIntrinsic(ov) || isIntrinsic(get(ec.raw, "ConfigurationParameters")) {
			continue
		}
		items, _ := list(ov)
		locked := false
		for _, it := range items {
			if n, _ := str(get(it, "Name")); n != "sagemakerDomainNetworkType" {
				continue
			}
			v := get(it, "Value")
			e := get(it, "IsEditable")
			valueOK := isIntrinsic(v) || v == "VpcOnly"
			lockedOK := isIntrinsic(e) || e == false
			locked = valueOK && lockedOK
		}
		if !locked {
			findings = append(findings, ec.finding)
		}
	}
	if !tooling {
		return notApplicable()
	}
	return findingsOrCompliant(findings)
}

// present reports whether a resolved parameter value is set (an intrinsic counts).
func present(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case string:
		return x != ""
	case []any:
		return len(x) > 0
	}
	return true
}
