package datamesh

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// IDomain is an SMUS (DataZone V2) domain: the governance domain or a root domain.
type IDomain interface {
	constructs.IConstruct
	// DomainID is the domain's ID (dzd_...), a token until deploy.
	DomainID() *string
	// RootDomainUnitID is the ID of the domain's root domain unit.
	RootDomainUnitID() *string
	// DomainName is the name the mesh gives the domain.
	DomainName() string
	// IdentityMode of the domain.
	IdentityMode() IdentityMode

	core() *domainCore
}

// domainCore is what BusinessDomain and GovernanceDomain share, and what an imported domain
// can offer (no CfnDomain, no profiles to create).
type domainCore struct {
	self constructs.Construct
	// pathMetadata: the app writes path metadata under the domain (read once, see site).
	pathMetadata, pathMetadataRead bool
	kind                           meshmeta.Kind
	name                           string
	identity                       Identity
	network                        string
	domainID                       *string // token, read once from jsii
	rootUnitID                     *string // token, read once from jsii
	cfn                            awsdatazone.CfnDomain
	key                            awskms.IKey
	execRole                       awsiam.IRole
	svcRole                        awsiam.IRole
	profiles                       map[string]awscdk.CfnResource
	profileDir                     constructs.Construct
	ownerIDs                       map[ownerKey]bool // owners already added
	// profileNames are the project profiles' names (lower case) with their construct path.
	profileNames map[string]string
	groups       *groupResolver                  // group name lookups, created on the first group name
	grants       map[string]string               // entity|policy|principal -> construct path of the grant
	pool         map[string]awscdk.CfnResource   // unit path|principal of member-pool grants
	poolPaths    map[constructs.Construct]string // construct path of each unit with member-pool grants
	// stack is the domain's stack and its account, read once (Stack.of and account are
	// two jsii calls each time).
	stack           awscdk.Stack
	account, region *string
	arn             *string // the CfnDomain's ARN, read once
	// iam are the IAM objects the roles of the domain's stage share (nil: none shared).
	iam *iamCache
	// grantProvider and lakehouse are the domain's providers, once created.
	grantProvider *grantProvider
	lakehouse     *lakehouseLookup
	usage         quotaUsage // what the domain's quotas count (quotas.go)
}

// commonDomainProps are the props that BusinessDomainProps and GovernanceDomainProps share.
type commonDomainProps struct {
	name, description   *string
	identity            *Identity
	key                 awskms.IKey
	execRole, svcRole   awsiam.IRole
	owners              []Principal
	users               []Principal
	removal             awscdk.RemovalPolicy
	tags                map[string]*string
	network             NetworkPosture
	governance          bool
	principalsForLookup []Principal
	iam                 *iamCache // the stage's shared IAM objects, or nil
}

// validateCommon reports problems of the props both domain kinds share.
func validateCommon(p *problems, c commonDomainProps) {
	name := str(c.name)
	checkName(p, "DomainName", name, domainNameMaxLen, false)
	if c.description != nil && len(*c.description) > 2048 {
		p.add(ErrInvalidProps, "Description", (*c.description)[:32]+"...", "must be at most 2048 characters")
	}
	c.identity.validate(p, "Identity")
	mode := c.identity.resolved().Mode
	seen := map[string]int{}
	for i, o := range c.owners {
		f := fmt.Sprintf("Owners[%d]", i)
		o.validate(p, f, mode)
		if j, ok := seen[o.key()]; ok {
			p.add(ErrDuplicate, f, o.String(), fmt.Sprintf("already listed as Owners[%d]: remove one", j))
		}
		seen[o.key()] = i
	}
	validateUsers(p, "Users", c.users, mode)
	validateTags(p, c.tags)
}

// validateTags checks the domain's tags as the registry schema of AWS::DataZone::Domain
// (Tag: Key 1-128, Value 0-256 characters) and the tagging rules refuse them: keys
// starting with "aws:" are reserved for AWS
// (https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-plan-tags-restrictions.html).
func validateTags(p *problems, tags map[string]*string) {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f := "Tags[" + k + "]"
		switch {
		case len(k) < 1 || len(k) > 128:
			p.add(ErrInvalidProps, f, k, "a tag key is 1-128 characters")
		case strings.HasPrefix(strings.ToLower(k), "aws:"):
			p.add(ErrInvalidProps, f, k, `the prefix "aws:" is reserved for AWS: use another key`)
		}
		switch v := tags[k]; {
		case v == nil:
			p.add(ErrMissing, f, "", `give the tag a value ("" for none)`)
		case !isToken(*v) && len(*v) > 256:
			p.add(ErrInvalidProps, f, (*v)[:32]+"...", "a tag value is at most 256 characters")
		}
	}
}

func newDomainCore(self constructs.Construct, kind meshmeta.Kind, c commonDomainProps) *domainCore {
	d := &domainCore{
		self: self, kind: kind, name: str(c.name), identity: c.identity.resolved(),
		network: string(c.network.resolved()), profiles: map[string]awscdk.CfnResource{},
		ownerIDs: map[ownerKey]bool{}, profileNames: map[string]string{}, iam: c.iam,
	}
	account := d.accountOf()
	self.Node().AddValidation(&quotaCheck{d})

	d.execRole = c.execRole
	if d.execRole == nil {
		d.execRole = newDomainExecutionRole(self, d.iam, d.name, account)
	}
	d.svcRole = c.svcRole
	if d.svcRole == nil {
		d.svcRole = newDataZoneRole(self, d.iam, "ServiceRole", "SMUS domain service role of "+d.name, sourceAccount(account), nil,
			managedPolicy{"service-role/SageMakerStudioDomainServiceRolePolicy",
				"The AWS managed policy grants only kms:Decrypt and ssm:GetParameter, the documented needs of the SMUS domain service role."})
	}
	d.key = c.key
	if d.key == nil {
		d.key = awskms.NewKey(self, jsii.String("Key"), &awskms.KeyProps{
			Description:       jsii.String("Encrypts the metadata of SMUS domain " + d.name),
			EnableKeyRotation: jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		})
	}
	d.key.GrantEncryptDecrypt(d.execRole)
	d.key.GrantDecrypt(d.svcRole)
	if r, ok := d.execRole.(awsiam.Role); ok && c.execRole == nil {
		// The grant names this one key as its resource; only the action names end in *.
		cdknag.NagSuppressions_AddResourceSuppressions(r, &[]*cdknag.NagPackSuppression{{
			Id:        jsii.String("AwsSolutions-IAM5"),
			Reason:    jsii.String("KMS grant on the domain's own key only: kms:GenerateDataKey* and kms:ReEncrypt* are the action families DataZone needs to encrypt domain metadata with that key."),
			AppliesTo: &[]any{jsii.String("Action::kms:GenerateDataKey*"), jsii.String("Action::kms:ReEncrypt*")},
		}}, jsii.Bool(true))
	} else if p := d.execRole.Node().TryFindChild(jsii.String("Policy")); p != nil && c.execRole != nil {
		// An imported role (Role.fromRoleArn) gets the grant as a policy of its own, which
		// holds only this grant: the same narrow suppression, on that policy.
		cdknag.NagSuppressions_AddResourceSuppressions(p, &[]*cdknag.NagPackSuppression{{
			Id:        jsii.String("AwsSolutions-IAM5"),
			Reason:    jsii.String("KMS grant on the domain's own key only, to the domain execution role the mesh was given: kms:GenerateDataKey* and kms:ReEncrypt* are the action families DataZone needs to encrypt domain metadata with that key."),
			AppliesTo: &[]any{jsii.String("Action::kms:GenerateDataKey*"), jsii.String("Action::kms:ReEncrypt*")},
		}}, jsii.Bool(true))
	}

	props := &awsdatazone.CfnDomainProps{
		Name:                c.name,
		Description:         c.description,
		DomainVersion:       jsii.String("V2"),
		DomainExecutionRole: d.execRole.RoleArn(),
		ServiceRole:         d.svcRole.RoleArn(),
		KmsKeyIdentifier:    d.key.KeyArn(),
	}
	if d.identity.Mode == IdentityModeSSO {
		props.SingleSignOn = &awsdatazone.CfnDomain_SingleSignOnProperty{
			Type:           jsii.String("IAM_IDC"),
			UserAssignment: jsii.String(string(d.identity.UserAssignment)),
			IdcInstanceArn: optional(d.identity.IdentityCenterInstanceARN),
		}
	}
	if len(c.tags) > 0 {
		keys := make([]string, 0, len(c.tags))
		for k := range c.tags {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		tags := make([]*awscdk.CfnTag, 0, len(keys))
		for _, k := range keys {
			tags = append(tags, &awscdk.CfnTag{Key: jsii.String(k), Value: c.tags[k]})
		}
		props.Tags = &tags
	}
	d.cfn = awsdatazone.NewCfnDomain(self, jsii.String("Resource"), props)
	applyRemoval(d.cfn, c.removal)
	// The domain deletes asynchronously and needs its roles until it is gone (hashicorp/terraform-provider-aws issue 48953).
	d.cfn.Node().AddDependency(d.execRole, d.svcRole, d.key)
	record(d.cfn, meshmeta.Resource{Kind: kind, Domain: d.name, Name: d.name, Governance: c.governance, NetworkPosture: d.network})
	d.domainID = d.cfn.AttrId()
	d.rootUnitID = d.cfn.AttrRootDomainUnitId()
	d.profileDir = constructs.NewConstruct(self, jsii.String("Profiles"))

	for _, o := range c.owners {
		d.addOwner(self, d.rootUnitID, o)
	}
	d.registerUsers(c.users)
	return d
}

// stackOf is the domain's stack, read once.
func (d *domainCore) stackOf() awscdk.Stack {
	if d.stack == nil {
		d.stack = awscdk.Stack_Of(d.self)
	}
	return d.stack
}

// accountOf is the account of the domain's stack, read once.
func (d *domainCore) accountOf() *string {
	if d.account == nil {
		d.account = d.stackOf().Account()
	}
	return d.account
}

// regionOf is the region of the domain's stack, read once.
func (d *domainCore) regionOf() *string {
	if d.region == nil {
		d.region = d.stackOf().Region()
	}
	return d.region
}

// domainArn is the domain's ARN (its CfnDomain's), read once.
func (d *domainCore) domainArn() *string {
	if d.arn == nil {
		d.arn = d.cfn.AttrArn()
	}
	return d.arn
}

// profile returns the user or group profile of p, creating it on first use, or nil for
// imported domains (their profiles are managed elsewhere).
func (d *domainCore) profile(p Principal) awscdk.CfnResource {
	if d.cfn == nil {
		return nil
	}
	if r, ok := d.profiles[p.key()]; ok {
		return r
	}
	var r awscdk.CfnResource
	switch p.Type {
	case PrincipalSSOGroup:
		g := awsdatazone.NewCfnGroupProfile(d.profileDir, jsii.String(idFor("Group", p.key(), p.Identifier)), &awsdatazone.CfnGroupProfileProps{
			DomainIdentifier: d.domainID,
			GroupIdentifier:  d.groupID(p),
			Status:           jsii.String("ASSIGNED"),
		})
		record(g, meshmeta.Resource{Kind: meshmeta.KindGroupProfile, Domain: d.name, Member: p.String()})
		r = g
	default:
		u := awsdatazone.NewCfnUserProfile(d.profileDir, jsii.String(idFor("User", p.key(), p.Identifier)), &awsdatazone.CfnUserProfileProps{
			DomainIdentifier: d.domainID,
			UserIdentifier:   jsii.String(p.Identifier),
			UserType:         jsii.String(string(p.Type)),
			Status:           jsii.String(userProfileStatus(p.Type)),
		})
		record(u, meshmeta.Resource{Kind: meshmeta.KindUserProfile, Domain: d.name, Member: p.String()})
		r = u
	}
	// User profiles have no delete API (aws/modern-data-architecture-accelerator issue 74):
	// keep them when the stack goes.
	r.ApplyRemovalPolicy(awscdk.RemovalPolicy_RETAIN, nil)
	d.profiles[p.key()] = r
	return r
}

// userProfileStatus is the status a user profile is created with. SSO users are ASSIGNED
// to the domain; IAM roles and users are ACTIVATED, as AWS's own code makes them
// (aws/modern-data-architecture-accelerator, packages/constructs/L2/datazone-constructs/lib
// profile-management.ts and domain.ts; aws/Unified-Studio-for-Amazon-Sagemaker,
// migration/bring-your-own-role/byor.py): an IAM profile left ASSIGNED may not act in
// the domain (MDAA issue 60).
func userProfileStatus(t PrincipalType) string {
	if t == PrincipalIAMRole || t == PrincipalIAMUser {
		return "ACTIVATED"
	}
	return "ASSIGNED"
}

// ownerOf renders p for the Owner resource: a group by its group ID, anyone else by
// the identifier as written (Identity Center user name or ID, IAM ARN).
func (d *domainCore) ownerOf(p Principal) *awsdatazone.CfnOwner_OwnerPropertiesProperty {
	if p.IsGroup() {
		return &awsdatazone.CfnOwner_OwnerPropertiesProperty{Group: &awsdatazone.CfnOwner_OwnerGroupPropertiesProperty{GroupIdentifier: d.groupID(p)}}
	}
	return &awsdatazone.CfnOwner_OwnerPropertiesProperty{User: &awsdatazone.CfnOwner_OwnerUserPropertiesProperty{UserIdentifier: jsii.String(p.Identifier)}}
}

// ownerKey identifies an owner: the construct that holds it (the unit, or the domain for
// its root unit) and the principal.
type ownerKey struct {
	scope constructs.Construct
	who   string
}

// takeOwner records p as an owner of the unit held by scope; false when it already is.
func (d *domainCore) takeOwner(scope constructs.Construct, p Principal) bool {
	k := ownerKey{scope, p.key()}
	if d.ownerIDs[k] {
		return false
	}
	d.ownerIDs[k] = true
	return true
}

// ownerResource is the Owner resource that makes p an owner of the unit entity (its ID,
// as a token or an intrinsic of the fragment), in template form: what addOwner creates.
func (d *domainCore) ownerResource(entity any, p Principal) cfnfrag.Resource {
	owner := map[string]any{"User": map[string]any{"UserIdentifier": p.Identifier}}
	if p.IsGroup() {
		owner = map[string]any{"Group": map[string]any{"GroupIdentifier": d.groupID(p)}}
	}
	return cfnfrag.Resource{LogicalID: idFor("Owner", p.key(), p.Identifier), Type: "AWS::DataZone::Owner",
		Properties: map[string]any{"DomainIdentifier": d.domainID, "EntityIdentifier": entity, "EntityType": "DOMAIN_UNIT", "Owner": owner},
		Metadata:   metadata(meshmeta.Resource{Kind: meshmeta.KindOwner, Domain: d.name, Member: p.String()})}
}

// addOwner makes p an owner of the domain unit entityID; scope (the unit, or the domain for
// its root unit) holds the Owner resource. Adding the same owner twice adds it once.
func (d *domainCore) addOwner(scope constructs.Construct, entityID *string, p Principal) {
	if !d.takeOwner(scope, p) {
		return
	}
	// The logical ID derives from the owner only (scope is the unit, or the domain for its
	// root unit): exactly the service identity of an Owner (entity and owner), which has no
	// update handler. Adding or removing an owner leaves the others alone, and renaming the
	// unit does not create a second Owner of the same principal before deleting the first.
	o := awsdatazone.NewCfnOwner(scope, jsii.String(idFor("Owner", p.key(), p.Identifier)), &awsdatazone.CfnOwnerProps{
		DomainIdentifier: d.domainID,
		EntityIdentifier: entityID,
		EntityType:       jsii.String("DOMAIN_UNIT"),
		Owner:            d.ownerOf(p),
	})
	record(o, meshmeta.Resource{Kind: meshmeta.KindOwner, Domain: d.name, Member: p.String()})
	if prof := d.profile(p); prof != nil {
		o.AddResourceDependency(prof, nil)
	}
}

// applyRemoval applies the removal policy, RETAIN unless the caller chose another.
func applyRemoval(r awscdk.CfnResource, policy awscdk.RemovalPolicy) {
	if policy == "" {
		policy = awscdk.RemovalPolicy_RETAIN
	}
	r.ApplyRemovalPolicy(policy, &awscdk.RemovalPolicyOptions{ApplyToUpdateReplacePolicy: jsii.Bool(true)})
}

// record writes what the mesh knows about r into its template metadata (meshmeta).
func record(r awscdk.CfnResource, m meshmeta.Resource) {
	r.AddMetadata(jsii.String(meshmeta.Key), m.Map())
}

// metadata is the template Metadata that record writes, for a resource of a fragment.
func metadata(m meshmeta.Resource) map[string]any {
	return map[string]any{meshmeta.Key: m.Map()}
}

// setRemoval sets the DeletionPolicy and UpdateReplacePolicy that applyRemoval(r, policy)
// gives, on a resource of a fragment. It reports false when policy is one it leaves to
// applyRemoval on the created resource (SNAPSHOT, which aws-cdk-lib validates per type,
// refusing or ignoring it with a warning for DataZone resources).
func setRemoval(r *cfnfrag.Resource, policy awscdk.RemovalPolicy) (post bool) {
	// The values of CfnResource.applyRemovalPolicy (aws-cdk-lib core/lib/cfn-resource.ts).
	switch policy {
	case "", awscdk.RemovalPolicy_RETAIN:
		r.DeletionPolicy, r.UpdateReplacePolicy = "Retain", "Retain"
	case awscdk.RemovalPolicy_DESTROY:
		r.DeletionPolicy, r.UpdateReplacePolicy = "Delete", "Delete"
	case awscdk.RemovalPolicy_RETAIN_ON_UPDATE_OR_DELETE:
		r.DeletionPolicy, r.UpdateReplacePolicy = "RetainExceptOnCreate", "Retain"
	default:
		return true
	}
	return false
}

// managedPolicy is an AWS managed policy and why attaching it is least privilege.
type managedPolicy struct{ name, reason string }

// sourceAccount is the trust condition that lets DataZone assume a role only when it acts
// from account (confused-deputy protection).
func sourceAccount(account *string) map[string]any {
	return map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": account}}
}

// newDomainExecutionRole creates the domain execution role with the trust policy of the
// default AmazonSageMakerDomainExecution role: datazone.amazonaws.com may assume it, tag
// the session and set context, only from the domain's account and only with session tags
// named datazone* (SMUS admin guide, AmazonSageMakerDomainExecution role:
// https://docs.aws.amazon.com/sagemaker-unified-studio/latest/adminguide/AmazonSageMakerDomainExecution.html;
// the same trust in aws-ia/terraform-aws-sagemaker-unified-studio main.tf).
func newDomainExecutionRole(scope constructs.Construct, iam *iamCache, domainName string, account *string) awsiam.Role {
	cond := sourceAccount(account)
	cond["ForAllValues:StringLike"] = map[string]any{"aws:TagKeys": "datazone*"}
	r := newDataZoneRole(scope, iam, "DomainExecutionRole", "SMUS domain execution role of "+domainName+": DataZone acts for signed-in users with it", cond, nil,
		managedPolicy{"service-role/SageMakerStudioDomainExecutionRolePolicy",
			"The AWS managed policy is the documented, AWS-maintained least privilege for the SMUS domain execution role; it changes with the service."})
	// V2 domains tag sessions and set context when they assume the role.
	r.AssumeRolePolicy().AddStatements(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Actions:    jsii.Strings("sts:TagSession", "sts:SetContext"),
		Principals: &[]awsiam.IPrincipal{iam.servicePrincipal("datazone.amazonaws.com")},
		Conditions: &cond,
	}))
	return r
}

// newDataZoneRole creates a role that datazone.amazonaws.com assumes only under conditions
// (every role sets at least aws:SourceAccount), with AWS managed policies and inline
// policies, and suppresses
// AwsSolutions-IAM4 for exactly those policies, each with its reason.
func newDataZoneRole(scope constructs.Construct, iam *iamCache, id, description string, conditions map[string]any, inline *map[string]awsiam.PolicyDocument, policies ...managedPolicy) awsiam.Role {
	managed := make([]awsiam.IManagedPolicy, len(policies))
	suppressions := make([]*cdknag.NagPackSuppression, len(policies))
	for i, p := range policies {
		managed[i] = iam.awsManagedPolicy(p.name)
		suppressions[i] = &cdknag.NagPackSuppression{
			Id:        jsii.String("AwsSolutions-IAM4"),
			Reason:    jsii.String(p.reason),
			AppliesTo: &[]any{jsii.String("Policy::arn:<AWS::Partition>:iam::aws:policy/" + p.name)},
		}
	}
	r := awsiam.NewRole(scope, jsii.String(id), &awsiam.RoleProps{
		AssumedBy:       awsiam.NewPrincipalWithConditions(iam.servicePrincipal("datazone.amazonaws.com"), &conditions),
		Description:     jsii.String(description),
		ManagedPolicies: &managed,
		InlinePolicies:  inline,
	})
	cdknag.NagSuppressions_AddResourceSuppressions(r, &suppressions, jsii.Bool(false))
	return r
}

// iamCache holds IAM objects that the roles of one stage may share: service principals
// and AWS managed policies render the same JSON in whichever stack uses them (their ARN
// and name resolve in the consuming stack), and each one made is a jsii call. A nil
// cache makes a new object each time.
type iamCache struct {
	principals map[string]awsiam.IPrincipal
	policies   map[string]awsiam.IManagedPolicy
}

// servicePrincipal is the service principal of service (datazone.amazonaws.com).
func (c *iamCache) servicePrincipal(service string) awsiam.IPrincipal {
	if c == nil {
		return awsiam.NewServicePrincipal(jsii.String(service), nil)
	}
	p, ok := c.principals[service]
	if !ok {
		if c.principals == nil {
			c.principals = map[string]awsiam.IPrincipal{}
		}
		p = awsiam.NewServicePrincipal(jsii.String(service), nil)
		c.principals[service] = p
	}
	return p
}

// awsManagedPolicy is the AWS managed policy of name (service-role/...).
func (c *iamCache) awsManagedPolicy(name string) awsiam.IManagedPolicy {
	if c == nil {
		return awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String(name))
	}
	p, ok := c.policies[name]
	if !ok {
		if c.policies == nil {
			c.policies = map[string]awsiam.IManagedPolicy{}
		}
		p = awsiam.ManagedPolicy_FromAwsManagedPolicyName(jsii.String(name))
		c.policies[name] = p
	}
	return p
}

// site is the cfnfrag.Site of the construct at path under the domain: the path is known in
// Go, the app's path-metadata setting is read once per domain.
func (c *domainCore) site(path string) cfnfrag.Site {
	if !c.pathMetadataRead {
		c.pathMetadata, c.pathMetadataRead = cfnfrag.PathMetadataOf(c.self), true
	}
	return cfnfrag.Site{Path: path, PathMetadata: c.pathMetadata}
}
