package datamesh

import (
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// NetworkPosture is how a domain's project environments reach the network.
type NetworkPosture string

const (
	// NetworkOpen lets environments use the subnets they are given, with internet access
	// as those subnets allow. It is the default.
	NetworkOpen NetworkPosture = "OPEN"
	// NetworkVPCOnly keeps environments inside the VPC: Tooling is configured with the
	// VPC and subnets, and every profile locks sagemakerDomainNetworkType=VpcOnly as a
	// non-editable parameter (enableNetworkIsolation is left alone: it isolates training
	// and inference containers from every network). The VPC needs interface endpoints
	// (datazone, glue, athena, sts, s3 ...) with private DNS.
	NetworkVPCOnly NetworkPosture = "VPC_ONLY"
)

func (n NetworkPosture) resolved() NetworkPosture {
	if n == "" {
		return NetworkOpen
	}
	return n
}

// ToolingOptions configure the Tooling blueprint, the home of every project.
type ToolingOptions struct {
	// S3Location is where projects keep their files, s3://amazon-sagemaker-... or
	// s3://sagemaker-... (the provisioning role's policy allows only those prefixes).
	//
	// Default: a bucket the domain creates (NewToolingBucket), encrypted with BucketKey.
	S3Location string
	// BucketKey encrypts the bucket the domain creates when S3Location is unset.
	//
	// Default: the domain's EncryptionKey.
	BucketKey awskms.IKey
	// VPCID of the VPC the project environments run in.
	VPCID string
	// SubnetIDs for the project environments (at least two, in different zones, are
	// recommended).
	SubnetIDs []string
	// QueryExecutionRole is the role SMUS runs a project's queries with: the Tooling
	// configuration's global parameter sagemakerQueryExecutionRoleArn
	// (aws-ia/terraform-aws-sagemaker-unified-studio main.tf, module tooling_blueprint,
	// whose default role trusts datazone.amazonaws.com from the account and carries
	// service-role/SageMakerStudioQueryExecutionRolePolicy).
	//
	// Default: none (the parameter is not set; the service's default applies).
	QueryExecutionRole awsiam.IRole
	// ProjectRolePolicyARNs are managed policies attached to every project's role: the
	// Tooling configuration's global parameter projectRolePolicyArns, comma-joined (same
	// source as QueryExecutionRole).
	//
	// Default: none.
	ProjectRolePolicyARNs []string
	// Parameters are further regional parameters of the Tooling configuration, passed as
	// written (a parameter smusmesh has no field for is passed through, never dropped).
	// They may not repeat S3Location, VpcId or Subnets (set by S3Location, VPCID and SubnetIDs).
	//
	// Default: none.
	Parameters map[string]string
	// GlobalParameters are further global parameters of the Tooling configuration, passed
	// as written. They may not repeat sagemakerQueryExecutionRoleArn or
	// projectRolePolicyArns.
	//
	// Default: none.
	GlobalParameters map[string]string
}

// BlueprintOptions enable one managed blueprint in a root domain.
type BlueprintOptions struct {
	// Blueprint to enable.
	Blueprint Blueprint
	// Regions where the blueprint is enabled.
	//
	// Default: the domain's Regions.
	Regions []string
	// Parameters are regional parameters in every enabled region, merged over the domain
	// parameters the blueprint takes (BlueprintParameters: the Tooling S3 location, VPC and
	// subnets, or some of them, or none).
	//
	// Default: none.
	Parameters map[string]string
	// GlobalParameters are region-agnostic parameters (QuickSight needs some).
	//
	// Default: none.
	GlobalParameters map[string]string
	// RegionalParameters set parameters of one region (region name -> parameter name ->
	// value), over Parameters and the domain's.
	//
	// Default: none.
	RegionalParameters map[string]map[string]string
	// ProvisioningRole deploys this blueprint's environments instead of the domain's
	// ProvisioningRole (a blueprint's own role takes precedence over the account's: SMUS
	// admin guide, resource-blueprint-provisioning-role).
	//
	// Default: the domain's ProvisioningRole; none for S3Bucket and S3TableCatalog.
	ProvisioningRole awsiam.IRole
	// ProjectRoleProvisions configures the blueprint with no provisioning and no
	// manage-access role: each project's execution role provisions its environments, as
	// AWS configures S3Bucket and S3TableCatalog (aws-ia/terraform-aws-sagemaker-unified-studio
	// modules/default-project-profile).
	//
	// Default: false (true for S3Bucket and S3TableCatalog unless ProvisioningRole is set).
	ProjectRoleProvisions bool
}

// BusinessDomainProps configure a BusinessDomain.
type BusinessDomainProps struct {
	// DomainName of the SMUS domain.
	DomainName string
	// Description of the domain.
	//
	// Default: none.
	Description string
	// Identity model.
	//
	// Default: SSO through IAM Identity Center with manual user assignment (the instance
	// ARN is then required).
	Identity *Identity
	// Governance is the governance domain whose standards this domain follows.
	//
	// Default: DefaultStandards().
	Governance IGovernanceDomain
	// EncryptionKey for the domain's metadata. Changing it later replaces the domain.
	//
	// Default: a customer-managed KMS key with rotation, retained on delete.
	EncryptionKey awskms.IKey
	// DomainExecutionRole that DataZone assumes for users.
	//
	// Default: a role trusting datazone.amazonaws.com (sts:AssumeRole, sts:TagSession,
	// sts:SetContext) from this account, with SageMakerStudioDomainExecutionRolePolicy.
	DomainExecutionRole awsiam.IRole
	// ServiceRole of the domain.
	//
	// Default: a role with SageMakerStudioDomainServiceRolePolicy.
	ServiceRole awsiam.IRole
	// ProvisioningRole that blueprints deploy environments with.
	//
	// Default: a role with SageMakerStudioProjectProvisioningRolePolicy.
	ProvisioningRole awsiam.IRole
	// ManageAccessRole that grants access to published data (Glue, Redshift).
	//
	// Default: a role with the DataZone Glue and Redshift manage-access policies.
	ManageAccessRole awsiam.IRole
	// Owners of the root domain unit, besides the deploying role.
	//
	// Default: none.
	Owners []Principal
	// Users are people (users and groups) who may sign in to the domain without a role:
	// each gets its user or group profile, as owners and members do, so that with MANUAL
	// user assignment they can browse the catalog, subscribe, and be added to projects
	// later. A principal that is also an owner or member gets one profile.
	//
	// Default: none.
	Users []Principal
	// Tooling configuration (S3 location, VPC, subnets). Required for SSO domains.
	Tooling *ToolingOptions
	// Blueprints enabled besides Tooling (ToolingLite in IAM domains), which is always
	// enabled first. They are enabled one at a time, in this order. Any managed blueprint
	// is named by its service name; an SSO domain may also enable ToolingLite (for
	// projects that bring their own execution role, ProjectProps.ExecutionRole).
	//
	// Default: none.
	Blueprints []*BlueprintOptions
	// CustomBlueprints are blueprints made from CloudFormation templates of your own,
	// created and enabled after the managed ones (see CustomBlueprintOptions).
	//
	// Default: none.
	CustomBlueprints []*CustomBlueprintOptions
	// Network posture.
	//
	// Default: NetworkOpen.
	Network NetworkPosture
	// Regions where blueprints are enabled and environments run.
	//
	// Default: the stack's region.
	Regions []string
	// RemovalPolicy of the domain, its units and projects.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy
	// Tags on the domain.
	//
	// Default: none.
	Tags map[string]*string
	// AssociatedAccounts are the accounts the domain is shared with (AWS RAM). The key the
	// domain creates lets DataZone use it on their behalf (a key passed as EncryptionKey
	// needs the same statements in its own policy).
	//
	// Default: none.
	AssociatedAccounts []string
	// DataLakeAdmins, when set, makes the deploying role (or the roles it names) Lake
	// Formation data lake administrators of the domain's account, appended to the existing
	// admins, before any Lake Formation grant of the domain's stack and its nested stacks
	// (see NewDataLakeAdmins). Set it when the role that deploys the stack is not already a
	// data lake administrator and the stack grants Lake Formation permissions (Master Data
	// products, consumer reads).
	//
	// Default: none (the deploying role must already be a data lake administrator).
	DataLakeAdmins *DataLakeAdminsProps
}

// IBusinessDomain is a root domain: one line of business. It is also the place of its root
// domain unit, so units and projects can sit directly under it.
type IBusinessDomain interface {
	IDomain
	IDomainUnitRef
	// BlueprintID returns the ID of an enabled blueprint, or nil when it is not enabled.
	BlueprintID(b Blueprint) *string
	// Standards the domain follows.
	Standards() *Standards
	// Network posture of the domain.
	Network() NetworkPosture
}

// BusinessDomain is an SMUS (DataZone V2) domain for one line of business: identity, roles,
// encryption key, enabled blueprints, project profiles, root unit owners and policy grants.
type BusinessDomain interface {
	IBusinessDomain
	constructs.Construct
	// Resource is the underlying CfnDomain.
	Resource() awsdatazone.CfnDomain
	// EncryptionKey of the domain.
	EncryptionKey() awskms.IKey
	// DomainExecutionRole of the domain.
	DomainExecutionRole() awsiam.IRole
	// ServiceRole of the domain.
	ServiceRole() awsiam.IRole
	// ProvisioningRole of the domain's blueprints.
	ProvisioningRole() awsiam.IRole
	// ManageAccessRole of the domain's blueprints.
	ManageAccessRole() awsiam.IRole
	// AddOwner makes p an owner of the root domain unit.
	AddOwner(p Principal)
	// AddUsers registers people who may sign in without a role (see BusinessDomainProps.Users).
	AddUsers(users ...Principal)
	// Grants of the root domain unit (who may create projects, units, glossaries ...).
	Grants() *UnitGrants
	// GrantCreateEnvironmentFromBlueprint lets principal create environments from the
	// enabled blueprint b.
	GrantCreateEnvironmentFromBlueprint(b Blueprint, principal GrantPrincipal) PolicyGrant
	// ToolingBucket is the bucket the domain created for Tooling, or nil when
	// ToolingOptions.S3Location names one.
	ToolingBucket() awss3.IBucket
}

type rootDomain struct {
	constructs.Construct
	c          *domainCore
	u          *unitCore
	standards  *Standards
	posture    NetworkPosture
	blueprints map[Blueprint]awsdatazone.CfnEnvironmentBlueprintConfiguration
	bpIDs      map[Blueprint]*string
	order      []Blueprint
	provRole   awsiam.IRole
	accessRole awsiam.IRole
	regions    *[]*string
	bucket     awss3.IBucket
	// categories are the custom blueprints' categories (TOOLING: a project's home).
	categories map[Blueprint]string
}

func (p *BusinessDomainProps) common() commonDomainProps {
	return commonDomainProps{
		name: optional(p.DomainName), description: optional(p.Description), identity: p.Identity, key: p.EncryptionKey,
		execRole: p.DomainExecutionRole, svcRole: p.ServiceRole, owners: p.Owners, users: p.Users,
		removal: p.RemovalPolicy, tags: p.Tags, network: p.Network,
	}
}

// Validate reports every problem of the props at once.
func (p *BusinessDomainProps) Validate() error { return p.validate("") }

func (p *BusinessDomainProps) validate(path string) error {
	pr := newProblems("BusinessDomain", path)
	p.check(pr)
	return pr.err()
}

// check adds the problems of the props.
func (p *BusinessDomainProps) check(pr *problems) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &BusinessDomainProps{DomainName: ...}")
		return
	}
	validateCommon(pr, p.common())
	mode := p.Identity.resolved().Mode
	switch p.Network.resolved() {
	case NetworkOpen, NetworkVPCOnly:
	default:
		pr.add(ErrInvalidProps, "Network", string(p.Network), "use NetworkOpen or NetworkVPCOnly")
	}
	t := p.Tooling
	if (mode == IdentityModeSSO || p.Network.resolved() == NetworkVPCOnly) && !pr.unbound {
		if t == nil {
			t = &ToolingOptions{}
			pr.add(ErrMissing, "Tooling", "", "the Tooling blueprint needs S3Location, VPCID and SubnetIDs: set Tooling")
		}
	}
	if t != nil && p.Tooling != nil {
		loc := t.S3Location
		switch {
		case loc != "" && !isToken(loc) && !strings.HasPrefix(loc, "s3://amazon-sagemaker-") && !strings.HasPrefix(loc, "s3://sagemaker-"):
			pr.add(ErrInvalidProps, "Tooling.S3Location", loc, "must start with s3://amazon-sagemaker- or s3://sagemaker- (the provisioning role's policy allows only those buckets)")
		}
		needsNetwork := (mode == IdentityModeSSO || p.Network.resolved() == NetworkVPCOnly) && !pr.unbound
		if needsNetwork && t.VPCID == "" {
			pr.add(ErrMissing, "Tooling.VPCID", "", "set the VPC the project environments run in")
		}
		if needsNetwork && len(t.SubnetIDs) == 0 {
			pr.add(ErrMissing, "Tooling.SubnetIDs", "", "set at least one subnet (two in different zones recommended)")
		}
		for i, v := range t.SubnetIDs {
			if !isToken(v) && !strings.HasPrefix(v, "subnet-") {
				pr.add(ErrInvalidProps, fmt.Sprintf("Tooling.SubnetIDs[%d]", i), v, "a subnet ID looks like subnet-0123456789abcdef0")
			}
		}
		if v := t.VPCID; v != "" && !isToken(v) && !strings.HasPrefix(v, "vpc-") {
			pr.add(ErrInvalidProps, "Tooling.VPCID", v, "a VPC ID looks like vpc-0123456789abcdef0")
		}
	}
	for i, a := range p.AssociatedAccounts {
		if !isToken(a) && !accountID.MatchString(a) {
			pr.add(ErrInvalidProps, fmt.Sprintf("AssociatedAccounts[%d]", i), a, "an account ID is 12 digits")
		}
	}
	for i, v := range p.Regions {
		if !isToken(v) && !regionName.MatchString(v) {
			pr.add(ErrInvalidProps, fmt.Sprintf("Regions[%d]", i), v, "a region name looks like eu-west-1")
		}
	}
	seen := map[Blueprint]int{}
	for i, b := range p.Blueprints {
		f := fmt.Sprintf("Blueprints[%d]", i)
		if b == nil {
			pr.add(ErrMissing, f, "nil", "remove the nil entry")
			continue
		}
		switch {
		case !b.Blueprint.Valid():
			pr.add(ErrUnknownBlueprint, f+".Blueprint", string(b.Blueprint), blueprintFix())
		case b.Blueprint == BlueprintTooling && mode == IdentityModeIAM:
			// ToolingLite may serve SSO domains too (aws-ia's bring-your-own-role profile);
			// Tooling needs Identity Center.
			pr.add(ErrIdentityMismatch, f+".Blueprint", string(b.Blueprint),
				fmt.Sprintf("a %s domain uses %s: remove this entry (Tooling is always enabled)", mode, toolingFor(mode)))
		case b.Blueprint == BlueprintQuickSight && mode != IdentityModeSSO:
			pr.add(ErrIdentityMismatch, f+".Blueprint", string(b.Blueprint), "QuickSight needs Identity Center: use an SSO domain or remove it")
		}
		if j, ok := seen[b.Blueprint]; ok {
			pr.add(ErrDuplicate, f+".Blueprint", string(b.Blueprint), fmt.Sprintf("already enabled by Blueprints[%d]: merge the two", j))
		}
		seen[b.Blueprint] = i
		checkParametersAndRegions(pr, f, b.Parameters, b.Regions)
		validateRegionalParameters(pr, f, b, p.Regions)
	}
	validateToolingParameters(pr, p.Tooling)
	validateCustomBlueprints(pr, p.CustomBlueprints, seen)
	if g := p.Governance; g != nil {
		if err := g.Standards().Validate(); err != nil {
			pr.addErr("Governance.Standards", err)
		}
	}
	if err := p.DataLakeAdmins.validate(""); err != nil {
		pr.addErr("DataLakeAdmins", err)
	}
}

// NewBusinessDomain creates a root domain. Invalid props panic with every problem listed
// (see BusinessDomainProps.Validate).
func NewBusinessDomain(scope constructs.Construct, id *string, props *BusinessDomainProps) BusinessDomain {
	path := pathOf(scope, id)
	defer problem.Annotate("BusinessDomain", path)
	mustValid(props.validate(path))
	d := &rootDomain{blueprints: map[Blueprint]awsdatazone.CfnEnvironmentBlueprintConfiguration{}, bpIDs: map[Blueprint]*string{}}
	constructs.NewConstruct_Override(d, scope, id)
	common := props.common()
	common.iam = reserveDomainName(scope, "BusinessDomain", props.DomainName, path)
	d.c = newDomainCore(d, meshmeta.KindRootDomain, common)
	d.u = &unitCore{self: d, domain: d, unitID: d.c.rootUnitID, path: "", cpath: path}
	d.u.grants = &UnitGrants{unit: d.u}
	// The grant provider belongs to the domain, whether or not a grant uses it yet: removing
	// the last grant then removes only the grant, not the provider's role and profile.
	grantProviderOf(d.c)
	d.posture = props.Network.resolved()
	if props.Governance != nil {
		d.standards = props.Governance.Standards().WithDefaults()
	} else {
		d.standards = DefaultStandards()
	}
	d.regions = jsii.Strings(props.Regions...)
	if len(props.Regions) == 0 {
		d.regions = &[]*string{d.c.regionOf()}
	}
	d.createBlueprintRoles(props)
	d.allowAssociatedAccounts(props.AssociatedAccounts)
	d.createToolingBucket(props)
	d.enableBlueprints(props)
	if props.DataLakeAdmins != nil {
		NewDataLakeAdmins(d, jsii.String("DataLakeAdmins"), props.DataLakeAdmins)
	}
	return d
}

// allowAssociatedAccounts lets DataZone use the domain's key when it acts for an
// associated account: any principal of that account, only through DataZone in this
// region. DataZone's guide asks for it ("Provide account access to your customer-managed
// KMS key", docs.aws.amazon.com/datazone/latest/userguide/invite-account-to-associate.html);
// the statement is the one of aws/modern-data-architecture-accelerator datazone-l3-construct
// common-domain-helper.ts createDomainKmsKey. A key passed in props is not changed.
func (d *rootDomain) allowAssociatedAccounts(accounts []string) {
	for _, a := range accounts {
		d.c.key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("DataZoneForAccount" + a),
			Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
			Actions: jsii.Strings("kms:Decrypt", "kms:Encrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey",
				"kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:CreateGrant"),
			Resources: jsii.Strings("*"),
			Conditions: &map[string]any{"StringEquals": map[string]any{
				"kms:CallerAccount": a,
				"kms:ViaService":    awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("datazone."), d.c.regionOf(), jsii.String(".amazonaws.com")}),
			}},
		}), jsii.Bool(true))
	}
}

// createToolingBucket creates the Tooling bucket unless the props name one.
func (d *rootDomain) createToolingBucket(props *BusinessDomainProps) {
	if t := props.Tooling; t == nil || t.S3Location != "" {
		return
	}
	key := props.Tooling.BucketKey
	if key == nil {
		key = d.c.key
	}
	d.bucket = NewToolingBucket(d, jsii.String("ToolingBucket"), &ToolingBucketProps{DomainID: *d.c.domainID, EncryptionKey: key})
}

func (d *rootDomain) createBlueprintRoles(props *BusinessDomainProps) {
	d.provRole = props.ProvisioningRole
	if d.provRole == nil {
		d.provRole = newProvisioningRole(d, d.c.iam, d.c.name, d.c.accountOf())
	}
	d.accessRole = props.ManageAccessRole
	if d.accessRole == nil {
		d.accessRole = newManageAccessRole(d, d.c.iam, d.c.name, d.c.accountOf(), d.c.domainID, d.c.domainArn())
	}
}

// enableBlueprints creates one EnvironmentBlueprintConfiguration per enabled blueprint,
// each depending on the previous (the service throttles parallel enables), and
// lets the projects of every unit create environments from them. Custom blueprints
// follow, in the same chain.
//
// The managed blueprints' configurations are one fragment: the construct "Blueprints" is
// a CfnInclude that holds them under their blueprint names, as NewCfnEnvironmentBlueprintConfiguration
// would (internal/cfnfrag IncludeChildren), with the chain as DependsOn.
func (d *rootDomain) enableBlueprints(props *BusinessDomainProps) {
	tooling := toolingFor(d.c.identity.Mode)
	list := []*BlueprintOptions{{Blueprint: tooling}}
	for _, b := range props.Blueprints {
		if b.Blueprint != tooling {
			list = append(list, b)
		}
	}
	base := map[string]*string{}
	if t := props.Tooling; t != nil {
		if t.S3Location != "" {
			base[paramS3Location] = optional(t.S3Location)
		} else if d.bucket != nil {
			base[paramS3Location] = jsii.String("s3://" + *d.bucket.BucketName())
		}
		if t.VPCID != "" {
			base[paramVPCID] = optional(t.VPCID)
		}
		if len(t.SubnetIDs) > 0 {
			base[paramSubnets] = jsii.String(strings.Join(t.SubnetIDs, ","))
		}
	}
	var provArn, accessArn *string // read once: each read is a jsii call
	roleArns := func(prov awsiam.IRole) (*string, *string) {
		if accessArn == nil {
			accessArn = d.accessRole.RoleArn()
		}
		if prov != nil {
			return prov.RoleArn(), accessArn
		}
		if provArn == nil {
			provArn = d.provRole.RoleArn()
		}
		return provArn, accessArn
	}
	frag := make(cfnfrag.Fragment, 0, len(list))
	for i, b := range list {
		regions := d.regions
		if len(b.Regions) > 0 {
			regions = jsii.Strings(b.Regions...)
		}
		params := map[string]*string{}
		for _, k := range BlueprintParameters(b.Blueprint) {
			if v, ok := base[k]; ok {
				params[k] = v
			}
		}
		for k, v := range b.Parameters {
			params[k] = jsii.String(v)
		}
		global := map[string]*string{}
		for k, v := range b.GlobalParameters {
			global[k] = jsii.String(v)
		}
		if b.Blueprint.IsTooling() {
			toolingParameters(props.Tooling, params, global)
		}
		regional := []any{}
		for _, r := range *regions {
			rp := params
			if extra, ok := b.RegionalParameters[*r]; ok {
				rp = map[string]*string{}
				for k, v := range params {
					rp[k] = v
				}
				for k, v := range extra {
					rp[k] = jsii.String(v)
				}
			}
			regional = append(regional, map[string]any{"Region": r, "Parameters": rp})
		}
		cfg := map[string]any{
			"DomainIdentifier":               d.c.domainID,
			"EnvironmentBlueprintIdentifier": string(b.Blueprint),
			"EnabledRegions":                 *regions,
			"RegionalParameters":             regional,
		}
		switch {
		case b.ProvisioningRole != nil:
			cfg["ProvisioningRoleArn"], cfg["ManageAccessRoleArn"] = roleArns(b.ProvisioningRole)
		case b.ProjectRoleProvisions || projectRoleProvisions(b.Blueprint):
			// No role: the project execution role provisions.
		default:
			cfg["ProvisioningRoleArn"], cfg["ManageAccessRoleArn"] = roleArns(nil)
		}
		if len(global) > 0 {
			cfg["GlobalParameters"] = global
		}
		r := cfnfrag.Resource{LogicalID: string(b.Blueprint), Type: "AWS::DataZone::EnvironmentBlueprintConfiguration", Properties: cfg,
			Metadata: metadata(meshmeta.Resource{Kind: meshmeta.KindBlueprintConfiguration, Domain: d.c.name, Name: string(b.Blueprint), NetworkPosture: string(d.posture)})}
		if i > 0 {
			r.DependsOn = []string{string(list[i-1].Blueprint)}
		}
		frag = append(frag, r)
	}
	bpScope := cfnfrag.IncludeChildren(d, "Blueprints", nil, frag, d.c.site(d.u.cpath))
	var prev constructs.IDependable
	for i, res := range cfnfrag.Resources(bpScope) {
		b := list[i].Blueprint
		c := res.(awsdatazone.CfnEnvironmentBlueprintConfiguration)
		prev = c
		d.blueprints[b] = c
		d.bpIDs[b] = c.AttrEnvironmentBlueprintId()
		d.order = append(d.order, b)
		d.grantBlueprint(c, string(b), d.bpIDs[b])
	}
	for _, cb := range props.CustomBlueprints {
		prev = d.enableCustomBlueprint(bpScope, cb, prev)
	}
}

// checkParametersAndRegions adds the problems of a blueprint's parameter names and regions
// (a managed blueprint's settings or a custom blueprint) at field f.
func checkParametersAndRegions(pr *problems, f string, params map[string]string, regions []string) {
	for _, k := range sortedKeys(params) {
		if !parameterName.MatchString(k) {
			pr.add(ErrInvalidProps, f+".Parameters", k, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
		}
	}
	for j, v := range regions {
		if !isToken(v) && !regionName.MatchString(v) {
			pr.add(ErrInvalidProps, fmt.Sprintf("%s.Regions[%d]", f, j), v, "a region name looks like eu-west-1")
		}
	}
}

// grantBlueprint lets projects anywhere in the domain create environments from the
// blueprint configuration c of blueprint ID id (without this grant project creation
// fails). The grant is c's child "ProjectsMayUse".
func (d *rootDomain) grantBlueprint(c constructs.Construct, name string, id *string) {
	g := NewBlueprintUseGrant(c, d.c.domainID, d.c.rootUnitID, d.c.accountOf(), id)
	record(g, meshmeta.Resource{Kind: meshmeta.KindPolicyGrant, Domain: d.c.name, Name: name})
}

// NewBlueprintUseGrant lets the projects of a domain (every unit under its root unit
// rootUnitID) create environments from the blueprint configuration of blueprint ID
// blueprintID in account: the policy grant CreateEnvironmentFromBlueprint on the entity
// "<account>:<blueprintID>", as AWS's multi-account Terraform example makes it
// (terraform/constructs/create-blueprint-policy-grant/main.tf). It is scope's child
// "ProjectsMayUse"; scope is the blueprint configuration, in the account that enables it
// (the domain's, or an associated account's). Without it project creation fails.
func NewBlueprintUseGrant(scope constructs.Construct, domainID, rootUnitID, account, blueprintID *string) awsdatazone.CfnPolicyGrant {
	return awsdatazone.NewCfnPolicyGrant(scope, jsii.String("ProjectsMayUse"), &awsdatazone.CfnPolicyGrantProps{
		DomainIdentifier: domainID,
		EntityType:       jsii.String("ENVIRONMENT_BLUEPRINT_CONFIGURATION"),
		EntityIdentifier: awscdk.Fn_Join(jsii.String(":"), &[]*string{account, blueprintID}),
		PolicyType:       jsii.String(string(PolicyCreateEnvironmentFromBlueprint)),
		Detail:           &awsdatazone.CfnPolicyGrant_PolicyGrantDetailProperty{CreateEnvironmentFromBlueprint: map[string]any{}},
		Principal: &awsdatazone.CfnPolicyGrant_PolicyGrantPrincipalProperty{
			Project: &awsdatazone.CfnPolicyGrant_ProjectPolicyGrantPrincipalProperty{
				ProjectDesignation: jsii.String("CONTRIBUTOR"),
				ProjectGrantFilter: &awsdatazone.CfnPolicyGrant_ProjectGrantFilterProperty{
					DomainUnitFilter: &awsdatazone.CfnPolicyGrant_DomainUnitFilterForProjectProperty{
						DomainUnit:              rootUnitID,
						IncludeChildDomainUnits: jsii.Bool(true),
					},
				},
			},
		},
	})
}

func (d *rootDomain) BlueprintID(b Blueprint) *string   { return d.bpIDs[b] }
func (d *rootDomain) ToolingBucket() awss3.IBucket      { return d.bucket }
func (d *rootDomain) Standards() *Standards             { return d.standards }
func (d *rootDomain) Network() NetworkPosture           { return d.posture }
func (d *rootDomain) Resource() awsdatazone.CfnDomain   { return d.c.cfn }
func (d *rootDomain) EncryptionKey() awskms.IKey        { return d.c.key }
func (d *rootDomain) DomainExecutionRole() awsiam.IRole { return d.c.execRole }
func (d *rootDomain) ServiceRole() awsiam.IRole         { return d.c.svcRole }
func (d *rootDomain) ProvisioningRole() awsiam.IRole    { return d.provRole }
func (d *rootDomain) ManageAccessRole() awsiam.IRole    { return d.accessRole }
func (d *rootDomain) AddOwner(p Principal)              { d.u.AddOwner(p) }
func (d *rootDomain) Grants() *UnitGrants               { return d.u.grants }
func (d *rootDomain) DomainID() *string                 { return d.c.domainID }
func (d *rootDomain) RootDomainUnitID() *string         { return d.c.rootUnitID }
func (d *rootDomain) DomainName() string                { return d.c.name }
func (d *rootDomain) IdentityMode() IdentityMode        { return d.c.identity.Mode }
func (d *rootDomain) core() *domainCore                 { return d.c }
func (d *rootDomain) enabled(b Blueprint) bool          { return slices.Contains(d.order, b) }
func (d *rootDomain) enabledBlueprints() []Blueprint    { return slices.Clone(d.order) }
func (d *rootDomain) DomainUnitID() *string             { return d.c.rootUnitID }
func (d *rootDomain) Domain() IBusinessDomain           { return d }
func (d *rootDomain) UnitPath() string                  { return "" }
func (d *rootDomain) unit() *unitCore                   { return d.u }
func (d *rootDomain) blueprintConfig(b Blueprint) awscdk.CfnResource {
	if c, ok := d.blueprints[b]; ok {
		return c
	}
	return nil
}

// BlueprintRoles are the two roles that blueprint configurations name.
type BlueprintRoles struct {
	// Provisioning deploys project environments (SageMakerStudioProjectProvisioningRolePolicy).
	Provisioning awsiam.Role
	// ManageAccess grants access to published data: the DataZone Glue, Redshift and
	// SageMaker manage-access policies and the Redshift secret statement.
	ManageAccess awsiam.Role
}

// BlueprintRolesProps name the domain whose blueprint configurations use the roles.
type BlueprintRolesProps struct {
	// DomainName of the domain (used in the roles' descriptions). Required.
	DomainName string
	// DomainID of the domain (dzd-...): the manage-access role trusts DataZone only when
	// it acts for this domain, and reads only Redshift secrets tagged with it. Required.
	DomainID string
	// DomainAccount is the account of the domain: DataZone assumes the roles from there.
	//
	// Default: the scope's account.
	DomainAccount string
	// DomainRegion is the region of the domain, for its ARN.
	//
	// Default: the scope's region.
	DomainRegion string
}

// Validate reports every problem of the props at once.
func (p *BlueprintRolesProps) Validate() error { return p.validate("") }

func (p *BlueprintRolesProps) validate(path string) error {
	pr := newProblems("BlueprintRoles", path)
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &BlueprintRolesProps{DomainName: ..., DomainID: ...}")
		return pr.err()
	}
	if p.DomainName == "" {
		pr.add(ErrMissing, "DomainName", "", "name the domain whose blueprints use the roles")
	}
	if p.DomainID == "" {
		pr.add(ErrMissing, "DomainID", "", "pass the domain's ID (dzd_...): the manage-access role trusts DataZone only for it")
	}
	return pr.err()
}

// NewBlueprintRoles creates the provisioning and manage-access roles of a domain in scope
// (ids "ProvisioningRole" and "ManageAccessRole"), the same ones a BusinessDomain creates.
// DataZone may assume them only when it acts from the domain's account, and the
// manage-access role only when it acts for the domain itself: for blueprint
// configurations in an associated account, the domain's account and ID are another
// account's.
func NewBlueprintRoles(scope constructs.Construct, props *BlueprintRolesProps) *BlueprintRoles {
	mustValid(props.validate(*scope.Node().Path()))
	stack := awscdk.Stack_Of(scope)
	account, region := optional(props.DomainAccount), optional(props.DomainRegion)
	if account == nil {
		account = stack.Account()
	}
	if region == nil {
		region = stack.Region()
	}
	arn := awscdk.Fn_Join(jsii.String(""), &[]*string{
		jsii.String("arn:"), stack.Partition(), jsii.String(":datazone:"), region, jsii.String(":"), account, jsii.String(":domain/"), jsii.String(props.DomainID),
	})
	return &BlueprintRoles{
		Provisioning: newProvisioningRole(scope, nil, props.DomainName, account),
		ManageAccess: newManageAccessRole(scope, nil, props.DomainName, account, jsii.String(props.DomainID), arn),
	}
}

// newProvisioningRole creates the provisioning role as the SMUS admin guide documents the
// default AmazonSageMakerProvisioning-<domainAccountId> role: trust datazone from the
// domain account, SageMakerStudioProjectProvisioningRolePolicy
// (https://docs.aws.amazon.com/sagemaker-unified-studio/latest/adminguide/AmazonSageMakerProvisioning.html).
func newProvisioningRole(scope constructs.Construct, iam *iamCache, domainName string, domainAccount *string) awsiam.Role {
	return newDataZoneRole(scope, iam, "ProvisioningRole", "Deploys the project environments of SMUS domain "+domainName, sourceAccount(domainAccount), nil,
		managedPolicy{"service-role/SageMakerStudioProjectProvisioningRolePolicy",
			"AWS maintains this policy as the least privilege that SMUS blueprints need to provision project environments; it is scoped by resource tags to SMUS projects."})
}

// newManageAccessRole creates the manage-access role as the SMUS admin guide documents the
// default AmazonSageMakerManageAccess-<region>-<domainId> role
// (https://docs.aws.amazon.com/sagemaker-unified-studio/latest/adminguide/AmazonSageMakerManageAccess.html),
// with the policy ARNs of aws/Unified-Studio-for-Amazon-Sagemaker
// terraform/constructs/create-blueprint-roles/main.tf: the Glue and Redshift
// manage-access policies (service-role/ path), AmazonDataZoneSageMakerManageAccessRolePolicy
// (no path), the RedshiftSecretStatement, and a trust limited to the domain's account and
// ARN.
func newManageAccessRole(scope constructs.Construct, iam *iamCache, domainName string, domainAccount, domainID, domainArn *string) awsiam.Role {
	cond := sourceAccount(domainAccount)
	cond["ArnEquals"] = map[string]any{"aws:SourceArn": domainArn}
	secrets := awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("RedshiftSecretStatement"),
		Actions:    jsii.Strings("secretsmanager:GetSecretValue"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{"StringEquals": map[string]any{"secretsmanager:ResourceTag/AmazonDataZoneDomain": domainID}},
	})}})
	r := newDataZoneRole(scope, iam, "ManageAccessRole", "Grants access to data published in SMUS domain "+domainName, cond,
		&map[string]awsiam.PolicyDocument{"RedshiftSecrets": secrets},
		managedPolicy{"service-role/AmazonDataZoneGlueManageAccessRolePolicy",
			"AWS maintains this policy as the least privilege DataZone needs to grant Lake Formation access to published Glue data."},
		managedPolicy{"service-role/AmazonDataZoneRedshiftManageAccessRolePolicy",
			"AWS maintains this policy as the least privilege DataZone needs to share published Redshift data."},
		managedPolicy{"AmazonDataZoneSageMakerManageAccessRolePolicy",
			"AWS maintains this policy as the least privilege DataZone needs to publish and share SageMaker assets (models, feature groups)."})
	// A secret has no ARN to scope by before DataZone creates it: the documented statement
	// scopes by the domain tag that DataZone puts on the Redshift secrets it uses.
	cdknag.NagSuppressions_AddResourceSuppressions(r, &[]*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM5"),
		Reason:    jsii.String("secretsmanager:GetSecretValue on * is limited by the condition secretsmanager:ResourceTag/AmazonDataZoneDomain = this domain's ID, the RedshiftSecretStatement of the documented AmazonSageMakerManageAccess role."),
		AppliesTo: &[]any{jsii.String("Resource::*")},
	}}, jsii.Bool(false))
	return r
}
