package stages

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// BlueprintSettingsDef configures one enabled blueprint (see datamesh.BlueprintOptions).
type BlueprintSettingsDef struct {
	// Regions where the blueprint is enabled (default: the stage's region).
	Regions []string `yaml:"regions,omitempty" json:"regions,omitempty"`
	// Parameters are regional parameters in every enabled region, passed as written.
	Parameters map[string]string `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	// RegionalParameters set parameters of one region: region -> name -> value.
	RegionalParameters map[string]map[string]string `yaml:"regionalParameters,omitempty" json:"regionalParameters,omitempty"`
	// GlobalParameters are region-agnostic parameters.
	GlobalParameters map[string]string `yaml:"globalParameters,omitempty" json:"globalParameters,omitempty"`
	// ProvisioningRole deploys the blueprint's environments instead of the account's
	// provisioning role: a role name (path/name), resolved in each account that enables
	// the blueprint (the domain's and every associated one), or a full ARN.
	ProvisioningRole string `yaml:"provisioningRole,omitempty" json:"provisioningRole,omitempty"`
	// ProjectRoleProvisions configures the blueprint without provisioning role: each
	// project's execution role provisions it (the default for S3Bucket and
	// S3TableCatalog).
	ProjectRoleProvisions bool `yaml:"projectRoleProvisions,omitempty" json:"projectRoleProvisions,omitempty"`
}

// ToolingDef sets parameters of the domain's Tooling configuration (see
// datamesh.ToolingOptions).
type ToolingDef struct {
	// QueryExecutionRole is the role queries run with (sagemakerQueryExecutionRoleArn): a
	// role name (path/name) resolved in the domain's account, or a full ARN.
	QueryExecutionRole string `yaml:"queryExecutionRole,omitempty" json:"queryExecutionRole,omitempty"`
	// ProjectRolePolicyArns are managed policies attached to every project role
	// (projectRolePolicyArns).
	ProjectRolePolicyARNs []string `yaml:"projectRolePolicyArns,omitempty" json:"projectRolePolicyArns,omitempty"`
	// Parameters are further regional parameters, passed as written.
	Parameters map[string]string `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	// GlobalParameters are further global parameters, passed as written.
	GlobalParameters map[string]string `yaml:"globalParameters,omitempty" json:"globalParameters,omitempty"`
}

// CustomBlueprintDef is a custom blueprint (see datamesh.CustomBlueprintOptions).
type CustomBlueprintDef struct {
	// Name of the blueprint; profiles name it in environments[].blueprint.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description of the blueprint.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// TemplateURL is the HTTPS URL of the CloudFormation template in S3.
	TemplateURL string `yaml:"templateUrl" json:"templateUrl" mesh:"required"`
	// Category of the blueprint (TOOLING for a Tooling replacement).
	Category string `yaml:"category,omitempty" json:"category,omitempty"`
	// UserParameters are the template parameters profiles and projects may set.
	UserParameters []*CustomParameterDef `yaml:"userParameters,omitempty" json:"userParameters,omitempty"`
	// Parameters are regional parameters of the blueprint's configuration.
	Parameters map[string]string `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	// Regions where the blueprint is enabled (default: the stage's region).
	Regions []string `yaml:"regions,omitempty" json:"regions,omitempty"`
	// ProvisioningRole deploys the blueprint's environments: a role name resolved in each
	// account that enables it, or a full ARN (default: the account's provisioning role).
	ProvisioningRole string `yaml:"provisioningRole,omitempty" json:"provisioningRole,omitempty"`
}

// CustomParameterDef is one typed parameter of a custom blueprint.
type CustomParameterDef struct {
	// Name of the template parameter.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description shown to project members.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Type is the field type (default String).
	Type string `yaml:"type,omitempty" json:"type,omitempty"`
	// Default value.
	Default string `yaml:"default,omitempty" json:"default,omitempty"`
	// Locked parameters cannot be changed by project members.
	Locked bool `yaml:"locked,omitempty" json:"locked,omitempty"`
	// Required parameters must have a value.
	Required bool `yaml:"required,omitempty" json:"required,omitempty"`
	// UpdateSupported lets the value change after the environment is created.
	UpdateSupported bool `yaml:"updateSupported,omitempty" json:"updateSupported,omitempty"`
}

// ManagementProjectDef is the domain management project (category ADMIN).
type ManagementProjectDef struct {
	// Name of the project (default admin-project-<domain account>, as AWS's Terraform
	// module names it).
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Description of the project (default: a sentence saying what it is for).
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Members of the project: the domain's administrators (usually owners).
	Members []*MemberDef `yaml:"members,omitempty" json:"members,omitempty"`
}

// ParameterDef sets one blueprint parameter of an environment.
type ParameterDef struct {
	// Name of the parameter.
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Value of the parameter.
	Value string `yaml:"value,omitempty" json:"value,omitempty"`
	// NoValue sends the parameter without a value: the blueprint's default stays (with
	// locked, project members cannot change it).
	NoValue bool `yaml:"noValue,omitempty" json:"noValue,omitempty"`
	// Locked makes the value non-editable by project creators.
	Locked bool `yaml:"locked,omitempty" json:"locked,omitempty"`
}

// ToolingParametersDef sets the Tooling blueprint's documented parameters, named as the
// service names them (see datamesh.ToolingParameters); an absent key leaves the
// blueprint's default.
type ToolingParametersDef struct {
	// EnableSpaces: whether members may create compute spaces.
	EnableSpaces *bool `yaml:"enableSpaces,omitempty" json:"enableSpaces,omitempty"`
	// MaxEbsVolumeSize of a space, in GiB.
	MaxEbsVolumeSize float64 `yaml:"maxEbsVolumeSize,omitempty" json:"maxEbsVolumeSize,omitempty"`
	// IdleTimeoutInMinutes before an idle space stops.
	IdleTimeoutInMinutes float64 `yaml:"idleTimeoutInMinutes,omitempty" json:"idleTimeoutInMinutes,omitempty"`
	// EnableNetworkIsolation of training and inference containers.
	EnableNetworkIsolation *bool `yaml:"enableNetworkIsolation,omitempty" json:"enableNetworkIsolation,omitempty"`
	// EnableAmazonBedrockPermissions of the project role.
	EnableAmazonBedrockPermissions *bool `yaml:"enableAmazonBedrockPermissions,omitempty" json:"enableAmazonBedrockPermissions,omitempty"`
	// GitConnectionARN is the CodeConnections connection of the project's repository.
	GitConnectionARN string `yaml:"gitConnectionArn,omitempty" json:"gitConnectionArn,omitempty"`
	// SagemakerDomainNetworkType is VpcOnly or PublicInternetOnly.
	SagemakerDomainNetworkType string `yaml:"sagemakerDomainNetworkType,omitempty" json:"sagemakerDomainNetworkType,omitempty"`
	// Locked makes every parameter set here non-editable by project creators.
	Locked bool `yaml:"locked,omitempty" json:"locked,omitempty"`
}

func toggle(b *bool) datamesh.Toggle {
	switch {
	case b == nil:
		return datamesh.ToggleDefault
	case *b:
		return datamesh.ToggleOn
	}
	return datamesh.ToggleOff
}

// parameters returns the datamesh form of the Tooling parameters (nil for nil).
func (t *ToolingParametersDef) parameters() *datamesh.ToolingParameters {
	if t == nil {
		return nil
	}
	return &datamesh.ToolingParameters{
		Spaces: toggle(t.EnableSpaces), MaxEBSVolumeSizeGB: int(t.MaxEbsVolumeSize),
		IdleTimeout:      time.Duration(t.IdleTimeoutInMinutes) * time.Minute,
		NetworkIsolation: toggle(t.EnableNetworkIsolation), BedrockPermissions: toggle(t.EnableAmazonBedrockPermissions),
		GitConnectionARN: t.GitConnectionARN, NetworkType: datamesh.ToolingNetworkType(t.SagemakerDomainNetworkType), Locked: t.Locked,
	}
}

// blueprintOptions returns the datamesh options of the domain's enabled blueprints; their
// roles are imported under scope in account (none without a scope: validation).
func (d *DomainDef) blueprintOptions(scope constructs.Construct, account string) []*datamesh.BlueprintOptions {
	var out []*datamesh.BlueprintOptions
	for _, b := range d.Blueprints {
		o := &datamesh.BlueprintOptions{Blueprint: datamesh.Blueprint(b)}
		if s := d.BlueprintSettings[b]; s != nil {
			o.Regions, o.Parameters, o.GlobalParameters = s.Regions, s.Parameters, s.GlobalParameters
			o.RegionalParameters, o.ProjectRoleProvisions = s.RegionalParameters, s.ProjectRoleProvisions
			if s.ProvisioningRole != "" && scope != nil {
				o.ProvisioningRole = roleOf(scope, "ProvisioningRole"+stackID(b), s.ProvisioningRole, account)
			}
		}
		out = append(out, o)
	}
	return out
}

// customBlueprints returns the datamesh options of the domain's custom blueprints; their
// roles are imported under scope in account (none without a scope: validation).
func (d *DomainDef) customBlueprints(scope constructs.Construct, account string) []*datamesh.CustomBlueprintOptions {
	var out []*datamesh.CustomBlueprintOptions
	for _, c := range d.CustomBlueprints {
		if c == nil {
			continue
		}
		o := &datamesh.CustomBlueprintOptions{Name: c.Name, Description: c.Description, TemplateURL: c.TemplateURL,
			Category: c.Category, Parameters: c.Parameters, Regions: c.Regions}
		if c.ProvisioningRole != "" && scope != nil {
			o.ProvisioningRole = roleOf(scope, "ProvisioningRoleCustom"+stackID(c.Name), c.ProvisioningRole, account)
		}
		for _, u := range c.UserParameters {
			if u != nil {
				o.UserParameters = append(o.UserParameters, &datamesh.CustomBlueprintParameter{Name: u.Name, Description: u.Description,
					Type: u.Type, Default: u.Default, Locked: u.Locked, Required: u.Required, UpdateSupported: u.UpdateSupported})
			}
		}
		out = append(out, o)
	}
	return out
}

// tooling adds the definition's Tooling parameters to t; roles are resolved under scope
// in account.
func (d *DomainDef) tooling(t *datamesh.ToolingOptions, scope constructs.Construct, account string) *datamesh.ToolingOptions {
	if d.Tooling == nil {
		return t
	}
	t.ProjectRolePolicyARNs, t.Parameters, t.GlobalParameters = d.Tooling.ProjectRolePolicyARNs, d.Tooling.Parameters, d.Tooling.GlobalParameters
	if d.Tooling.QueryExecutionRole != "" && scope != nil {
		t.QueryExecutionRole = roleOf(scope, "QueryExecutionRole", d.Tooling.QueryExecutionRole, account)
	}
	return t
}

// roleOf imports the role named by a definition: a full ARN as written, or a role name
// (with its path) in account.
func roleOf(scope constructs.Construct, id, role, account string) awsiam.IRole {
	arn := role
	if !strings.HasPrefix(role, "arn:") {
		arn = "arn:" + *awscdk.Stack_Of(scope).Partition() + ":iam::" + account + ":role/" + strings.TrimPrefix(role, "/")
	}
	return awsiam.Role_FromRoleArn(scope, jsii.String(id), jsii.String(arn), &awsiam.FromRoleArnOptions{Mutable: jsii.Bool(false)})
}

// validateBlueprintDefs reports the definition problems of the blueprint keys that the
// datamesh props cannot see (names that do not match).
func validateBlueprintDefs(l *plist, path string, dom *DomainDef) {
	keys := make([]string, 0, len(dom.BlueprintSettings))
	for k := range dom.BlueprintSettings {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if !slices.Contains(dom.Blueprints, k) {
			l.add(datamesh.ErrUnknownBlueprint, path+".blueprintSettings["+k+"]", "configures blueprint %s, which %s.blueprints does not enable: add it there", k, path)
		}
	}
	for i, p := range dom.Profiles {
		if p == nil {
			continue
		}
		for j, e := range p.Environments {
			if e != nil && e.DeploymentOrder != float64(int(e.DeploymentOrder)) {
				l.add(datamesh.ErrInvalidProps, fmt.Sprintf("%s.environments[%d].deploymentOrder", listPath(path+".profiles", dom.Profiles, i), j),
					"%v: a deployment order is a whole number, 1-16", e.DeploymentOrder)
			}
		}
	}
	for i, c := range dom.CustomBlueprints {
		if c == nil {
			l.add(datamesh.ErrMissing, fmt.Sprintf("%s.customBlueprints[%d]", path, i), "empty entry: remove it")
		}
	}
}
