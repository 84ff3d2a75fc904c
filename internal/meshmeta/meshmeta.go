// Package meshmeta is the contract between the smusmesh constructs and the DataMesh nag
// rules: what a construct knows about a CloudFormation resource that the resource's
// properties cannot say (this project is a Master Data producer, this member is temporary
// until a date, this domain is the governance domain). Constructs write it as the
// resource's template Metadata under Key; rules read it back from the template.
//
// Template metadata (not construct-tree metadata) is used on purpose: it is visible in
// the synthesized template, so a reviewer sees what the rules saw, and the checks over a
// cloud assembly can read it without the construct tree.
package meshmeta

import "encoding/json"

// DataMeshPlugin is the name under which the DataMesh pack reports to the CDK's validation
// report (validation-report.json). Its findings are also in the DataMesh-*-NagReport files,
// which readers of an assembly prefer (they carry suppressions and compliant rows too).
const DataMeshPlugin = "smusmesh-datamesh"

// Key is the template Metadata key under which smusmesh records a Resource.
const Key = "smusmesh"

// Kind names what a resource is in the mesh's own words.
type Kind string

// The kinds that constructs record.
const (
	KindGovernanceDomain       Kind = "GovernanceDomain"
	KindRootDomain             Kind = "RootDomain"
	KindDomainUnit             Kind = "DomainUnit"
	KindProject                Kind = "Project"
	KindMasterDataProject      Kind = "MasterDataProject"
	KindProjectMembership      Kind = "ProjectMembership"
	KindOwner                  Kind = "Owner"
	KindPolicyGrant            Kind = "PolicyGrant"
	KindProjectProfile         Kind = "ProjectProfile"
	KindBlueprintConfiguration Kind = "BlueprintConfiguration"
	KindUserProfile            Kind = "UserProfile"
	KindGroupProfile           Kind = "GroupProfile"
	KindDataSource             Kind = "DataSource"
	KindFormType               Kind = "FormType"
	// KindDataAccess is a Lake Formation grant or data cells filter that gives a project
	// read access to a Master Data product (or the producer its own tables).
	KindDataAccess Kind = "DataAccess"
	// KindConnection is a connection of a project or environment (Name is the connection's).
	KindConnection Kind = "Connection"
)

// Network postures, as recorded in Resource.NetworkPosture.
const (
	NetworkOpen    = "OPEN"
	NetworkVpcOnly = "VPC_ONLY"
)

// Resource is what smusmesh records about one CloudFormation resource. Every field but
// Kind is optional; a rule treats a missing field as "not known", never as a violation.
type Resource struct {
	// Kind of mesh object that rendered the resource.
	Kind Kind `json:"kind"`
	// Domain is the mesh name of the domain the resource belongs to.
	Domain string `json:"domain,omitempty"`
	// Governance is true for resources that belong to the governance domain.
	Governance bool `json:"governance,omitempty"`
	// NetworkPosture of the domain (NetworkOpen or NetworkVPCOnly); set on the domain, its
	// blueprint configurations and its project profiles.
	NetworkPosture string `json:"networkPosture,omitempty"`
	// Name is the mesh name of the object (project, unit, domain) before any rendering.
	Name string `json:"name,omitempty"`
	// Key is the stable key of a project, Master Data project or domain unit (for a unit,
	// the path of keys from the root, "sales/emea"): what stays the same when the object is
	// renamed or moved, so that two cloud assemblies can tell a rename from a replacement.
	Key string `json:"key,omitempty"`

	// Temporary is true for a project member who joins for a limited time.
	Temporary bool `json:"temporary,omitempty"`
	// EndDate is the last day (YYYY-MM-DD) of a temporary membership.
	EndDate string `json:"endDate,omitempty"`
	// Member is a readable name of the member of a membership, owner or grant.
	Member string `json:"member,omitempty"`

	// MasterData describes a Master Data producer project.
	MasterData *MasterData `json:"masterData,omitempty"`
	// Consumes lists the Master Data products a consumer project reads (lineage).
	Consumes []string `json:"consumes,omitempty"`
	// Product is, on a KindDataAccess resource, the name of the Master Data project whose
	// tables the grant reads; Name is then the project that reads them.
	Product string `json:"product,omitempty"`
	// ProductDomain is, on a KindDataAccess resource whose product belongs to another
	// business domain than its consumer, the product's domain.
	ProductDomain string `json:"productDomain,omitempty"`
	// Publisher is true on the producer's own grants (KindDataAccess).
	Publisher bool `json:"publisher,omitempty"`

	// Read describes, on a KindDataAccess grant of a consumer, what the read exposes.
	Read *Read `json:"read,omitempty"`
}

// Read is what the DataMesh rules need to know of one read of a data product.
type Read struct {
	// Product is the name of the Master Data project read.
	Product string `json:"product"`
	// Table read; empty for a read through LF-tags (every table of the product).
	Table string `json:"table,omitempty"`
	// Columns the read exposes; empty means every column.
	Columns []string `json:"columns,omitempty"`
	// PIIColumns are the columns of the read tables that the data contract classifies as
	// personal data (PII or SENSITIVE_PII), as "table.column".
	PIIColumns []string `json:"piiColumns,omitempty"`
	// Approval is the reason a read of personal data was approved; empty when none.
	Approval string `json:"approval,omitempty"`
	// ApprovedBy names who approved it.
	ApprovedBy string `json:"approvedBy,omitempty"`
}

// MasterData is what the DataMesh rules need to know of a Master Data project.
type MasterData struct {
	// Source is the data source the project publishes ("CRM").
	Source string `json:"source"`
	// Owner is the named data owner.
	Owner string `json:"owner,omitempty"`
	// Steward is the named data steward.
	Steward string `json:"steward,omitempty"`
	// Contract is the name of the data contract, empty when there is none.
	Contract string `json:"contract,omitempty"`
	// ContractFields lists the contract fields that are filled in (schema, qualityRules,
	// freshnessSla, retention, owner, steward, classification ...).
	ContractFields []string `json:"contractFields,omitempty"`
	// FreshnessSLA as written in the contract ("24h").
	FreshnessSLA string `json:"freshnessSla,omitempty"`
	// QualityRules is the number of quality rules in the contract.
	QualityRules int `json:"qualityRules,omitempty"`
	// Database is the Glue database of the product's tables.
	Database string `json:"database,omitempty"`
	// Tables lists the contract's tables.
	Tables []string `json:"tables,omitempty"`
	// PIIColumns lists the contract's personal-data columns (PII and SENSITIVE_PII) as
	// "table.column", so that an access check over the assembly knows what must not reach
	// a consumer.
	PIIColumns []string `json:"piiColumns,omitempty"`
}

// Map returns r as the generic map that jsii passes to CfnResource.AddMetadata.
func (r Resource) Map() map[string]any {
	b, _ := json.Marshal(r) // cannot fail: only strings, bools, ints and slices of them
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m
}

// Parse reads a Resource back from a value found under Key in template metadata. ok is
// false when v is not a recorded Resource.
func Parse(v any) (r Resource, ok bool) {
	if v == nil {
		return Resource{}, false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return Resource{}, false
	}
	if err := json.Unmarshal(b, &r); err != nil || r.Kind == "" {
		return Resource{}, false
	}
	return r, true
}
