package changesim

// This file is the model of the services' uniqueness rules: one row per resource type. It is
// the single source of docs/emitted/changesim.md (TestRulesDoc regenerates and compares it).

// Scope says which part of the deployment environment belongs to an identity besides its
// properties.
type Scope string

// Scopes of an identity.
const (
	// ScopeProperties: the identity properties alone (they name a domain, project or catalog,
	// which is itself unique).
	ScopeProperties Scope = "properties"
	// ScopeAccountRegion: the properties within the stack's account and region.
	ScopeAccountRegion Scope = "account+region"
	// ScopeAccount: the properties within the stack's account (IAM is global to an account).
	ScopeAccount Scope = "account"
	// ScopeGlobal: the properties across all accounts (S3 bucket names).
	ScopeGlobal Scope = "global"
)

// Rule is one service uniqueness rule.
type Rule struct {
	// Type is the CloudFormation resource type.
	Type string
	// Identity lists the properties (slash-separated paths below Properties) whose resolved
	// values together are unique in the service. A path ending in "?" may be absent (it then
	// counts as empty); when a required path is absent the service generates the name and
	// the resource has no identity to collide on.
	Identity []string
	// Scope adds the stack's account and/or region to the identity.
	Scope Scope
	// Kept is true when the service keeps the identity after CloudFormation deletes the
	// resource (no delete API), so a later create of the same identity collides.
	Kept bool
	// Error is what the service answers when the identity is taken.
	Error string
	// Normalize says how intrinsics in the identity are compared, when more than the
	// general rule applies (see doc.go: references compare by logical ID and generation).
	Normalize string
	// Source is the AWS document or AWS-authored template that states the rule.
	Source string
	// Status says how strong the evidence is: documented, AWS template, registry schema, or
	// suspected (with why it is modelled anyway).
	Status string
	// InPlace is set for a custom resource type (no registry schema): its provider's Update
	// handler changes the resource in place, keeping its physical ID while the identity
	// stays, so every property change is an update. It says which code does it.
	InPlace string
	// Hazard, when set, flags a resource whose mere create or update does damage outside
	// the stack (it returns the message, or "" when the resource is safe).
	Hazard func(props map[string]any) string `json:"-"`
}

// Rules is the model of the services' uniqueness rules, one row per resource type.
var Rules = []Rule{
	{
		Type:     "AWS::DataZone::Domain",
		Identity: []string{"Name"}, Scope: ScopeAccountRegion,
		Error:  "ConflictException: Domain name already exists",
		Source: "CloudFormation registry schema (additionalIdentifiers: Name); aws/context-ontology-accelerator issue 49 (409 Domain name already exists)",
		Status: "registry schema + issue report",
	},
	{
		Type:     "AWS::DataZone::DomainUnit",
		Identity: []string{"DomainIdentifier", "ParentDomainUnitIdentifier", "Name"}, Scope: ScopeProperties,
		Error:  "ConflictException: a domain unit with this name already exists under the parent unit",
		Source: "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateDomainUnit.html (ConflictException)",
		Status: "documented error; the scope (siblings) is suspected",
	},
	{
		Type:     "AWS::DataZone::Project",
		Identity: []string{"DomainIdentifier", "Name"}, Scope: ScopeProperties,
		Error:     "ConflictException: Project name already exists in the domain",
		Normalize: "the domain unit is not part of the identity: names are unique per domain",
		Source:    "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateProject.html (ConflictException); project names are unique in a domain",
		Status:    "documented error; the scope (domain, not unit) is suspected",
	},
	{
		Type:     "AWS::DataZone::ProjectMembership",
		Identity: []string{"DomainIdentifier", "ProjectIdentifier", "Member"}, Scope: ScopeProperties,
		Error: "User is already in the project",
		Normalize: "Member is {UserIdentifier} or {GroupIdentifier}; the designation is not part of the identity. " +
			"A designation change under the same logical ID is an update: the registry schema's update handler needs " +
			"datazone:CreateProjectMembership and DeleteProjectMembership (it re-creates the membership itself). The aws-ia module " +
			"reports NotUpdatableException for in-place updates through the awscc provider; not modelled (SUSPECTED, older schema)",
		Source: "aws-ia/terraform-aws-sagemaker-unified-studio modules/project-membership/main.tf (re-keying a member fails with \"User is already in the project\"); registry schema handlers.update",
		Status: "AWS template",
	},
	{
		Type:     "AWS::DataZone::UserProfile",
		Identity: []string{"DomainIdentifier", "UserIdentifier"}, Scope: ScopeProperties, Kept: true,
		Error:  "ConflictException: User Profile already exists",
		Source: "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateUserProfile.html (no DeleteUserProfile API); aws/modern-data-architecture-accelerator issue 74",
		Status: "documented (no delete API) + issue report",
	},
	{
		Type:     "AWS::DataZone::GroupProfile",
		Identity: []string{"DomainIdentifier", "GroupIdentifier"}, Scope: ScopeProperties, Kept: true,
		Error:  "ConflictException: Group Profile already exists",
		Source: "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateGroupProfile.html (no DeleteGroupProfile API)",
		Status: "suspected: modelled like user profiles (no delete API)",
	},
	{
		Type:     "AWS::DataZone::Owner",
		Identity: []string{"DomainIdentifier", "EntityType", "EntityIdentifier", "Owner"}, Scope: ScopeProperties,
		Error:  "ConflictException: the principal already owns the entity",
		Source: "CloudFormation registry schema (primaryIdentifier DomainIdentifier, EntityType, EntityIdentifier, OwnerType, OwnerIdentifier)",
		Status: "registry schema",
	},
	{
		Type:     "AWS::DataZone::PolicyGrant",
		Identity: []string{"DomainIdentifier", "EntityType", "EntityIdentifier", "PolicyType", "Principal"}, Scope: ScopeProperties,
		Error:     "AlreadyExists: a grant of this policy type to this principal on this entity already exists",
		Normalize: "the grant's Detail is not part of the identity: a new grant of the same policy type on the same entity to the same principal overwrites the policy content, then fails with AlreadyExists",
		Source:    "aws-ia/terraform-aws-sagemaker-unified-studio examples/quick-setup/README.md (Known Issues: a policy grant that shares the domain unit and principal with an existing grant replaces its content, then returns AlreadyExists)",
		Status:    "AWS template",
	},
	{
		Type:     "Custom::SmusmeshPolicyGrant",
		Identity: []string{"DomainIdentifier", "EntityType", "EntityIdentifier", "PolicyType", "Principal"}, Scope: ScopeProperties,
		Error: "AlreadyExists: a grant of this policy type to this principal on this entity already exists",
		Normalize: "the same service identity as AWS::DataZone::PolicyGrant (the properties have the same names): a create whose identity " +
			"a native PolicyGrant or another grant holds collides; a Detail change is an update of the same grant",
		Source: "constructs/datamesh/grant.py (Update: AddPolicyGrant of the new detail, AlreadyExists accepted once ListPolicyGrants shows it, " +
			"else RemovePolicyGrant then AddPolicyGrant; a new entity, policy type or principal is a new physical ID, the old grant deleted in cleanup); " +
			"identity as aws-ia/terraform-aws-sagemaker-unified-studio examples/quick-setup/README.md (Known Issues)",
		Status:  "smusmesh custom resource; the service rule is an AWS template's",
		InPlace: "constructs/datamesh/grant.py",
	},
	{
		Type:     "AWS::DataZone::FormType",
		Identity: []string{"DomainIdentifier", "Name"}, Scope: ScopeProperties,
		Error:  "ConflictException: a form type with this name already exists in the domain",
		Source: "CloudFormation registry schema (primaryIdentifier DomainIdentifier, FormTypeIdentifier = the name); https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateFormType.html",
		Status: "registry schema",
	},
	{
		Type:     "AWS::DataZone::DataSource",
		Identity: []string{"DomainIdentifier", "ProjectIdentifier", "Name"}, Scope: ScopeProperties,
		Error:  "ConflictException: a data source with this name already exists in the project",
		Source: "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateDataSource.html (ConflictException)",
		Status: "suspected: documented ConflictException, scope per project assumed",
	},
	{
		Type:     "AWS::DataZone::Connection",
		Identity: []string{"DomainIdentifier", "ProjectIdentifier?", "EnvironmentIdentifier?", "Name"}, Scope: ScopeProperties,
		Error:  "ConflictException: a connection with this name already exists",
		Source: "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateConnection.html (ConflictException); registry schema (Name create-only)",
		Status: "suspected: documented ConflictException, scope per project or environment assumed",
	},
	{
		Type:     "AWS::DataZone::EnvironmentBlueprintConfiguration",
		Identity: []string{"DomainIdentifier", "EnvironmentBlueprintIdentifier"}, Scope: ScopeProperties,
		Error:  "ConflictException: the blueprint is already configured in the domain",
		Source: "CloudFormation registry schema (primaryIdentifier DomainId, EnvironmentBlueprintId)",
		Status: "registry schema",
	},
	{
		Type:     "Custom::SmusmeshCustomBlueprint",
		Identity: []string{"DomainId", "Name"}, Scope: ScopeAccount,
		Error: "ConflictException: a blueprint of this name already exists in the domain (or, in an associated account, is already configured there)",
		Normalize: "the blueprint's name is unique in its domain; the configuration is per account, so an associated account's resource " +
			"(Create false) holds the same name and domain in its own account",
		Source: "constructs/datamesh/blueprint.py (Update: UpdateEnvironmentBlueprint and PutEnvironmentBlueprintConfiguration in place while the name stays; " +
			"a new name is CreateEnvironmentBlueprint, a new physical ID, the old blueprint deleted in cleanup); " +
			"https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateEnvironmentBlueprint.html (ConflictException)",
		Status:  "smusmesh custom resource; name uniqueness suspected (documented ConflictException, scope per domain assumed)",
		InPlace: "constructs/datamesh/blueprint.py",
	},
	{
		Type:     "AWS::DataZone::ProjectProfile",
		Identity: []string{"DomainIdentifier", "Name"}, Scope: ScopeProperties,
		Error:  "ConflictException: a project profile with this name already exists in the domain",
		Source: "https://docs.aws.amazon.com/datazone/latest/APIReference/API_CreateProjectProfile.html (ConflictException)",
		Status: "suspected: documented ConflictException, scope per domain assumed",
	},
	{
		Type:     "AWS::LakeFormation::Tag",
		Identity: []string{"CatalogId?", "TagKey"}, Scope: ScopeAccountRegion,
		Error:  "AlreadyExistsException: Tag key already exists",
		Source: "CloudFormation registry schema (primaryIdentifier TagKey); https://docs.aws.amazon.com/lake-formation/latest/APIReference/API_CreateLFTag.html",
		Status: "registry schema + documented",
	},
	{
		Type:     "AWS::LakeFormation::DataCellsFilter",
		Identity: []string{"TableCatalogId", "DatabaseName", "TableName", "Name"}, Scope: ScopeAccountRegion,
		Error:  "AlreadyExistsException: a data cells filter with this name already exists on the table",
		Source: "CloudFormation registry schema (primaryIdentifier TableCatalogId, DatabaseName, TableName, Name)",
		Status: "registry schema",
	},
	{
		Type:     "AWS::LakeFormation::PrincipalPermissions",
		Identity: []string{"Catalog?", "Principal", "Resource"}, Scope: ScopeAccountRegion,
		Error:     "the principal already holds permissions on the resource: the old resource's delete revokes them after the new grant",
		Normalize: "the permissions are not part of the identity: Lake Formation keeps one permission set per principal and resource",
		Source:    "CloudFormation registry schema (primaryIdentifier PrincipalIdentifier, ResourceIdentifier)",
		Status:    "registry schema",
	},
	{
		Type:   "AWS::LakeFormation::DataLakeSettings",
		Scope:  ScopeAccountRegion,
		Error:  "REPLACE mutation: the account's whole Lake Formation admin list is replaced by this template's",
		Source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lakeformation-datalakesettings.html (MutationType: REPLACE is the default; APPEND adds)",
		Status: "documented",
		Hazard: func(props map[string]any) string {
			if props["MutationType"] == "APPEND" {
				return ""
			}
			return "DataLakeSettings without MutationType APPEND replaces the account's whole Lake Formation admin list"
		},
	},
	{
		Type:     "AWS::RAM::ResourceShare",
		Identity: []string{"Name", "ResourceArns?", "Principals?"}, Scope: ScopeAccountRegion,
		Error:     "a share of these resources with these principals under this name already exists",
		Normalize: "RAM allows two shares of one name; the simulator only flags a second share with the same name, resources and principals",
		Source:    "https://docs.aws.amazon.com/ram/latest/APIReference/API_CreateResourceShare.html",
		Status:    "suspected: RAM allows duplicate names; only exact duplicates flagged",
	},
	{
		Type:     "AWS::SSM::Parameter",
		Identity: []string{"Name"}, Scope: ScopeAccountRegion,
		Error:  "ParameterAlreadyExists: The parameter already exists",
		Source: "https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html (ParameterAlreadyExists without Overwrite)",
		Status: "documented",
	},
	{
		Type:     "AWS::S3::Bucket",
		Identity: []string{"BucketName"}, Scope: ScopeGlobal,
		Error:  "BucketAlreadyExists / BucketAlreadyOwnedByYou",
		Source: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (names are unique across all accounts in a partition)",
		Status: "documented",
	},
	{
		Type:     "AWS::IAM::Role",
		Identity: []string{"RoleName"}, Scope: ScopeAccount,
		Error:  "EntityAlreadyExists: Role with name already exists",
		Source: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (EntityAlreadyExists)",
		Status: "documented",
	},
	{
		Type:     "AWS::KMS::Alias",
		Identity: []string{"AliasName"}, Scope: ScopeAccountRegion,
		Error:  "AlreadyExistsException: An alias with the name already exists",
		Source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
		Status: "documented",
	},
	{
		Type:     "AWS::Glue::Database",
		Identity: []string{"CatalogId", "DatabaseInput/Name"}, Scope: ScopeAccountRegion,
		Error:  "AlreadyExistsException: Database already exists",
		Source: "https://docs.aws.amazon.com/glue/latest/webapi/API_CreateDatabase.html (AlreadyExistsException)",
		Status: "documented",
	},
	{
		Type:     "AWS::Glue::DataQualityRuleset",
		Identity: []string{"Name"}, Scope: ScopeAccountRegion,
		Error:  "AlreadyExistsException: a ruleset with this name already exists",
		Source: "https://docs.aws.amazon.com/glue/latest/webapi/API_CreateDataQualityRuleset.html (AlreadyExistsException)",
		Status: "documented",
	},
}

// Stateful lists the resource types that hold data or identity users depend on: replacing,
// deleting or orphaning one is reported as a stateful change.
var Stateful = []string{
	"AWS::DataZone::Domain",
	"AWS::DataZone::DomainUnit",
	"AWS::DataZone::Project",
	"AWS::DataZone::UserProfile",
	"AWS::DataZone::GroupProfile",
	"AWS::DataZone::FormType",
	"AWS::DataZone::DataSource",
	"AWS::KMS::Key",
	"AWS::S3::Bucket",
	"AWS::Glue::Database",
}

func ruleOf(typ string) *Rule {
	for i := range Rules {
		if Rules[i].Type == typ {
			return &Rules[i]
		}
	}
	return nil
}

func isStateful(typ string) bool {
	for _, s := range Stateful {
		if s == typ {
			return true
		}
	}
	return false
}
