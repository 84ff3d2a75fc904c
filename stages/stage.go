package stages

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/projectstack"
	"github.com/smusmesh/smusmesh/nagpacks"
)

// AccountStrategy says where the domains of a stage live.
type AccountStrategy string

const (
	// AccountPerEnvironment puts every domain of the stage in Settings.Account. Default.
	AccountPerEnvironment AccountStrategy = "per-environment"
	// AccountPerDomain puts each domain (the governance domain included) in its own
	// account, Settings.DomainAccounts[domain name].
	AccountPerDomain AccountStrategy = "per-domain"
)

// NetworkSettings are the VPC and subnets the project environments of a domain use.
type NetworkSettings struct {
	// VPCID of the VPC.
	VPCID string `yaml:"vpcId" json:"vpcId"`
	// SubnetIDs of the subnets (two in different zones recommended).
	SubnetIDs []string `yaml:"subnetIds" json:"subnetIds"`
}

// AssociatedAccount is an account that uses a domain of another account: the domain is
// shared with it through AWS RAM and the account gets a stack of its own (roles, Tooling
// bucket, blueprint configurations and their grants). The CDK deploys the domain stack
// first (stack dependency); the associated stack accepts pending RAM invitations and waits,
// bounded, until the domain is usable from the account before it configures blueprints.
type AssociatedAccount struct {
	// Name of the association, stable across stages (profiles name it in runsIn).
	//
	// Default: none (no profile can run in the account).
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Account ID of the associated account.
	Account string `yaml:"account" json:"account"`
	// Region where the associated account's environments run (the blueprint
	// configurations' enabled region). The associated stack itself deploys in the domain's
	// region: the domain, its RAM shares and invitations and the shared parameter are
	// regional. Another region needs ToolingS3Location (a bucket in that region).
	//
	// Default: Settings.Region.
	Region string `yaml:"region,omitempty" json:"region,omitempty"`
	// DomainID is the domain's ID (dzd_...), when known.
	//
	// Default: read at deploy time from the shared parameter DomainIdParameter.
	DomainID string `yaml:"domainId,omitempty" json:"domainId,omitempty"`
	// DomainIDParameter is the full ARN of the SSM parameter that holds the domain ID,
	// shared with the account through RAM (only Advanced parameters can be shared, and
	// another account reads them by ARN).
	//
	// Default: the domain stack's parameter <Settings.ParameterPrefix>/<domain>/domain-id,
	// which it shares with the account.
	DomainIDParameter string `yaml:"domainIdParameter,omitempty" json:"domainIdParameter,omitempty"`
	// Network of the associated account's environments.
	Network *NetworkSettings `yaml:"network,omitempty" json:"network,omitempty"`
	// ToolingS3Location of the associated account's projects.
	//
	// Default: a bucket the associated stack creates,
	// amazon-sagemaker-<account>-<region>-<domain ID without dzd_>.
	ToolingS3Location string `yaml:"toolingS3Location,omitempty" json:"toolingS3Location,omitempty"`
	// External allows an account outside the AWS Organization (its RAM invitations are
	// accepted by the associated stack).
	//
	// Default: false.
	External bool `yaml:"external,omitempty" json:"external,omitempty"`
}

// Settings are what differ between environments: accounts, region, Identity Center,
// network, buckets, end dates of temporary members, the production flag and the checks.
type Settings struct {
	// Account of every domain (AccountPerEnvironment), and the stage's default account.
	Account string `yaml:"account" json:"account"`
	// Region of the stage.
	Region string `yaml:"region" json:"region"`
	// Accounts strategy.
	//
	// Default: AccountPerEnvironment.
	Accounts AccountStrategy `yaml:"accounts,omitempty" json:"accounts,omitempty"`
	// DomainAccounts maps a domain name (the governance domain's too) to its account, for
	// AccountPerDomain.
	DomainAccounts map[string]string `yaml:"domainAccounts,omitempty" json:"domainAccounts,omitempty"`
	// IdentityCenterInstanceARN of the SSO domains.
	IdentityCenterInstanceARN string `yaml:"identityCenterInstanceArn,omitempty" json:"identityCenterInstanceArn,omitempty"`
	// Network of every domain's environments, unless DomainNetworks names the domain.
	Network *NetworkSettings `yaml:"network,omitempty" json:"network,omitempty"`
	// DomainNetworks overrides Network per domain name.
	DomainNetworks map[string]*NetworkSettings `yaml:"domainNetworks,omitempty" json:"domainNetworks,omitempty"`
	// ToolingBuckets maps a domain name to its Tooling S3 location.
	//
	// Default: a bucket the domain stack creates (datamesh.NewToolingBucket).
	ToolingBuckets map[string]string `yaml:"toolingBuckets,omitempty" json:"toolingBuckets,omitempty"`
	// Associated maps a domain name to the accounts that use it (RAM share + blueprint
	// configuration stack per account).
	Associated map[string][]*AssociatedAccount `yaml:"associated,omitempty" json:"associated,omitempty"`
	// TemporaryUntil is the last day (YYYY-MM-DD) of every temporary membership that has no
	// until date of its own.
	TemporaryUntil string `yaml:"temporaryUntil,omitempty" json:"temporaryUntil,omitempty"`
	// TemporaryMembers makes these members (user, group or ARN as written in the
	// definition) temporary in this environment, in every project, until TemporaryUntil.
	TemporaryMembers []string `yaml:"temporaryMembers,omitempty" json:"temporaryMembers,omitempty"`
	// Production marks the production stage (stricter DataMesh rules).
	Production bool `yaml:"production,omitempty" json:"production,omitempty"`
	// Now is the synth date of the temporary-membership rules (tests).
	//
	// Default: time.Now().
	Now *time.Time `yaml:"-" json:"-"`
	// ParameterPrefix of the SSM parameters the domain stacks write.
	//
	// Default: /smusmesh/<stage id>.
	ParameterPrefix string `yaml:"parameterPrefix,omitempty" json:"parameterPrefix,omitempty"`
	// DisableNag turns the cdk-nag packs off for this stage.
	DisableNag bool `yaml:"disableNag,omitempty" json:"disableNag,omitempty"`
	// DisableSchemaCheck turns the registry-schema validation plugin off for this stage.
	DisableSchemaCheck bool `yaml:"disableSchemaCheck,omitempty" json:"disableSchemaCheck,omitempty"`
	// DisableChangeCheck turns the change check off for this stage: synth no longer
	// simulates deploying the new templates over the previous cloud assembly (see
	// CheckChanges; SMUSMESH_CHANGE_CHECK=off does the same for one run).
	DisableChangeCheck bool `yaml:"disableChangeCheck,omitempty" json:"disableChangeCheck,omitempty"`
	// Nag configures the packs; Production, Now and Standards are filled from the settings
	// and the definition when unset.
	//
	// Default: AwsSolutions and DataMesh packs with reports.
	Nag *nagpacks.Options `yaml:"-" json:"-"`
	// RemovalPolicy of the domains, units and projects.
	//
	// Default: awscdk.RemovalPolicy_RETAIN.
	RemovalPolicy awscdk.RemovalPolicy `yaml:"-" json:"-"`
	// LakeFormationAdmins, when set, makes the deploying role (or the roles it lists) a
	// Lake Formation data lake administrator in every domain stack's account, appended to
	// the existing admins, before the stack's Lake Formation grants (Master Data products,
	// reads). Set it when the CDK execution role is not already a data lake administrator.
	//
	// Default: none (the deploying role must already be a data lake administrator).
	LakeFormationAdmins *LakeFormationAdminSettings `yaml:"lakeFormationAdmins,omitempty" json:"lakeFormationAdmins,omitempty"`
}

// LakeFormationAdminSettings name the Lake Formation data lake administrators a domain
// stack adds (AWS::LakeFormation::DataLakeSettings with MutationType APPEND).
type LakeFormationAdminSettings struct {
	// Admins are IAM role or user ARNs.
	//
	// Default: the CDK bootstrap's CloudFormation execution role of each domain stack.
	Admins []string `yaml:"admins,omitempty" json:"admins,omitempty"`
}

// dataLakeAdmins returns the DataLakeAdmins props of the domain stacks, nil when off.
func (s *Settings) dataLakeAdmins() *datamesh.DataLakeAdminsProps {
	if s.LakeFormationAdmins == nil {
		return nil
	}
	return &datamesh.DataLakeAdminsProps{Admins: *jsii.Strings(s.LakeFormationAdmins.Admins...)}
}

var (
	accountRe = regexp.MustCompile(`^\d{12}$`)
	regionRe  = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$`)
	dateRe    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// accountOf returns the account of the domain named name.
func (s *Settings) accountOf(name string) string {
	if s.Accounts == AccountPerDomain {
		if a, ok := s.DomainAccounts[name]; ok {
			return a
		}
	}
	return s.Account
}

// Validate reports the problems of the settings for def, under the path "settings[stage]".
func (s *Settings) Validate(stage string, def *Definition) error {
	l := &plist{}
	s.validate(l, "settings["+stage+"]", def)
	return l.err()
}

func (s *Settings) validate(l *plist, path string, def *Definition) {
	if s == nil {
		l.add(datamesh.ErrMissing, path, "pass the stage's Settings")
		return
	}
	if !accountRe.MatchString(s.Account) {
		l.add(datamesh.ErrInvalidProps, path+".account", "%q: an account ID is 12 digits", s.Account)
	}
	s.validateCrossAccountReads(l, path, def)
	if !regionRe.MatchString(s.Region) {
		l.add(datamesh.ErrInvalidProps, path+".region", "%q: a region looks like eu-west-1", s.Region)
	}
	switch s.Accounts {
	case "", AccountPerEnvironment, AccountPerDomain:
	default:
		l.add(datamesh.ErrInvalidProps, path+".accounts", "%q: use %q or %q", s.Accounts, AccountPerEnvironment, AccountPerDomain)
	}
	if s.TemporaryUntil != "" {
		if _, err := time.Parse(time.DateOnly, s.TemporaryUntil); err != nil || !dateRe.MatchString(s.TemporaryUntil) {
			l.add(datamesh.ErrInvalidProps, path+".temporaryUntil", "%q: write the last day as YYYY-MM-DD", s.TemporaryUntil)
		}
	}
	if a := s.dataLakeAdmins(); a != nil {
		l.addDatamesh(path+".lakeFormationAdmins", a.Validate())
	}
	if def == nil {
		return
	}
	domains := map[string]bool{}
	var all []string
	if def.Governance != nil {
		all = append(all, def.Governance.Name)
		if strings.EqualFold(def.Governance.Identity, "") || strings.EqualFold(def.Governance.Identity, "SSO") {
			if s.IdentityCenterInstanceARN == "" {
				l.add(datamesh.ErrMissing, path+".identityCenterInstanceArn", "the governance domain is an SSO domain: set the Identity Center instance ARN")
			}
		}
	}
	for _, d := range def.Domains {
		if d == nil {
			continue
		}
		all = append(all, d.Name)
		if strings.EqualFold(d.Identity, "") || strings.EqualFold(d.Identity, "SSO") {
			if s.IdentityCenterInstanceARN == "" {
				l.add(datamesh.ErrMissing, path+".identityCenterInstanceArn", "domain %q is an SSO domain: set the Identity Center instance ARN", d.Name)
			}
		}
		if n := s.networkOf(d.Name); n == nil || n.VPCID == "" || len(n.SubnetIDs) == 0 {
			l.add(datamesh.ErrMissing, path+".network", "domain %q needs a VPC and subnets for its Tooling environments: set network or domainNetworks[%s]", d.Name, d.Name)
		} else {
			s.validateBound(l, path, d)
		}
	}
	for _, n := range all {
		domains[n] = true
		if s.Accounts == AccountPerDomain {
			if a, ok := s.DomainAccounts[n]; !ok {
				l.add(datamesh.ErrMissing, path+".domainAccounts["+n+"]", "one account per domain: set the account of domain %q", n)
			} else if !accountRe.MatchString(a) {
				l.add(datamesh.ErrInvalidProps, path+".domainAccounts["+n+"]", "%q: an account ID is 12 digits", a)
			}
		}
	}
	for _, m := range []map[string]string{s.DomainAccounts, s.ToolingBuckets} {
		for k := range m {
			if !domains[k] {
				l.add(datamesh.ErrInvalidProps, path, "names domain %q, which the definition does not have (domains: %v)", k, all)
			}
		}
	}
	for k, list := range s.Associated {
		if !domains[k] || (def.Governance != nil && k == def.Governance.Name) {
			l.add(datamesh.ErrInvalidProps, path+".associated["+k+"]", "names %q, which is not a root domain of the definition", k)
			continue
		}
		names := map[string]bool{}
		for i, a := range list {
			ap := fmt.Sprintf("%s.associated[%s][%d]", path, k, i)
			if a == nil || !accountRe.MatchString(a.Account) {
				l.add(datamesh.ErrInvalidProps, ap+".account", "an account ID is 12 digits")
				continue
			}
			if a.Name != "" {
				if names[a.Name] {
					l.add(datamesh.ErrDuplicate, ap+".name", "%q names two associated accounts of %s: names must be unique per domain", a.Name, k)
				}
				names[a.Name] = true
			}
			if a.DomainIDParameter != "" && !strings.HasPrefix(a.DomainIDParameter, "arn:") {
				l.add(datamesh.ErrInvalidProps, ap+".domainIdParameter", "%q: another account reads a shared parameter by its full ARN (arn:aws:ssm:<region>:<account>:parameter/...)", a.DomainIDParameter)
			}
			if a.Region != "" && !regionRe.MatchString(a.Region) {
				l.add(datamesh.ErrInvalidProps, ap+".region", "%q: a region looks like eu-west-1", a.Region)
			} else if a.Region != "" && a.Region != s.Region && a.ToolingS3Location == "" {
				l.add(datamesh.ErrMissing, ap+".toolingS3Location", "environments in %s need a Tooling bucket in %s; the associated stack, which creates buckets, deploys in the domain's region %s: set toolingS3Location", a.Region, a.Region, s.Region)
			}
			if a.ToolingS3Location != "" && !strings.HasPrefix(a.ToolingS3Location, "s3://amazon-sagemaker-") && !strings.HasPrefix(a.ToolingS3Location, "s3://sagemaker-") {
				l.add(datamesh.ErrInvalidProps, ap+".toolingS3Location", "%q must start with s3://amazon-sagemaker- or s3://sagemaker- (the provisioning role's policy allows only those buckets)", a.ToolingS3Location)
			}
			if a.Account == s.accountOf(k) {
				l.add(datamesh.ErrInvalidProps, ap+".account", "%s is the domain's own account: only other accounts are associated", a.Account)
			}
			if a.Network == nil || a.Network.VPCID == "" || len(a.Network.SubnetIDs) == 0 {
				l.add(datamesh.ErrMissing, ap+".network", "the associated account's Tooling needs a VPC and subnets")
			}
		}
	}
	s.validateRunsIn(l, path, def)
	// Temporary members need an end date.
	temp := map[string]bool{}
	for _, t := range s.TemporaryMembers {
		temp[t] = true
	}
	for _, d := range def.Domains {
		if d == nil {
			continue
		}
		s.validateMasterDataTemporary(l, path, d, temp)
		d.Walk(func(_ []string, pp string, p *ProjectDef) {
			if p == nil {
				return
			}
			for i, m := range p.Members {
				if m == nil || m.Until != "" {
					continue
				}
				if (m.Temporary || temp[m.Principal().Identifier]) && s.TemporaryUntil == "" {
					l.add(datamesh.ErrMissing, fmt.Sprintf("%s.members[%d]", pp, i), "temporary member without an end date: set until on the member or temporaryUntil in %s", path)
				}
			}
		})
	}
}

func (s *Settings) networkOf(domain string) *NetworkSettings {
	if n, ok := s.DomainNetworks[domain]; ok {
		return n
	}
	return s.Network
}

// bucketOf returns the Tooling S3 location the settings name for domain, or nil: the
// domain stack then creates the bucket.
func (s *Settings) bucketOf(domain string) string {
	return s.ToolingBuckets[domain]
}

// associatedNamed returns the associated account of domain named name, or nil.
func (s *Settings) associatedNamed(domain, name string) *AssociatedAccount {
	for _, a := range s.Associated[domain] {
		if a != nil && a.Name != "" && a.Name == name {
			return a
		}
	}
	return nil
}

// regionOf returns the region of an associated account's environments.
func (s *Settings) regionOf(a *AssociatedAccount) string {
	if a.Region != "" {
		return a.Region
	}
	return s.Region
}

// validateRunsIn checks the profiles that run in an associated account: the account
// exists in this stage, and the projects that use the profile have no reads and no
// producer access (their roles live in the associated account, which the domain's Lake
// Formation grants do not reach).
func (s *Settings) validateRunsIn(l *plist, path string, def *Definition) {
	for _, d := range def.Domains {
		if d == nil {
			continue
		}
		runsIn := map[string]string{}
		for i, p := range d.Profiles {
			if p == nil || p.RunsIn == "" {
				continue
			}
			runsIn[p.Name] = p.RunsIn
			if s.associatedNamed(d.Name, p.RunsIn) == nil {
				var known []string
				for _, a := range s.Associated[d.Name] {
					if a != nil && a.Name != "" {
						known = append(known, a.Name)
					}
				}
				l.add(datamesh.ErrInvalidProps, fmt.Sprintf("%s.associated[%s]", path, d.Name), "profile %s.profiles[%d] runs in %q, which is not an associated account of this stage (named: %v): add {name: %s, account: ...}",
					d.Name, i, p.RunsIn, known, p.RunsIn)
			}
		}
		if len(runsIn) == 0 {
			continue
		}
		d.Walk(func(_ []string, pp string, p *ProjectDef) {
			if p == nil {
				return
			}
			if a, ok := runsIn[p.Profile]; ok {
				if len(p.Reads) > 0 {
					l.add(datamesh.ErrInvalidProps, pp+".reads", "profile %q runs in associated account %q: the project's role lives there, out of reach of the domain account's Lake Formation grants; remove reads, or use a profile of the domain's account", p.Profile, a)
				}
				if len(p.ProducerAccess) > 0 {
					l.add(datamesh.ErrInvalidProps, pp+".producerAccess", "profile %q runs in associated account %q: the project's pipelines run there, out of reach of the domain account's Lake Formation grants; remove producerAccess, or use a profile of the domain's account", p.Profile, a)
				}
			}
		})
	}
}

// MeshStageProps configure a MeshStage.
type MeshStageProps struct {
	// Definition of the mesh, the same in every stage.
	Definition *Definition
	// Settings of this stage.
	Settings *Settings
	// PreviousAssembly is the root directory of the previous cloud assembly, whose
	// assembly-<stage> templates the definition's keys are compared with (a renamed key
	// orphans a project: see KeyChanges). Use the assembly that was last deployed, e.g.
	// the synth artifact of the last pipeline run.
	//
	// Default: the environment variable SMUSMESH_PREVIOUS_ASSEMBLY, else the app's output
	// directory (read before the new assembly overwrites it).
	PreviousAssembly string
}

// MeshStage is one environment of the mesh: an awscdk.Stage with one stack per domain
// (the governance domain and each root domain), one nested stack per project, and, per
// associated account, a blueprint configuration stack in that account.
type MeshStage struct {
	awscdk.Stage
	def        *Definition
	settings   *Settings
	governance datamesh.GovernanceDomain
	govStack   awscdk.Stack
	domains    map[string]datamesh.BusinessDomain
	// profiles are the domains' project profiles by domain|name.
	profiles   map[string]datamesh.IProjectProfile
	stacks     map[string]awscdk.Stack
	projects   map[string]awscdk.NestedStack
	products   map[string]datamesh.MasterDataProject
	associated map[string]awscdk.Stack
	previous   string
	keyChanges []KeyChange
	// keyStacks are the construct ids of the projects' nested stacks (domain stack,
	// nested stack) by domain|key.
	keyStacks map[string][2]string
	// crossReads are the reads of products of other domains, built once every domain is.
	crossReads []crossRead
	// projectStacks are the ids of keyStacks by nested stack (see nagScope).
	projectStacks map[any][2]string
	// nag applies AwsSolutions without the projects' nested stacks (nil: not scoped).
	nag *nagScope
}

// NewMeshStage builds the stage id (dev, uat, prd) of the mesh. The definition and the
// settings are validated first; every problem is reported at once as a panic with an
// error (see problem.Catch and Synth). The nag packs, the registry-schema check and the
// CloudFormation limits check are registered on the stage (opt out with
// Settings.DisableNag and DisableSchemaCheck; the limits check is always on). When the
// stage has a previous cloud assembly (see MeshStageProps.PreviousAssembly), the change
// check is registered too: synth simulates deploying the new templates over it and fails
// on what the service would refuse (see CheckChanges; opt out with
// Settings.DisableChangeCheck or SMUSMESH_CHANGE_CHECK=off).
func NewMeshStage(scope constructs.Construct, id *string, props *MeshStageProps) *MeshStage {
	stageName := *id
	l := &plist{}
	if props == nil || props.Definition == nil {
		l.add(datamesh.ErrMissing, "definition", "pass MeshStageProps.Definition")
		panic(l.err())
	}
	l.src = props.Definition.src
	props.Definition.validate(l)
	l.src = nil
	props.Settings.validate(l, "settings["+stageName+"]", props.Definition)
	if err := l.err(); err != nil {
		panic(err)
	}
	s := props.Settings
	def := props.Definition
	stage := awscdk.NewStage(scope, id, &awscdk.StageProps{
		Env: &awscdk.Environment{Account: jsii.String(s.Account), Region: jsii.String(s.Region)},
	})
	noCreationStacks(stage)
	m := &MeshStage{Stage: stage, def: def, settings: s, domains: map[string]datamesh.BusinessDomain{}, profiles: map[string]datamesh.IProjectProfile{},
		stacks: map[string]awscdk.Stack{}, projects: map[string]awscdk.NestedStack{}, products: map[string]datamesh.MasterDataProject{}, associated: map[string]awscdk.Stack{},
		keyStacks: map[string][2]string{}, projectStacks: map[any][2]string{}}
	std := def.Standards()
	awscdk.Validations_Of(stage).AddPlugins(&limitsPlugin{})
	if s.DisableNag && !s.DisableSchemaCheck {
		awscdk.Validations_Of(stage).AddPlugins(cfnschema.NewValidationsPlugin())
	}
	var nagScoped *nagScope
	if !s.DisableNag {
		opts := nagpacks.Options{}
		if s.Nag != nil {
			opts = *s.Nag
		}
		// nagpacks.Apply also registers the registry-schema plugin.
		opts.SkipRegistrySchema = opts.SkipRegistrySchema || s.DisableSchemaCheck
		opts.Production = opts.Production || s.Production
		if opts.Now == nil {
			opts.Now = s.Now
		}
		if opts.Standards == nil {
			opts.Standards = std
		}
		if !opts.AwsSolutionsInProjectStacks {
			nagScoped = m.deferAwsSolutions()
			m.nag = nagScoped
		}
		nagpacks.Apply(stage, &opts)
	}
	prefix := s.ParameterPrefix
	if prefix == "" {
		prefix = "/smusmesh/" + stageName
	}

	// Governance domain.
	g := def.Governance
	m.govStack = m.newStack(stackID(g.Name), g.Name, "SMUS governance domain "+g.Name+" ("+stageName+")")
	m.governance = datamesh.NewGovernanceDomain(m.govStack, jsii.String("Domain"), &datamesh.GovernanceDomainProps{
		DomainName: g.Name, Description: g.Description, Identity: s.identity(g.Identity, g.UserAssignment),
		Standards: std, Owners: principals(g.Owners), Users: principals(g.Users), GlossaryAuthors: principals(g.GlossaryAuthors),
		StandardsProject: g.standardsProject(), RemovalPolicy: s.RemovalPolicy, Tags: tagsOf(g.Tags),
	})
	if nagScoped != nil {
		nagScoped.register()
	}

	temp := map[string]bool{}
	for _, t := range s.TemporaryMembers {
		temp[t] = true
	}
	for _, d := range def.Domains {
		func() {
			defer def.locateBuild(d)
			m.buildDomain(d, prefix, temp)
		}()
	}
	m.buildCrossDomainReads()
	prev := props.PreviousAssembly
	if prev == "" {
		prev = os.Getenv(PreviousAssemblyEnv)
	}
	if prev != "" {
		m.checkKeys(filepath.Join(prev, "assembly-"+stageName))
	} else {
		m.checkKeys(*stage.Outdir())
	}
	if m.previous != "" && !changeCheckOff(s) {
		AddChangeCheck(m.Stage, m.previous)
	}
	nagScoped.built()
	return m
}

func (s *Settings) identity(mode, assignment string) *datamesh.Identity {
	id := identityOf(mode, assignment)
	if id.Mode == datamesh.IdentityModeSSO {
		id.IdentityCenterInstanceARN = s.IdentityCenterInstanceARN
	}
	return id
}

func (m *MeshStage) newStack(id, domain, description string) awscdk.Stack {
	st := awscdk.NewStack(m.Stage, jsii.String(id), &awscdk.StackProps{
		Env:         &awscdk.Environment{Account: jsii.String(m.settings.accountOf(domain)), Region: jsii.String(m.settings.Region)},
		Description: jsii.String(description),
	})
	m.stacks[domain] = st
	return st
}

func (m *MeshStage) buildDomain(d *DomainDef, prefix string, temp map[string]bool) {
	s := m.settings
	st := m.newStack(stackID(d.Name), d.Name, "SMUS root domain "+d.Name+" ("+*m.Stage.StageName()+")")
	// The acknowledgment for the projects' memberships is set once on the domain stack,
	// which holds their nested stacks, and the stack's construct path read once: each
	// project builds its resources as one fragment without asking jsii where it is
	// (internal/projectstack).
	projectstack.Prepare(st)
	net := s.networkOf(d.Name)
	var associated []string
	for _, a := range s.Associated[d.Name] {
		associated = append(associated, a.Account)
	}
	dom := datamesh.NewBusinessDomain(st, jsii.String("Domain"), &datamesh.BusinessDomainProps{
		DomainName: d.Name, Description: d.Description, Identity: s.identity(d.Identity, d.UserAssignment),
		Governance: m.governance, Owners: principals(d.Owners), Users: principals(d.Users), Network: datamesh.NetworkPosture(d.Network),
		Blueprints: d.blueprintOptions(st, s.accountOf(d.Name)), CustomBlueprints: d.customBlueprints(st, s.accountOf(d.Name)),
		RemovalPolicy: s.RemovalPolicy, AssociatedAccounts: associated, DataLakeAdmins: s.dataLakeAdmins(), Tags: tagsOf(d.Tags),
		Tooling: d.tooling(&datamesh.ToolingOptions{S3Location: s.bucketOf(d.Name), VPCID: net.VPCID, SubnetIDs: net.SubnetIDs}, st, s.accountOf(d.Name)),
	})
	m.domains[d.Name] = dom
	profiles := map[string]datamesh.IProjectProfile{}
	var all []datamesh.IProjectProfile
	ids := newIDs()
	b := &domainBuilder{m: m, stack: st, dom: dom, temp: temp, domainName: d.Name, defUnits: d.Units, unitsMade: map[string]datamesh.DomainUnit{},
		products: map[string]datamesh.MasterDataProject{}, productKeys: map[string]string{}, runsIn: map[string]*AssociatedAccount{}}
	for _, p := range d.Profiles {
		props := profileProps(dom, p)
		if p.Unit != "" {
			// The unit that owns the profile is made first (with its parents); the
			// walk over the units below finds it made.
			props.DomainUnit = b.unitAt(p.Unit)
		}
		if a := s.associatedNamed(d.Name, p.RunsIn); a != nil {
			props.AccountID, props.Region = a.Account, s.regionOf(a)
		}
		pp := datamesh.NewProjectProfile(dom, jsii.String(ids.of("Profile", p.Name)), props)
		profiles[p.Name] = pp
		m.profiles[d.Name+"|"+p.Name] = pp
		all = append(all, pp)
	}
	for _, c := range d.ProjectCreators {
		dom.Grants().CreateProjects(c.Grantee(), all, datamesh.ChildUnitsIncluded)
	}
	b.profiles, b.all = profiles, all
	for _, p := range d.Profiles {
		if a := s.associatedNamed(d.Name, p.RunsIn); a != nil {
			b.runsIn[p.Name] = a
		}
	}
	b.managementProject(d.ManagementProject)
	b.projects(dom, nil, d.Projects)
	b.masterData(dom, nil, d.MasterData)
	b.units(dom, dom, nil, d.Units)
	b.reads()
	domainID := m.writeParameters(st, dom, prefix, d.Name)
	m.associate(st, dom, d, prefix, domainID)
	b.associatedProjects()
}

type domainBuilder struct {
	m          *MeshStage
	stack      awscdk.Stack
	dom        datamesh.BusinessDomain
	profiles   map[string]datamesh.IProjectProfile
	all        []datamesh.IProjectProfile
	temp       map[string]bool
	domainName string
	// products are the domain's Master Data projects by name; pending the reads of its
	// consumer projects, built once every product exists.
	products map[string]datamesh.MasterDataProject
	// productKeys are the keys of the products by name.
	productKeys map[string]string
	pending     []pendingReads
	// runsIn are the associated accounts of the profiles that run in one, by profile name;
	// deferred the projects that use them, built once the accounts' stacks exist.
	runsIn   map[string]*AssociatedAccount
	deferred []deferredProject
	// defUnits are the domain's top-level units of the definition; unitsMade the units
	// made so far, by path of names ("Grid/Forecast"): those that own a profile are made
	// before the profiles, the others as the walk reaches them.
	defUnits  []*UnitDef
	unitsMade map[string]datamesh.DomainUnit
}

// unitIDs are the construct ids of a list of sibling units, in list order whatever order
// they are made in. The id derives from the key, so renaming a unit keeps its logical ID.
func unitIDs(units []*UnitDef) []string {
	ids := newIDs()
	out := make([]string, len(units))
	for i, u := range units {
		if u != nil {
			out[i] = ids.of("Unit", u.KeyOf())
		}
	}
	return out
}

// unitAt returns the unit at the path of names (the definition checked that it exists),
// made with its parents if not yet made.
func (b *domainBuilder) unitAt(path string) datamesh.DomainUnit {
	var scope constructs.Construct = b.dom
	var parent datamesh.IDomainUnitRef = b.dom
	var unit datamesh.DomainUnit
	units, at := b.defUnits, ""
	for _, name := range strings.Split(path, "/") {
		i := slices.IndexFunc(units, func(u *UnitDef) bool { return u != nil && u.Name == name })
		if i < 0 {
			panic(fmt.Sprintf("stages: no unit %q in %s (the definition was not validated)", path, b.domainName))
		}
		at = strings.TrimPrefix(at+"/"+name, "/")
		unit = b.unit(scope, parent, at, units[i], unitIDs(units)[i], false)
		scope, parent, units = unit, unit, units[i].Units
	}
	return unit
}

// unit makes the unit u at path (or returns it, made already) under parent. pool says
// whether the unit makes the member-pool grants of its projects (memberPool): not when
// it is made early, before the domain's own grants and projects, for a profile it owns.
func (b *domainBuilder) unit(scope constructs.Construct, parent datamesh.IDomainUnitRef, path string, u *UnitDef, id string, pool bool) datamesh.DomainUnit {
	if made, ok := b.unitsMade[path]; ok {
		return made
	}
	var members []datamesh.Principal
	if pool {
		members = b.memberPool(u)
	}
	props := u.props()
	props.Parent, props.MemberPool, props.RemovalPolicy = parent, members, b.m.settings.RemovalPolicy
	unit := datamesh.NewDomainUnit(scope, jsii.String(id), props)
	b.unitsMade[path] = unit
	return unit
}

// memberPool lists the members of u's projects whose member-pool grants the unit can
// make with itself (DomainUnitProps.MemberPool), in the order the projects would add them,
// so that the unit's children, hence its template, stay in the order a project-by-project
// build gives: none when the unit has project creators (their grants come first), and only
// up to the first project with a data source (its connection lookup adds a grant of its
// own after the project's members). Projects built later in an associated account's
// stack add theirs themselves.
func (b *domainBuilder) memberPool(u *UnitDef) []datamesh.Principal {
	if len(u.ProjectCreators) > 0 {
		return nil
	}
	var out []datamesh.Principal
	seen := map[datamesh.Principal]bool{}
	for _, p := range u.Projects {
		if b.runsIn[p.Profile] != nil {
			continue
		}
		for _, md := range p.Members {
			if pr := md.Principal(); !seen[pr] {
				seen[pr] = true
				out = append(out, pr)
			}
		}
		if p.DataSource != nil {
			break
		}
	}
	return out
}

func (b *domainBuilder) units(scope constructs.Construct, parent datamesh.IDomainUnitRef, path []string, units []*UnitDef) {
	ids := unitIDs(units)
	for i, u := range units {
		up := append(slices.Clone(path), u.Name)
		unit := b.unit(scope, parent, strings.Join(up, "/"), u, ids[i], true)
		for _, c := range u.ProjectCreators {
			unit.Grants().CreateProjects(c.Grantee(), b.all, datamesh.ChildUnitsIncluded)
		}
		b.projects(unit, up, u.Projects)
		b.masterData(unit, up, u.MasterData)
		b.units(unit, unit, up, u.Units)
	}
}

func (b *domainBuilder) projects(unit datamesh.IDomainUnitRef, path []string, projects []*ProjectDef) {
	for _, p := range projects {
		if a := b.runsIn[p.Profile]; a != nil {
			b.deferred = append(b.deferred, deferredProject{unit: unit, path: path, def: p, account: a})
			continue
		}
		b.project(b.stack, stackID(b.domainName), unit, path, p)
	}
}

// project builds project p of unit in a nested stack of parent, whose construct id is
// parentID.
func (b *domainBuilder) project(parent awscdk.Stack, parentID string, unit datamesh.IDomainUnitRef, path []string, p *ProjectDef) {
	s := b.m.settings
	key := b.domainName + "|" + strings.Join(path, "/") + "|" + p.Name
	nid := ProjectStackID(p.KeyOf())
	nested := awscdk.NewNestedStack(parent, jsii.String(nid), &awscdk.NestedStackProps{
		Description: jsii.String("SMUS project " + p.Name + " of " + b.domainName),
	})
	b.m.projects[key] = nested
	projectstack.Mark(nested, parent, nid)
	b.m.keyStacks[b.domainName+"|"+p.KeyOf()] = [2]string{parentID, ProjectStackID(p.KeyOf())}
	b.m.projectStacks[nested] = b.m.keyStacks[b.domainName+"|"+p.KeyOf()]
	members := make([]*datamesh.Member, 0, len(p.Members))
	for _, md := range p.Members {
		members = append(members, b.member(md))
	}
	props := p.props(members)
	props.DomainUnit, props.Key, props.Profile, props.RemovalPolicy = unit, p.KeyOf(), b.profiles[p.Profile], s.RemovalPolicy
	if p.ExecutionRole != "" {
		props.ExecutionRole = roleOf(nested, "ExecutionRole", p.ExecutionRole, s.accountOf(b.domainName))
	}
	proj := newProject(nested, jsii.String("Project"), props)
	b.extras(nested, proj, p.Connections, p.ProducerAccess)
	if len(p.Reads) > 0 {
		b.pending = append(b.pending, pendingReads{nested: nested, project: proj, key: p.KeyOf(), reads: p.Reads})
	}
}

// newProject makes the project construct of a project's nested stack. A test that pins
// the jsii calls the builder makes per project wraps it to leave the construct's own calls
// out (TestProjectCallBudget).
var newProject = datamesh.NewProject

// ProjectStackID is the construct id of the nested stack of the project (or Master Data
// project) with key: readable, unique in the domain stack (keys are unique in a domain)
// and stable: it depends on the key alone, never on the project's unit, name or order, so
// that renaming a project or moving it to another unit keeps its nested stack and every
// logical ID in it. The hash input "|"+key is the one the stack IDs of root-unit projects
// had before keys existed, so those kept their stacks.
func ProjectStackID(key string) string {
	sum := sha256.Sum256([]byte("|" + key))
	name := stackID(key)
	if len(name) > 40 {
		name = name[:40]
	}
	return "Project" + name + hex.EncodeToString(sum[:4])
}

// ids gives construct ids from names, unique among siblings.
type ids map[string]bool

func newIDs() ids { return ids{} }

func (i ids) of(prefix, name string) string {
	id := prefix + stackID(name)
	if i[id] {
		sum := sha256.Sum256([]byte(name))
		id += hex.EncodeToString(sum[:4])
	}
	i[id] = true
	return id
}

// Governance is the stage's governance domain.
func (m *MeshStage) Governance() datamesh.GovernanceDomain { return m.governance }

// Domain returns the root domain named name, or nil.
func (m *MeshStage) Domain(name string) datamesh.BusinessDomain { return m.domains[name] }

// Profile returns the project profile named name of the domain named domain, or nil: Go
// code adds projects or grants that a definition file cannot express yet to the profiles
// the definition made.
func (m *MeshStage) Profile(domain, name string) datamesh.IProjectProfile {
	return m.profiles[domain+"|"+name]
}

// DomainStack returns the stack of the domain named name (the governance domain too), or nil.
func (m *MeshStage) DomainStack(name string) awscdk.Stack { return m.stacks[name] }

// ProjectStack returns the nested stack of a project, or nil.
func (m *MeshStage) ProjectStack(domain string, unitPath []string, project string) awscdk.NestedStack {
	return m.projects[domain+"|"+strings.Join(unitPath, "/")+"|"+project]
}

// AssociatedStack returns the blueprint configuration stack of domain in account, or nil.
func (m *MeshStage) AssociatedStack(domain, account string) awscdk.Stack {
	return m.associated[domain+"|"+account]
}

// Settings of the stage.
func (m *MeshStage) Settings() *Settings { return m.settings }

// Definition of the stage.
func (m *MeshStage) Definition() *Definition { return m.def }

// creationStacksKey is aws-cdk-lib's context key DISABLE_CREATION_STACK_TRACES (cx-api).
const creationStacksKey = "aws:cdk:disable-creation-stack-traces"

// noCreationStacks turns off, for everything in stage, the creation stack trace that
// aws-cdk-lib records for each stack and resource (metadata aws:cdk:creationStack in the
// assembly's *.metadata.json; core/lib/cfn-element.js, stack.js). In a Go program it is
// the jsii kernel's frames, never the user's code ("...jsii runtime, node internals...",
// "no user code in 10 frames"), and capturing it costs the kernel CPU and memory per
// resource. A value the user set in the context wins, and CDK_DEBUG=true records them all
// the same (aws-cdk-lib's debug mode). It must be set before the stage has children.
func noCreationStacks(stage awscdk.Stage) {
	if stage.Node().TryGetContext(jsii.String(creationStacksKey)) == nil {
		stage.Node().SetContext(jsii.String(creationStacksKey), true)
	}
}
