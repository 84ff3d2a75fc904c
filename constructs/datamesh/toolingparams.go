package datamesh

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/aws/jsii-runtime-go"
)

// The Tooling configuration's global parameters smusmesh sets from ToolingOptions
// (aws-ia/terraform-aws-sagemaker-unified-studio main.tf, module tooling_blueprint).
const (
	paramQueryExecutionRole = "sagemakerQueryExecutionRoleArn"
	paramProjectRolePolicys = "projectRolePolicyArns"
)

// toolingParameters adds the Tooling options' typed and pass-through parameters to the
// Tooling configuration's regional (params) and global parameters.
func toolingParameters(t *ToolingOptions, params, global map[string]*string) {
	if t == nil {
		return
	}
	for k, v := range t.Parameters {
		params[k] = jsii.String(v)
	}
	for k, v := range t.GlobalParameters {
		global[k] = jsii.String(v)
	}
	if t.QueryExecutionRole != nil {
		global[paramQueryExecutionRole] = t.QueryExecutionRole.RoleArn()
	}
	if len(t.ProjectRolePolicyARNs) > 0 {
		global[paramProjectRolePolicys] = jsii.String(strings.Join(t.ProjectRolePolicyARNs, ","))
	}
}

// validateToolingParameters reports pass-through parameters that repeat a typed one.
func validateToolingParameters(pr *problems, t *ToolingOptions) {
	if t == nil {
		return
	}
	for _, k := range sortedKeys(t.Parameters) {
		switch {
		case k == paramS3Location || k == paramVPCID || k == paramSubnets:
			pr.add(ErrDuplicate, "Tooling.Parameters", k, "set it with Tooling.S3Location, VPCID or SubnetIDs")
		case !parameterName.MatchString(k):
			pr.add(ErrInvalidProps, "Tooling.Parameters", k, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
		}
	}
	for _, k := range sortedKeys(t.GlobalParameters) {
		switch {
		case k == paramQueryExecutionRole:
			pr.add(ErrDuplicate, "Tooling.GlobalParameters", k, "set it with Tooling.QueryExecutionRole")
		case k == paramProjectRolePolicys:
			pr.add(ErrDuplicate, "Tooling.GlobalParameters", k, "set it with Tooling.ProjectRolePolicyARNs")
		case !parameterName.MatchString(k):
			pr.add(ErrInvalidProps, "Tooling.GlobalParameters", k, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
		}
	}
	for i, a := range t.ProjectRolePolicyARNs {
		if !isToken(a) && !strings.HasPrefix(a, "arn:") {
			pr.add(ErrInvalidProps, fmt.Sprintf("Tooling.ProjectRolePolicyARNs[%d]", i), a, "a managed policy ARN, arn:aws:iam::aws:policy/... or arn:aws:iam::<account>:policy/...")
		}
	}
}

// validateRegionalParameters reports the problems of a blueprint's per-region parameters;
// domainRegions are the domain's Regions (empty: the stack's, unknown here). Parameters of
// a region the blueprint is not enabled in would be dropped: that is an error.
func validateRegionalParameters(pr *problems, f string, b *BlueprintOptions, domainRegions []string) {
	enabled := b.Regions
	if len(enabled) == 0 {
		enabled = domainRegions
	}
	for _, r := range sortedKeys(b.RegionalParameters) {
		if !isToken(r) && !regionName.MatchString(r) {
			pr.add(ErrInvalidProps, f+".RegionalParameters", r, "a region name looks like eu-west-1")
		} else if len(enabled) > 0 && !slices.Contains(enabled, r) {
			pr.add(ErrInvalidProps, f+".RegionalParameters", r, fmt.Sprintf("the blueprint is enabled in %v only: add the region to Regions or remove its parameters", enabled))
		}
		for _, k := range sortedKeys(b.RegionalParameters[r]) {
			if !parameterName.MatchString(k) {
				pr.add(ErrInvalidProps, f+".RegionalParameters["+r+"]", k, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
			}
		}
	}
}

// Toggle is an on/off blueprint parameter that may be left to the blueprint's default.
type Toggle string

// The values of a Toggle: the blueprint parameters take "true" and "false"
// (aws/Unified-Studio-for-Amazon-Sagemaker cloudformation/domain/create_project_profiles.yaml).
const (
	// ToggleDefault leaves the parameter to the blueprint (not set). It is the zero value.
	ToggleDefault Toggle = ""
	ToggleOn      Toggle = "true"
	ToggleOff     Toggle = "false"
)

// ToolingNetworkType is the Tooling parameter sagemakerDomainNetworkType.
type ToolingNetworkType string

// The network types of a project's SageMaker domain (SMUS admin guide,
// manage-tooling-blueprint).
const (
	ToolingNetworkDefault            ToolingNetworkType = ""
	ToolingNetworkVPCOnly            ToolingNetworkType = "VpcOnly"
	ToolingNetworkPublicInternetOnly ToolingNetworkType = "PublicInternetOnly"
)

// ToolingParameters are the Tooling blueprint's parameters a project profile sets, typed:
// the ones AWS's own profiles and the SMUS admin guide name
// (aws/Unified-Studio-for-Amazon-Sagemaker cloudformation/domain/create_project_profiles.yaml;
// https://docs.aws.amazon.com/sagemaker-unified-studio/latest/adminguide/manage-tooling-blueprint.html).
// Each zero value leaves the parameter to the blueprint. Any other Tooling parameter is
// set with EnvironmentConfiguration.Parameters and passed as written.
type ToolingParameters struct {
	// Spaces: enableSpaces, whether members may create compute spaces (JupyterLab, Code
	// Editor).
	//
	// Default: unset (the blueprint's default).
	Spaces Toggle
	// MaxEBSVolumeSizeGB: maxEbsVolumeSize of a space, in GiB.
	//
	// Default: unset (the blueprint's default).
	MaxEBSVolumeSizeGB int
	// IdleTimeout: idleTimeoutInMinutes before an idle space stops (whole minutes).
	//
	// Default: unset (the blueprint's default).
	IdleTimeout time.Duration
	// NetworkIsolation: enableNetworkIsolation of training and inference containers.
	//
	// Default: unset (the blueprint's default).
	NetworkIsolation Toggle
	// BedrockPermissions: enableAmazonBedrockPermissions of the project role.
	//
	// Default: unset (the blueprint's default).
	BedrockPermissions Toggle
	// GitConnectionARN: gitConnectionArn, the CodeConnections connection of the
	// project's repository.
	//
	// Default: unset (the blueprint's default).
	GitConnectionARN string
	// NetworkType: sagemakerDomainNetworkType. VPC-only domains lock it to VpcOnly.
	//
	// Default: unset (the blueprint's default).
	NetworkType ToolingNetworkType
	// Locked makes every parameter set here non-editable by project creators.
	//
	// Default: false (editable).
	Locked bool
}

// overrides returns the parameter overrides of the typed parameters, in a stable order.
func (t *ToolingParameters) overrides() []*ParameterOverride {
	if t == nil {
		return nil
	}
	var out []*ParameterOverride
	add := func(name, value string) {
		if value != "" {
			out = append(out, &ParameterOverride{Name: name, Value: value, Locked: t.Locked})
		}
	}
	add("enableSpaces", string(t.Spaces))
	if t.MaxEBSVolumeSizeGB > 0 {
		add("maxEbsVolumeSize", strconv.Itoa(t.MaxEBSVolumeSizeGB))
	}
	if t.IdleTimeout > 0 {
		add("idleTimeoutInMinutes", strconv.Itoa(int(t.IdleTimeout/time.Minute)))
	}
	add("enableNetworkIsolation", string(t.NetworkIsolation))
	add("enableAmazonBedrockPermissions", string(t.BedrockPermissions))
	add("gitConnectionArn", t.GitConnectionARN)
	add("sagemakerDomainNetworkType", string(t.NetworkType))
	return out
}

// validate reports the problems of the typed parameters under field f.
func (t *ToolingParameters) validate(pr *problems, f string, b Blueprint, user []*ParameterOverride) {
	if t == nil {
		return
	}
	if !b.IsTooling() {
		pr.add(ErrInvalidProps, f, string(b), "Tooling parameters apply to the Tooling (or ToolingLite) environment only")
	}
	for _, x := range []struct {
		field string
		v     Toggle
	}{{"Spaces", t.Spaces}, {"NetworkIsolation", t.NetworkIsolation}, {"BedrockPermissions", t.BedrockPermissions}} {
		switch x.v {
		case ToggleDefault, ToggleOn, ToggleOff:
		default:
			pr.add(ErrInvalidProps, f+"."+x.field, string(x.v), "use ToggleOn (true), ToggleOff (false) or leave it unset")
		}
	}
	switch t.NetworkType {
	case ToolingNetworkDefault, ToolingNetworkVPCOnly, ToolingNetworkPublicInternetOnly:
	default:
		pr.add(ErrInvalidProps, f+".NetworkType", string(t.NetworkType), "use VpcOnly (ToolingNetworkVPCOnly) or PublicInternetOnly (ToolingNetworkPublicInternetOnly)")
	}
	if t.MaxEBSVolumeSizeGB < 0 || t.MaxEBSVolumeSizeGB > 16384 {
		pr.add(ErrInvalidProps, f+".MaxEBSVolumeSizeGB", strconv.Itoa(t.MaxEBSVolumeSizeGB), "between 5 and 16384 GiB (SageMaker's EBS volume limits)")
	} else if t.MaxEBSVolumeSizeGB > 0 && t.MaxEBSVolumeSizeGB < 5 {
		pr.add(ErrInvalidProps, f+".MaxEBSVolumeSizeGB", strconv.Itoa(t.MaxEBSVolumeSizeGB), "between 5 and 16384 GiB (SageMaker's EBS volume limits)")
	}
	if t.IdleTimeout < 0 || t.IdleTimeout%time.Minute != 0 {
		pr.add(ErrInvalidProps, f+".IdleTimeout", t.IdleTimeout.String(), "a whole number of minutes, e.g. 60*time.Minute")
	}
	for _, o := range t.overrides() {
		for _, u := range user {
			if u != nil && u.Name == o.Name {
				pr.add(ErrDuplicate, f, o.Name, "set either the typed field or Parameters, not both")
			}
		}
	}
}
