// Package datamesh holds the smusmesh constructs: a data mesh on Amazon SageMaker
// Unified Studio (SMUS, Amazon DataZone V2 domains) as L2-style AWS CDK constructs.
//
// # The domain model
//
// A data mesh is an ownership model. Each domain team owns its data and publishes it as a
// product with an owner and a contract; a self-serve platform lets teams work without
// tickets; central standards are enforced everywhere as code. In SMUS terms:
//
//		AWS account -> Domain(s) -> Domain unit(s) -> Project(s) -> Member(s)
//
//	  - GovernanceDomain is the mesh's control plane: one V2 domain holding the mesh-wide
//	    Standards (naming conventions, the metadata every data product must carry) and the
//	    central team. It holds no data: its API has no way to add units or projects (it is
//	    not an IDomainUnitRef), and the DataMesh nag rules catch raw resources that try.
//	  - BusinessDomain is one line of business: identity (SSO through IAM Identity Center by
//	    default, or IAM), roles, a customer-managed KMS key, the enabled blueprints
//	    (Tooling first, then one at a time), project profiles, root-unit owners and policy
//	    grants. Most companies need one; diversified groups need several.
//	  - DomainUnit is a department, team or capability inside a root domain; units nest.
//	    Owners manage them; grants say who may create projects, units or glossaries there.
//	  - Blueprints: any managed blueprint by its service name (Blueprint("EmrOnEks")), each
//	    configured with only the parameters it takes (BlueprintParameters), its own
//	    provisioning role or none (the project's role provisions); custom blueprints from
//	    CloudFormation templates of your own (CustomBlueprintOptions).
//	  - ProjectProfile is a template for projects: Tooling ON_CREATE at order 0, every other
//	    blueprint ON_DEMAND unless you say otherwise, parameters editable or locked
//	    (Tooling's typed: ToolingParameters). Presets: PresetAllCapabilities,
//	    PresetSQLAnalytics, PresetGenAI. Its home may be ToolingLite or a custom TOOLING
//	    blueprint; NoEnvironments makes one without any (model governance).
//	  - Project is the unit of work, created from a profile in a unit. Members are owners
//	    or contributors (users or groups), each a standalone ProjectMembership. A member
//	    can be Temporary with an end date: the engineers who join to configure a project
//	    and leave. A project may bring its own ExecutionRole (required for ToolingLite);
//	    ProjectCategoryAdmin makes the domain management project.
//	  - PolicyGrant gives a DataZone policy (PolicyType) on a unit or blueprint to a
//	    GrantPrincipal. UnitGrants has typed helpers for the common ones.
//	  - Connection (NewConnection) is how a project, or one of its environments, reaches
//	    Redshift, Athena, S3, an external source through Glue, Spark on Glue or EMR,
//	    another account (IAM) or HyperPod; credentials by Secrets Manager secret only.
//	  - A project produces data: ProducerAccess (NewProducerAccess) gives its own
//	    pipelines Lake Formation permissions on its database (read-write, read or ALL,
//	    grantable on request), and ProjectProps.DataSource publishes the database's tables
//	    through a Glue data source, as a MasterDataProject does with its contract.
//	  - BusinessDomainProps.Users and GovernanceDomainProps.Users register people who may sign
//	    in without a role (a user or group profile each, nothing else).
//
// # Conventions
//
// Props are structs with documented defaults; references are interfaces (IBusinessDomain,
// IDomainUnitRef, IProjectProfile, awskms.IKey, awsiam.IRole). Existing resources are
// imported with BusinessDomainFromAttributes, DomainUnitFromAttributes,
// ProjectFromAttributes and GovernanceDomainFromAttributes.
//
// Every Props type has Validate() error, which reports every problem at once; each
// problem is a *problem.Problem naming the construct, the field, the value and the fix, and wraps
// a sentinel (ErrInvalidName, ErrUnknownBlueprint, ErrDuplicate,
// ErrIdentityMismatch, ErrMemberConflict ...) for errors.Is. Constructors panic with the
// same error; problem.Catch turns that panic back into an error so a main function prints the
// problems and exits non-zero.
//
// # References across domains, and quotas
//
// A consumer reads an IDataProduct: a MasterDataProject, or a product of another stack,
// app or domain imported with DataProductFromAttributes. Reads may cross business
// domains (Lake Formation grants know no DataZone domain); they are made in the account
// of the product's catalog (ErrCrossAccount otherwise). What DataZone resolves inside one
// domain (a project's profile, a grant's profiles and units) is an ErrCrossDomain when it
// names another; two domains of one name in a stage are an ErrDuplicate. The DataZone
// quotas a deploy would hit (units, unit levels, grants per policy on a unit, environments)
// are checked by each domain at synth, every construct over one reported at once with the
// quota and its source (QuotaOf, docs/quotas.md).
//
// # No data loss
//
// Domains, units, projects, keys and profiles are retained when their stack is deleted.
// Members, owners and grants get logical IDs derived from who and what, so adding or
// removing one never replaces another resource, and a designation change is a
// remove-and-add under a new ID. Nothing the constructs emit touches the create-only
// properties of a domain (KMS key, version) or a project (profile) when members or grants
// change. Every construct records what the nag rules need in the template Metadata of its
// resource, under the key "smusmesh".
package datamesh
