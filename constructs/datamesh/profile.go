package datamesh

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// DeploymentMode says when a profile's environment is deployed.
type DeploymentMode string

const (
	// OnCreate deploys the environment with every project (Tooling always is).
	DeploymentOnCreate DeploymentMode = "ON_CREATE"
	// OnDemand lets project members add the environment when they need it. It is the
	// default for every blueprint but Tooling: costly environments stay off until used.
	DeploymentOnDemand DeploymentMode = "ON_DEMAND"
)

// ProfilePreset is a ready-made list of environment configurations.
type ProfilePreset string

const (
	// PresetAllCapabilities: Tooling plus every blueprint the domain enables, all ON_DEMAND.
	PresetAllCapabilities ProfilePreset = "AllCapabilities"
	// PresetSQLAnalytics: Tooling, LakehouseCatalog, DataLake and RedshiftServerless.
	// DataLake (AWS's "Lakehouse Database": a Glue database and an Athena workgroup, free
	// while idle) is ON_CREATE at deployment order 1, as in AWS's SQL analytics profile
	// (aws/Unified-Studio-for-Amazon-Sagemaker, cloudformation/domain/create_project_profiles.yaml):
	// it creates the project's default Lakehouse connection, which a Master Data project's
	// Glue data source publishes through. The others are ON_DEMAND.
	PresetSQLAnalytics ProfilePreset = "SQLAnalytics"
	// PresetGenAI: Tooling and the Amazon Bedrock blueprints.
	PresetGenAI ProfilePreset = "GenAI"
)

// PresetBlueprints returns the blueprints of a preset (besides Tooling); for
// PresetAllCapabilities, nil (it takes whatever the domain enables).
func PresetBlueprints(p ProfilePreset) []Blueprint {
	switch p {
	case PresetSQLAnalytics:
		return []Blueprint{BlueprintLakehouseCatalog, BlueprintDataLake, BlueprintRedshiftServerless}
	case PresetGenAI:
		return []Blueprint{BlueprintBedrockGuardrail, BlueprintBedrockPrompt, BlueprintBedrockEvaluation,
			BlueprintBedrockKnowledgeBase, BlueprintBedrockChatAgent, BlueprintBedrockFunction, BlueprintBedrockFlow}
	}
	return nil
}

// ParameterOverride sets one blueprint parameter in an environment configuration.
type ParameterOverride struct {
	// Name of the parameter.
	Name string
	// Value of the parameter.
	//
	// Default: "" (sent as an empty value unless NoValue).
	Value string
	// NoValue sends the parameter without a value: the blueprint's default stays, and
	// with Locked project members cannot change it (AWS's "SQL analytics" profile locks
	// maxEbsVolumeSize this way; aws/Unified-Studio-for-Amazon-Sagemaker
	// cloudformation/domain/create_project_profiles.yaml). Value must then be empty.
	//
	// Default: false (Value is sent).
	NoValue bool
	// Locked makes the value non-editable by project members.
	//
	// Default: false (editable).
	Locked bool
}

// EnvironmentConfiguration is one environment of a project profile.
type EnvironmentConfiguration struct {
	// Blueprint the environment is built from; it must be enabled in the domain.
	Blueprint Blueprint
	// Name, unique within the profile.
	//
	// Default: the blueprint name.
	Name string
	// Description of the environment.
	//
	// Default: none.
	Description string
	// DeploymentMode of the environment.
	//
	// Default: OnCreate for Tooling, OnDemand for every other blueprint.
	DeploymentMode DeploymentMode
	// DeploymentOrder among ON_CREATE environments (0-16).
	//
	// Default: 0 (automatic): 0 for Tooling, then 1, 2 ... in list order for other
	// ON_CREATE ones. An explicit order is 1-16.
	DeploymentOrder int
	// Parameters overridden in this environment, passed as written: any parameter the
	// blueprint takes, typed or not.
	//
	// Default: none (VPC-only domains add locked network parameters to Tooling).
	Parameters []*ParameterOverride
	// Tooling sets the Tooling blueprint's documented parameters, typed (Tooling and
	// ToolingLite environments only). A parameter may be set here or in Parameters, not
	// in both.
	//
	// Default: none (the blueprint's defaults).
	Tooling *ToolingParameters
	// Region of the environment.
	//
	// Default: the profile's Region.
	Region string
	// AccountID of the environment.
	//
	// Default: the profile's AccountId.
	AccountID string
}

// ProjectProfileProps configure a ProjectProfile.
type ProjectProfileProps struct {
	// Domain the profile belongs to.
	Domain IBusinessDomain
	// Name of the profile (1-64 characters of ^[\w -]+$), unique in the domain.
	Name string
	// Description of the profile.
	//
	// Default: none.
	Description string
	// Preset fills the environments from a ready-made list; Environments are added after it.
	//
	// Default: none.
	Preset ProfilePreset
	// Environments of the profile. Tooling (ToolingLite in IAM domains) is added first
	// when absent.
	//
	// Default: Tooling only.
	Environments []*EnvironmentConfiguration
	// DomainUnit that owns the profile.
	//
	// Default: the root domain unit.
	DomainUnit IDomainUnitRef
	// Disabled profiles cannot be used for new projects.
	//
	// Default: false.
	Disabled bool
	// NoEnvironments makes a profile without any environment, not even Tooling: the
	// shape of AWS's "Generative AI model governance" profile, whose project only governs
	// Amazon Bedrock models (aws-ia/terraform-aws-sagemaker-unified-studio main.tf,
	// model_governance_project_profile). Preset and Environments must be empty.
	//
	// Default: false (Tooling, the preset and Environments).
	NoEnvironments bool
	// AccountID where the profile's environments run: an associated account of the
	// domain, whose blueprint configurations and Tooling bucket must exist before a
	// project uses the profile (AWS's multi-account Terraform example,
	// github.com/aws/Unified-Studio-for-Amazon-Sagemaker terraform/examples/multi-account).
	//
	// Default: the domain stack's account.
	AccountID string
	// Region where the profile's environments run.
	//
	// Default: the domain stack's region.
	Region string
}

// IProjectProfile is a project profile that projects can be created from.
type IProjectProfile interface {
	constructs.IConstruct
	// ProjectProfileID is the profile's ID, a token until deploy.
	ProjectProfileID() *string
	// ProfileName is the profile's name.
	ProfileName() string
	// Domain of the profile.
	Domain() IBusinessDomain
	// EnvironmentNames lists the names of the profile's environment configurations.
	EnvironmentNames() []string
}

// ProjectProfile is a template for projects: which environments every project gets and
// which it may add.
type ProjectProfile interface {
	IProjectProfile
	constructs.Construct
	// Resource is the underlying CfnProjectProfile.
	Resource() awsdatazone.CfnProjectProfile
}

type projectProfile struct {
	constructs.Construct
	cfn    awsdatazone.CfnProjectProfile
	id     *string
	name   string
	domain IBusinessDomain
	envs   []string
	// onCreate are the blueprints deployed with every project.
	onCreate []Blueprint
	// toolingLite: the profile's home is ToolingLite, whose projects bring their own
	// execution role.
	toolingLite bool
}

// Validate reports every problem of the props; blueprints are checked against the
// domain when it is set.
func (p *ProjectProfileProps) Validate() error { return p.validate("") }

func (p *ProjectProfileProps) validate(path string) error {
	var at *site
	if p != nil {
		at = siteOfDomain(p.Domain)
		if p.Domain == nil {
			at.enabled = nil
		}
	}
	pr := newProblems("ProjectProfile", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at (at.enabled nil: the domain's
// blueprints are unknown).
func (p *ProjectProfileProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &ProjectProfileProps{Domain: ..., Name: ...}")
		return
	}
	if p.Domain == nil && !at.placed {
		pr.add(ErrMissing, "Domain", "", "set the root domain the profile belongs to")
	} else if p.DomainUnit != nil && !sameDomain(p.DomainUnit.Domain(), p.Domain) {
		// CreateProjectProfile resolves domainUnitIdentifier in the profile's domain.
		pr.add(ErrCrossDomain, "DomainUnit", p.DomainUnit.UnitPath(), fmt.Sprintf("the unit belongs to domain %q, the profile to %q: name a unit of the profile's domain", p.DomainUnit.Domain().DomainName(), p.Domain.DomainName()))
	}
	checkName(pr, "Name", p.Name, 64, true)
	if p.NoEnvironments && (p.Preset != "" || len(p.Environments) > 0) {
		pr.add(ErrInvalidProps, "NoEnvironments", "true", "a profile without environments has no Preset and no Environments: remove them, or NoEnvironments")
	}
	if name := p.Name; at.profiles != nil && name != "" {
		if other, ok := at.profiles[strings.ToLower(name)]; ok {
			pr.add(ErrDuplicate, "Name", name, fmt.Sprintf("the domain already has a profile of that name (%s): profile names are unique in a domain", other))
		}
	}
	switch p.Preset {
	case "", PresetAllCapabilities, PresetSQLAnalytics, PresetGenAI:
	default:
		pr.add(ErrInvalidProps, "Preset", string(p.Preset), "use PresetAllCapabilities, PresetSQLAnalytics or PresetGenAI")
	}
	known := at.enabled != nil
	if known {
		if at.mode == IdentityModeIAM && p.Preset == PresetGenAI {
			// Bedrock blueprints need Identity Center users in SMUS.
			pr.add(ErrIdentityMismatch, "Preset", string(p.Preset), "the GenAI blueprints need an SSO domain: use another preset or an SSO domain")
		}
		for _, b := range PresetBlueprints(p.Preset) {
			if !at.enables(b) {
				pr.add(ErrUnknownBlueprint, "Preset", fmt.Sprintf("%s needs %s", p.Preset, b), fmt.Sprintf("enable %s in BusinessDomainProps.Blueprints, or list Environments yourself", b))
			}
		}
	}
	if a := p.AccountID; a != "" && !isToken(a) && !accountID.MatchString(a) {
		pr.add(ErrInvalidProps, "AccountID", a, "an account ID is 12 digits")
	}
	if r := p.Region; r != "" && !isToken(r) && !regionName.MatchString(r) {
		pr.add(ErrInvalidProps, "Region", r, "a region name looks like eu-west-1")
	}
	envs, _ := p.environments(at)
	names := map[string]int{}
	for i, e := range envs {
		f := fmt.Sprintf("Environments[%d]", i)
		if e.fromUser < 0 {
			f = fmt.Sprintf("Preset(%s)[%s]", p.Preset, e.Blueprint)
		} else {
			f = fmt.Sprintf("Environments[%d]", e.fromUser)
		}
		if !e.Blueprint.Valid() && !customBlueprintName.MatchString(string(e.Blueprint)) {
			pr.add(ErrUnknownBlueprint, f+".Blueprint", string(e.Blueprint), blueprintFix())
		} else if known {
			if e.Blueprint == BlueprintTooling && at.mode == IdentityModeIAM {
				// ToolingLite may serve SSO domains too (aws-ia's bring-your-own-role
				// profile); Tooling needs Identity Center.
				pr.add(ErrIdentityMismatch, f+".Blueprint", string(e.Blueprint), fmt.Sprintf("a %s domain uses %s", at.mode, toolingFor(at.mode)))
			} else if !at.enables(e.Blueprint) {
				pr.add(ErrUnknownBlueprint, f+".Blueprint", string(e.Blueprint), "the domain does not enable it: add it to BusinessDomainProps.Blueprints (or CustomBlueprints)")
			}
		}
		e.Tooling.validate(pr, f+".Tooling", e.Blueprint, e.Parameters)
		name := e.name()
		checkName(pr, f+".Name", name, 64, true)
		if j, ok := names[name]; ok {
			pr.add(ErrDuplicate, f+".Name", name, fmt.Sprintf("environment configuration names must be unique in a profile (%s has it too): set Name on one", envs[j].label(p.Preset)))
		} else {
			names[name] = i
		}
		switch e.DeploymentMode {
		case "", DeploymentOnCreate, DeploymentOnDemand:
		default:
			pr.add(ErrInvalidProps, f+".DeploymentMode", string(e.DeploymentMode), "use DeploymentOnCreate or DeploymentOnDemand")
		}
		if e.home && e.DeploymentMode == DeploymentOnDemand {
			pr.add(ErrInvalidProps, f+".DeploymentMode", string(e.DeploymentMode), "Tooling is the project's home and must be ON_CREATE")
		}
		if o := e.DeploymentOrder; o < 0 || o > 16 {
			pr.add(ErrInvalidProps, f+".DeploymentOrder", fmt.Sprint(o), "must be between 0 and 16")
		}
		if r := e.Region; r != "" && !isToken(r) && !regionName.MatchString(r) {
			pr.add(ErrInvalidProps, f+".Region", r, "a region name looks like eu-west-1")
		}
		if a := e.AccountID; a != "" && !isToken(a) && !accountID.MatchString(a) {
			pr.add(ErrInvalidProps, f+".AccountID", a, "an account ID is 12 digits")
		}
		seen := map[string]bool{}
		for j, o := range e.Parameters {
			if o == nil {
				continue
			}
			if !parameterName.MatchString(o.Name) {
				pr.add(ErrInvalidProps, fmt.Sprintf("%s.Parameters[%d].Name", f, j), o.Name, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
			}
			if seen[o.Name] {
				pr.add(ErrDuplicate, fmt.Sprintf("%s.Parameters[%d].Name", f, j), o.Name, "set each parameter once")
			}
			if o.NoValue && o.Value != "" {
				pr.add(ErrInvalidProps, fmt.Sprintf("%s.Parameters[%d].NoValue", f, j), o.Value, "a parameter without a value keeps the blueprint's default: remove Value, or NoValue")
			}
			seen[o.Name] = true
		}
	}
}

type envEntry struct {
	*EnvironmentConfiguration
	fromUser int // index in Environments, -1 for preset or implicit Tooling
	// home: the project's first environment, Tooling, ToolingLite or a custom blueprint of
	// category TOOLING (ON_CREATE at deployment order 0).
	home bool
}

func (e envEntry) name() string {
	if e.Name != "" {
		return e.Name
	}
	return string(e.Blueprint)
}

func (e envEntry) label(preset ProfilePreset) string {
	if e.fromUser < 0 {
		return fmt.Sprintf("Preset(%s)[%s]", preset, e.Blueprint)
	}
	return fmt.Sprintf("Environments[%d]", e.fromUser)
}

// environments returns the profile's environment list: Tooling, preset, then the user's.
func (p *ProjectProfileProps) environments(at *site) ([]envEntry, bool) {
	var out []envEntry
	if p.NoEnvironments {
		return nil, false
	}
	tooling := toolingFor(at.mode)
	home := func(b Blueprint) bool { return b.IsTooling() || slices.Contains(at.customTooling, b) }
	hasTooling := slices.ContainsFunc(p.Environments, func(e *EnvironmentConfiguration) bool { return e != nil && home(e.Blueprint) })
	if !hasTooling {
		out = append(out, envEntry{&EnvironmentConfiguration{Blueprint: tooling}, -1, true})
	}
	preset := PresetBlueprints(p.Preset)
	if p.Preset == PresetAllCapabilities {
		for _, b := range at.enabled {
			if !b.IsTooling() {
				preset = append(preset, b)
			}
		}
	}
	for _, b := range preset {
		e := &EnvironmentConfiguration{Blueprint: b, DeploymentMode: DeploymentOnDemand}
		if p.Preset == PresetSQLAnalytics && b == BlueprintDataLake {
			e.DeploymentMode, e.DeploymentOrder = DeploymentOnCreate, 1
		}
		out = append(out, envEntry{e, -1, false})
	}
	for i, e := range p.Environments {
		if e != nil {
			out = append(out, envEntry{e, i, home(e.Blueprint)})
		}
	}
	return out, !hasTooling
}

// modeOf is the deployment mode an environment gets: its own, else ON_CREATE for
// Tooling and ON_DEMAND for the rest.
func (e envEntry) modeOf() DeploymentMode {
	switch {
	case e.DeploymentMode != "":
		return e.DeploymentMode
	case e.home:
		return DeploymentOnCreate
	}
	return DeploymentOnDemand
}

// DeploysOnCreate reports whether the profile these props describe deploys an
// environment of blueprint b with every project (ON_CREATE), preset included. A Master
// Data project needs BlueprintDataLake ON_CREATE: that environment creates the
// project's Lakehouse connection.
func (p *ProjectProfileProps) DeploysOnCreate(b Blueprint) bool {
	if p == nil {
		return false
	}
	envs, _ := p.environments(siteOfDomain(p.Domain))
	return slices.ContainsFunc(envs, func(e envEntry) bool { return e.Blueprint == b && e.modeOf() == DeploymentOnCreate })
}

// NewProjectProfile creates a project profile in a root domain.
func NewProjectProfile(scope constructs.Construct, id *string, props *ProjectProfileProps) ProjectProfile {
	path := pathOf(scope, id)
	defer problem.Annotate("ProjectProfile", path)
	mustValid(props.validate(path))
	at := siteOfDomain(props.Domain)
	if at.profiles != nil {
		at.profiles[strings.ToLower(props.Name)] = path
	}
	pp := &projectProfile{name: props.Name, domain: props.Domain}
	constructs.NewConstruct_Override(pp, scope, id)
	var region, account *string
	if props.Region != "" {
		region = optional(props.Region)
	} else {
		region = props.Domain.core().regionOf()
	}
	if props.AccountID != "" {
		account = optional(props.AccountID)
	} else {
		account = props.Domain.core().accountOf()
	}
	vpcOnly := props.Domain.Network() == NetworkVPCOnly
	envs, _ := props.environments(at)
	var configs []any
	order := 1.0
	for _, e := range envs {
		mode := e.modeOf()
		if mode == DeploymentOnCreate {
			pp.onCreate = append(pp.onCreate, e.Blueprint)
		}
		if e.Blueprint == BlueprintToolingLite {
			pp.toolingLite = true
		}
		cfg := &awsdatazone.CfnProjectProfile_EnvironmentConfigurationProperty{
			Name:                   jsii.String(e.name()),
			Description:            optional(e.Description),
			EnvironmentBlueprintId: props.Domain.BlueprintID(e.Blueprint),
			DeploymentMode:         jsii.String(string(mode)),
			AwsRegion:              &awsdatazone.CfnProjectProfile_RegionProperty{RegionName: orDefault(optional(e.Region), region)},
			AwsAccount:             &awsdatazone.CfnProjectProfile_AwsAccountProperty{AwsAccountId: orDefault(optional(e.AccountID), account)},
		}
		if mode == DeploymentOnCreate {
			switch {
			case e.DeploymentOrder != 0:
				cfg.DeploymentOrder = jsii.Number(float64(e.DeploymentOrder))
				if !e.home && float64(e.DeploymentOrder) >= order {
					order = float64(e.DeploymentOrder) + 1 // later defaults come after it
				}
			case e.home:
				cfg.DeploymentOrder = jsii.Number(0)
			default:
				cfg.DeploymentOrder = jsii.Number(order)
				order++
			}
		}
		params := append(slices.Clone(e.Parameters), e.Tooling.overrides()...)
		if e.Blueprint == BlueprintTooling {
			params = presetToolingParameters(props.Preset, params)
		}
		if vpcOnly && e.Blueprint.IsTooling() {
			params = lockNetwork(params)
		}
		// An empty list and an absent one differ to the service (perpetual diffs, see
		// aws-ia/terraform-aws-sagemaker-unified-studio modules/project-profile): only emit
		// ParameterOverrides when there are some.
		if len(params) > 0 {
			var overrides []any
			for _, o := range params {
				if o == nil {
					continue
				}
				param := &awsdatazone.CfnProjectProfile_EnvironmentConfigurationParameterProperty{
					Name: jsii.String(o.Name), IsEditable: jsii.Bool(!o.Locked),
				}
				if !o.NoValue {
					param.Value = jsii.String(o.Value)
				}
				overrides = append(overrides, param)
			}
			cfg.ConfigurationParameters = &awsdatazone.CfnProjectProfile_EnvironmentConfigurationParametersDetailsProperty{ParameterOverrides: &overrides}
		}
		configs = append(configs, cfg)
		pp.envs = append(pp.envs, e.name())
	}
	status := "ENABLED"
	if props.Disabled {
		status = "DISABLED"
	}
	unitID := props.Domain.DomainUnitID()
	if props.DomainUnit != nil {
		unitID = props.DomainUnit.DomainUnitID()
	}
	cp := &awsdatazone.CfnProjectProfileProps{
		Name:                 optional(props.Name),
		Description:          optional(props.Description),
		DomainIdentifier:     props.Domain.DomainID(),
		DomainUnitIdentifier: unitID,
		Status:               jsii.String(status),
	}
	// A profile without environments has no EnvironmentConfigurations at all, as AWS's
	// model governance profile (aws-ia main.tf).
	if len(configs) > 0 {
		cp.EnvironmentConfigurations = &configs
	}
	pp.cfn = awsdatazone.NewCfnProjectProfile(pp, jsii.String("Resource"), cp)
	record(pp.cfn, meshmeta.Resource{Kind: meshmeta.KindProjectProfile, Domain: props.Domain.DomainName(), Name: pp.name, NetworkPosture: string(props.Domain.Network())})
	pp.id = pp.cfn.AttrId()
	return pp
}

// PresetToolingParameters returns the Tooling parameter overrides a preset sets, as AWS's
// own profiles of the same purpose set them (aws/Unified-Studio-for-Amazon-Sagemaker
// cloudformation/domain/create_project_profiles.yaml): the "Generative AI application
// development" and "All capabilities" profiles lock enableAmazonBedrockPermissions=true,
// without which the project role lacks the Bedrock permissions the Bedrock blueprints
// use; the GenAI profile also locks enableSpaces=false (no private compute spaces, which
// cost when used). Choices with a cost are left to the blueprint defaults.
func PresetToolingParameters(p ProfilePreset) []ParameterOverride {
	switch p {
	case PresetGenAI:
		return []ParameterOverride{
			{Name: "enableAmazonBedrockPermissions", Value: "true", Locked: true},
			{Name: "enableSpaces", Value: "false", Locked: true},
		}
	case PresetAllCapabilities:
		return []ParameterOverride{{Name: "enableAmazonBedrockPermissions", Value: "true", Locked: true}}
	}
	return nil
}

// presetToolingParameters adds the preset's Tooling parameters that params does not set
// (what the user sets wins).
func presetToolingParameters(preset ProfilePreset, params []*ParameterOverride) []*ParameterOverride {
	for _, w := range PresetToolingParameters(preset) {
		if !slices.ContainsFunc(params, func(o *ParameterOverride) bool { return o != nil && o.Name == w.Name }) {
			params = append(params, &w)
		}
	}
	return params
}

// lockNetwork adds (or locks) the parameter that keeps Tooling inside the VPC:
// sagemakerDomainNetworkType, "the network type for this project's Amazon SageMaker
// unified domain", VpcOnly and non-editable, so no project creator can switch it to
// PublicInternetOnly. The VPC and subnets come from the Tooling blueprint configuration,
// which project members cannot change. enableNetworkIsolation is not set: it cuts
// training and inference containers off every network, which is not what VPC-only means
// (SMUS admin guide, Manage Tooling blueprint parameters:
// https://docs.aws.amazon.com/sagemaker-unified-studio/latest/adminguide/manage-tooling-blueprint.html).
func lockNetwork(params []*ParameterOverride) []*ParameterOverride {
	const name, value = "sagemakerDomainNetworkType", "VpcOnly"
	lock := &ParameterOverride{Name: name, Value: value, Locked: true}
	i := slices.IndexFunc(params, func(o *ParameterOverride) bool { return o != nil && o.Name == name })
	if i >= 0 {
		params[i] = lock
		return params
	}
	return append(params, lock)
}

func orDefault(v, d *string) *string {
	if v != nil && *v != "" {
		return v
	}
	return d
}

func (p *projectProfile) ProjectProfileID() *string               { return p.id }
func (p *projectProfile) ProfileName() string                     { return p.name }
func (p *projectProfile) Domain() IBusinessDomain                 { return p.domain }
func (p *projectProfile) EnvironmentNames() []string              { return slices.Clone(p.envs) }
func (p *projectProfile) Resource() awsdatazone.CfnProjectProfile { return p.cfn }
func (p *projectProfile) deploysOnCreate(b Blueprint) bool        { return slices.Contains(p.onCreate, b) }
func (p *projectProfile) usesToolingLite() bool                   { return p.toolingLite }
