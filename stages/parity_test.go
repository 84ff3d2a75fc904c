package stages

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/smusmesh/smusmesh/constructs/datacontract"
	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// A parity row says how one props type of the constructs is written in the definition:
// which YAML key (of the definition type def) sets each exported field, or why the
// definition has none. TestGoYAMLParity checks the table against both sides, so that a
// field added to a props type, or a key added to the definition, fails the test until the
// table says how the other side writes it: Go and YAML cannot drift apart silently.
type parity struct {
	props reflect.Type
	def   reflect.Type
	// keys maps a props field to the key path that sets it, relative to def: "name",
	// "dataSource.database", "settings.network.vpcId" (a key of the per-environment
	// Settings), or several alternatives "user|group|role|iamUser".
	keys map[string]string
	// reshaped gives, for a field whose key has another shape (a struct written as a list,
	// a CDK interface written as a name), the reason.
	reshaped map[string]string
	// goOnly gives, for a field the definition does not write, the reason. A reason
	// starting with "gap:" is a feature the YAML does not have yet.
	goOnly map[string]string
}

func typ[T any]() reflect.Type { return reflect.TypeFor[T]() }

const (
	cdkInterface = "a CDK interface (a construct made in Go); the stage creates it, least-privilege"
	removal      = "per environment: Settings.RemovalPolicy (Go), RETAIN by default"
	principal    = "user|group|role|iamUser"
	roleByName   = "a role name (its ARN built in the domain's account of each stage) or an ARN"
	secretByName = "a secret name (its partial ARN built in the domain's account and region of each stage) or an ARN"
)

var parityTable = []parity{
	{props: typ[datamesh.GovernanceDomainProps](), def: typ[GovernanceDef](),
		keys: map[string]string{"DomainName": "name", "Description": "description", "Identity": "identity", "Standards": "standards",
			"Owners": "owners", "GlossaryAuthors": "glossaryAuthors", "StandardsProject": "standardsProject", "Users": "users", "Tags": "tags"},
		reshaped: map[string]string{"Identity": "the mode (SSO, IAM); the Identity Center instance is per environment (settings)"},
		goOnly: map[string]string{"EncryptionKey": cdkInterface, "DomainExecutionRole": cdkInterface, "ServiceRole": cdkInterface,
			"RemovalPolicy": removal}},
	{props: typ[datamesh.Identity](), def: typ[DomainDef](),
		keys:   map[string]string{"Mode": "identity", "IdentityCenterInstanceARN": "settings.identityCenterInstanceArn", "UserAssignment": "userAssignment"},
		goOnly: map[string]string{"IdentityStoreID": "read at deploy time from the Identity Center instance"}},
	{props: typ[datamesh.Identity](), def: typ[GovernanceDef](),
		keys:   map[string]string{"Mode": "identity", "IdentityCenterInstanceARN": "settings.identityCenterInstanceArn", "UserAssignment": "userAssignment"},
		goOnly: map[string]string{"IdentityStoreID": "read at deploy time from the Identity Center instance"}},
	{props: typ[datamesh.StandardsProjectOptions](), def: typ[StandardsProjectDef](),
		keys: map[string]string{"Name": "name", "Description": "description"}},
	{props: typ[datamesh.Standards](), def: typ[StandardsDef](),
		keys: map[string]string{"Naming": "naming", "RequiredProductMetadata": "requiredProductMetadata"}},
	{props: typ[datamesh.NamingConventions](), def: typ[NamingDef](),
		keys: map[string]string{"DomainName": "domainName", "DomainUnitName": "domainUnitName", "ProjectName": "projectName", "MasterDataSuffix": "masterDataSuffix"}},
	{props: typ[datamesh.BusinessDomainProps](), def: typ[DomainDef](),
		keys: map[string]string{"DomainName": "name", "Description": "description", "Identity": "identity", "Owners": "owners", "Users": "users",
			"Tooling": "settings.toolingBuckets|settings.network|settings.domainNetworks", "Blueprints": "blueprints", "Network": "network",
			"Regions": "settings.region", "AssociatedAccounts": "settings.associated", "DataLakeAdmins": "settings.lakeFormationAdmins",
			"CustomBlueprints": "customBlueprints", "Tags": "tags"},
		reshaped: map[string]string{
			"Identity":           "the mode (SSO, IAM); the Identity Center instance is per environment (settings)",
			"Blueprints":         "blueprint names; the options of each are the defaults",
			"Regions":            "one region per stage",
			"AssociatedAccounts": "per environment: the associated accounts of each domain name, with their options",
		},
		goOnly: map[string]string{"Governance": "the definition's governance domain, which the stage builds first",
			"EncryptionKey": cdkInterface, "DomainExecutionRole": cdkInterface, "ServiceRole": cdkInterface,
			"ProvisioningRole": cdkInterface, "ManageAccessRole": cdkInterface,
			"RemovalPolicy": removal}},
	{props: typ[datamesh.ToolingOptions](), def: typ[Settings](),
		keys:     map[string]string{"S3Location": "toolingBuckets", "VPCID": "network.vpcId|domainNetworks", "SubnetIDs": "network.subnetIds|domainNetworks"},
		reshaped: map[string]string{"S3Location": "per environment, by domain name"},
		goOnly: map[string]string{"BucketKey": "the domain's own key encrypts the bucket the stage creates",
			"QueryExecutionRole": "set by the domain's tooling.queryExecutionRole (row ToolingOptions/ToolingDef)", "ProjectRolePolicyARNs": "set by tooling.projectRolePolicyArns (row ToolingOptions/ToolingDef)",
			"Parameters": "set by tooling.parameters (row ToolingOptions/ToolingDef)", "GlobalParameters": "set by tooling.globalParameters (row ToolingOptions/ToolingDef)"}},
	{props: typ[datamesh.ToolingOptions](), def: typ[ToolingDef](),
		keys: map[string]string{"QueryExecutionRole": "queryExecutionRole", "ProjectRolePolicyARNs": "projectRolePolicyArns",
			"Parameters": "parameters", "GlobalParameters": "globalParameters"},
		reshaped: map[string]string{"QueryExecutionRole": roleByName},
		goOnly: map[string]string{"S3Location": "per environment (row ToolingOptions/Settings)", "BucketKey": "the domain's own key encrypts the bucket the stage creates",
			"VPCID": "per environment (row ToolingOptions/Settings)", "SubnetIDs": "per environment (row ToolingOptions/Settings)"}},
	{props: typ[datamesh.BlueprintOptions](), def: typ[DomainDef](),
		keys:     map[string]string{"Blueprint": "blueprints"},
		reshaped: map[string]string{"Blueprint": "one BlueprintOptions per name of the list"},
		goOnly: map[string]string{"Regions": "set by blueprintSettings.<name>.regions (row BlueprintOptions/BlueprintSettingsDef)",
			"Parameters": "set by blueprintSettings (row BlueprintOptions/BlueprintSettingsDef)", "GlobalParameters": "set by blueprintSettings (row BlueprintOptions/BlueprintSettingsDef)",
			"RegionalParameters": "set by blueprintSettings (row BlueprintOptions/BlueprintSettingsDef)", "ProvisioningRole": "set by blueprintSettings (row BlueprintOptions/BlueprintSettingsDef)",
			"ProjectRoleProvisions": "set by blueprintSettings (row BlueprintOptions/BlueprintSettingsDef)"}},
	{props: typ[datamesh.BlueprintOptions](), def: typ[BlueprintSettingsDef](),
		keys: map[string]string{"Regions": "regions", "Parameters": "parameters", "GlobalParameters": "globalParameters",
			"RegionalParameters": "regionalParameters", "ProvisioningRole": "provisioningRole", "ProjectRoleProvisions": "projectRoleProvisions"},
		reshaped: map[string]string{"ProvisioningRole": "a role name, resolved in each account that enables the blueprint, or an ARN"},
		goOnly:   map[string]string{"Blueprint": "the key of the blueprintSettings map"}},
	{props: typ[datamesh.CustomBlueprintOptions](), def: typ[CustomBlueprintDef](),
		keys: map[string]string{"Name": "name", "Description": "description", "TemplateURL": "templateUrl", "Category": "category",
			"UserParameters": "userParameters", "Parameters": "parameters", "Regions": "regions", "ProvisioningRole": "provisioningRole"},
		reshaped: map[string]string{"ProvisioningRole": roleByName}},
	{props: typ[datamesh.CustomBlueprintParameter](), def: typ[CustomParameterDef](),
		keys: map[string]string{"Name": "name", "Description": "description", "Type": "type", "Default": "default", "Locked": "locked",
			"Required": "required", "UpdateSupported": "updateSupported"}},
	{props: typ[datamesh.ProjectProps](), def: typ[ManagementProjectDef](),
		keys:     map[string]string{"Name": "name", "Description": "description", "Members": "members"},
		reshaped: map[string]string{},
		goOnly: map[string]string{"Category": "ADMIN: the key managementProject is the category", "DomainUnit": "the root unit (the service's rule for ADMIN projects)",
			"Key": "one management project per domain: its construct id is fixed", "Profile": "an ADMIN project has no profile",
			"DataSource": "not for the management project", "ExecutionRole": "not for the management project", "GlossaryTerms": "not for the management project",
			"UserParameters": "not for the management project", "RemovalPolicy": removal}},
	{props: typ[datamesh.ParameterOverride](), def: typ[ParameterDef](),
		keys: map[string]string{"Name": "name", "Value": "value", "NoValue": "noValue", "Locked": "locked"}},
	{props: typ[datamesh.ToolingParameters](), def: typ[ToolingParametersDef](),
		keys: map[string]string{"Spaces": "enableSpaces", "MaxEBSVolumeSizeGB": "maxEbsVolumeSize", "IdleTimeout": "idleTimeoutInMinutes",
			"NetworkIsolation": "enableNetworkIsolation", "BedrockPermissions": "enableAmazonBedrockPermissions", "GitConnectionARN": "gitConnectionArn",
			"NetworkType": "sagemakerDomainNetworkType", "Locked": "locked"},
		reshaped: map[string]string{"IdleTimeout": "minutes, as the service's parameter", "Spaces": "true/false/unset, as the Toggle",
			"NetworkIsolation": "true/false/unset, as the Toggle", "BedrockPermissions": "true/false/unset, as the Toggle"}},
	{props: typ[datamesh.ProjectProfileProps](), def: typ[ProfileDef](),
		keys: map[string]string{"Name": "name", "Description": "description", "Preset": "preset", "Environments": "environments",
			"AccountID": "runsIn", "Region": "runsIn", "NoEnvironments": "noEnvironments", "DomainUnit": "unit", "Disabled": "disabled"},
		reshaped: map[string]string{"AccountID": "names an associated account of the settings, whose account and region the stage fills in",
			"Region":     "names an associated account of the settings, whose account and region the stage fills in",
			"DomainUnit": "the path of unit names from the root unit (\"Grid/Forecast\") of the profile's domain"},
		goOnly: map[string]string{"Domain": "the domain the profile is listed under"}},
	{props: typ[datamesh.EnvironmentConfiguration](), def: typ[EnvironmentDef](),
		keys: map[string]string{"Blueprint": "blueprint", "Name": "name", "Description": "description", "DeploymentMode": "deployment",
			"Parameters": "parameters", "Tooling": "tooling", "DeploymentOrder": "deploymentOrder"},
		goOnly: map[string]string{"Region": "the profile's (runsIn)", "AccountID": "the profile's (runsIn)"}},
	{props: typ[datamesh.EnvironmentUserParameters](), def: typ[UserParametersDef](),
		keys: map[string]string{"EnvironmentConfigurationName": "environment", "Parameters": "parameters"}},
	{props: typ[datamesh.DomainUnitProps](), def: typ[UnitDef](),
		keys: map[string]string{"Name": "name", "Key": "key", "Description": "description", "Owners": "owners"},
		goOnly: map[string]string{"Parent": "the unit (or domain) the unit is listed under", "RemovalPolicy": removal,
			"MemberPool": "the members of the unit's projects, which the stage lists itself"}},
	{props: typ[datamesh.ProjectProps](), def: typ[ProjectDef](),
		keys: map[string]string{"Name": "name", "Key": "key", "Description": "description", "Profile": "profile", "Members": "members", "DataSource": "dataSource",
			"ExecutionRole": "executionRole", "GlossaryTerms": "glossaryTerms", "UserParameters": "userParameters"},
		reshaped: map[string]string{"Profile": "names a profile of the domain", "ExecutionRole": roleByName},
		goOnly: map[string]string{"DomainUnit": "the unit (or domain) the project is listed under", "RemovalPolicy": removal,
			"Category": "the domain management project (ADMIN) is the domain's managementProject key (row ProjectProps/ManagementProjectDef)"}},
	{props: typ[datamesh.Member](), def: typ[MemberDef](),
		keys:     map[string]string{"Principal": principal, "Designation": "designation", "Temporary": "temporary|until|reason"},
		reshaped: map[string]string{"Principal": "one key per principal type", "Temporary": "flat keys of the member"}},
	{props: typ[datamesh.Temporary](), def: typ[MemberDef](),
		keys: map[string]string{"Until": "until", "Reason": "reason"}},
	{props: typ[datamesh.Principal](), def: typ[PrincipalDef](),
		keys:     map[string]string{"Type": principal, "Identifier": principal},
		reshaped: map[string]string{"Type": "the key is the type", "Identifier": "the value of the key"}},
	{props: typ[datamesh.MasterDataProjectProps](), def: typ[MasterDataDef](),
		keys: map[string]string{"Source": "source", "Key": "key", "Description": "description", "Profile": "profile", "DataOwners": "dataOwners",
			"Engineers": "engineers", "Members": "members", "Contract": "contract", "DataSource": "dataSource", "GlossaryTerms": "glossaryTerms"},
		reshaped: map[string]string{"Profile": "names a profile of the domain"},
		goOnly:   map[string]string{"DomainUnit": "the unit (or domain) the project is listed under", "RemovalPolicy": removal}},
	{props: typ[datamesh.Member](), def: typ[EngineerDef](),
		keys:     map[string]string{"Principal": principal, "Temporary": "until|reason"},
		reshaped: map[string]string{"Principal": "one key per principal type", "Temporary": "flat keys of the engineer"},
		goOnly:   map[string]string{"Designation": "engineers are contributors"}},
	{props: typ[datamesh.GlueDataSourceOptions](), def: typ[DataSourceDef](),
		keys: map[string]string{"DatabaseName": "database", "Include": "include", "Exclude": "exclude", "Schedule": "schedule", "Timezone": "timezone",
			"Description": "description", "CatalogName": "catalogName", "NoPublishOnImport": "publishOnImport",
			"NoBusinessNameGeneration": "businessNameGeneration", "NoDataQualityResults": "dataQualityResults"},
		reshaped: map[string]string{"NoPublishOnImport": "spelled positively: publishOnImport: false sets it (unset or true: published)",
			"NoBusinessNameGeneration": "spelled positively: businessNameGeneration: false sets it",
			"NoDataQualityResults":     "spelled positively: dataQualityResults: false sets it"},
		goOnly: map[string]string{"DataAccessRole": cdkInterface,
			"ConnectionIdentifier":    "looked up at deploy time from the project's Lakehouse connection",
			"LakehouseConnectionName": "the Lakehouse connection of the profile's DataLake environment (the default)",
			"EnvironmentIdentifier":   "looked up at deploy time from the project's Lakehouse connection"}},
	{props: typ[datamesh.DataProductAccessProps](), def: typ[ReadDef](),
		keys: map[string]string{"ConsumerRole": "role", "Product": "product|domain", "Table": "table", "Columns": "columns", "RowFilter": "rowFilter",
			"TagExpression": "tagExpression", "Permissions": "permissions", "PIIApproval": "piiApproval"},
		reshaped: map[string]string{"ConsumerRole": "the role's name; the stage builds the ARN in the domain's account of each environment",
			"Product": "names a Master Data project of the consumer's domain, or of the one domain names"},
		goOnly: map[string]string{"Consumer": "the project the read is listed under"}},
	{props: typ[datamesh.ConnectionProps](), def: typ[ConnectionDef](),
		keys: map[string]string{"Name": "name", "Description": "description", "AccessRole": "accessRole", "AccountID": "accountId", "Region": "region",
			"TrustedIdentityPropagation": "trustedIdentityPropagation", "Athena": "athena", "Redshift": "redshift", "S3": "s3", "Glue": "glue",
			"SparkGlue": "sparkGlue", "SparkEMR": "sparkEmr", "IAM": "iam", "HyperPod": "hyperPod"},
		reshaped: map[string]string{"AccessRole": roleByName},
		goOnly: map[string]string{"Project": "the project the connection is listed under", "Domain": "the project's domain",
			"EnvironmentID": "an environment's ID exists only after deploy: the service creates the project's environments from its profile, so no definition or stage value can name one; a connection of the project reaches every environment of it", "RemovalPolicy": removal}},
	{props: typ[datamesh.AthenaConnection](), def: typ[AthenaDef](),
		keys: map[string]string{"WorkgroupName": "workgroupName"}},
	{props: typ[datamesh.RedshiftConnection](), def: typ[RedshiftDef](),
		keys: map[string]string{"WorkgroupName": "workgroupName", "ClusterName": "clusterName", "DatabaseName": "database", "Host": "host", "Port": "port",
			"Secret": "secret", "LineageSync": "lineageSync", "LineageSchedule": "lineageSchedule"},
		reshaped: map[string]string{"Secret": secretByName}},
	{props: typ[datamesh.S3Connection](), def: typ[S3Def](),
		keys: map[string]string{"URI": "uri", "AccessGrantLocationID": "accessGrantLocationId", "RegisterAccessGrantLocation": "registerAccessGrantLocation"}},
	{props: typ[datamesh.GlueConnection](), def: typ[GlueConnectionDef](),
		keys: map[string]string{"ConnectionType": "connectionType", "Properties": "properties", "AthenaProperties": "athenaProperties",
			"SparkProperties": "sparkProperties", "SubnetID": "subnetId", "SecurityGroupIDs": "securityGroupIds", "AvailabilityZone": "availabilityZone",
			"Secret": "secret", "SkipCredentialValidation": "skipCredentialValidation", "ValidateFor": "validateFor", "Description": "description"},
		reshaped: map[string]string{"Secret": secretByName}},
	{props: typ[datamesh.SparkGlueConnection](), def: typ[SparkGlueDef](),
		keys: map[string]string{"WorkerType": "workerType", "GlueVersion": "glueVersion", "NumberOfWorkers": "numberOfWorkers", "IdleTimeout": "idleTimeout",
			"GlueConnectionName": "glueConnectionName", "JavaVirtualEnv": "javaVirtualEnv", "PythonVirtualEnv": "pythonVirtualEnv"}},
	{props: typ[datamesh.SparkEMRConnection](), def: typ[SparkEMRDef](),
		keys: map[string]string{"ComputeARN": "computeArn", "RuntimeRole": "runtimeRole", "InstanceProfile": "instanceProfile", "LogURI": "logUri",
			"ManagedEndpointARN": "managedEndpointArn", "TrustedCertificatesS3URI": "trustedCertificatesS3Uri", "JavaVirtualEnv": "javaVirtualEnv",
			"PythonVirtualEnv": "pythonVirtualEnv"},
		reshaped: map[string]string{"RuntimeRole": roleByName, "InstanceProfile": roleByName}},
	{props: typ[datamesh.IAMConnection](), def: typ[IAMConnectionDef](),
		keys: map[string]string{"GlueLineageSync": "glueLineageSync"}},
	{props: typ[datamesh.HyperPodConnection](), def: typ[HyperPodDef](),
		keys: map[string]string{"ClusterName": "clusterName"}},
	{props: typ[datamesh.ProducerAccessProps](), def: typ[ProducerAccessDef](),
		keys:     map[string]string{"Role": "role", "DatabaseName": "database", "Tables": "tables", "Level": "level", "Grantable": "grantable", "CatalogID": "catalogId"},
		reshaped: map[string]string{"Role": roleByName},
		goOnly:   map[string]string{"Project": "the project the access is listed under"}},
	{props: typ[datamesh.AccessApproval](), def: typ[ApprovalDef](),
		keys: map[string]string{"Reason": "reason", "ApprovedBy": "approvedBy"}},
	{props: typ[datamesh.DataLakeAdminsProps](), def: typ[Settings](),
		keys: map[string]string{"Admins": "lakeFormationAdmins.admins"}},
	{props: typ[datacontract.Contract](), def: typ[ContractDef](),
		keys: map[string]string{"Name": "name", "Version": "version", "Description": "description", "Owner": "owner", "Steward": "steward",
			"Schema": "tables", "QualityRules": "qualityRules", "FreshnessSLA": "freshnessSla", "Retention": "retention",
			"Classification": "classification", "Tags": "tags", "GlossaryTerms": "glossaryTerms"},
		reshaped: map[string]string{"Schema": "the schema's tables sit directly under tables"}},
	{props: typ[datacontract.Schema](), def: typ[ContractDef](),
		keys: map[string]string{"Tables": "tables"}},
	{props: typ[datacontract.Table](), def: typ[TableDef](),
		keys: map[string]string{"Name": "name", "Description": "description", "BusinessName": "businessName", "Columns": "columns", "PrimaryKey": "primaryKey"}},
	{props: typ[datacontract.Column](), def: typ[ColumnDef](),
		keys: map[string]string{"Name": "name", "Type": "type", "Description": "description", "BusinessName": "businessName", "PII": "pii", "Nullable": "nullable"}},
	{props: typ[datacontract.Rule](), def: typ[RuleDef](),
		keys: map[string]string{"Type": "rule", "Table": "table", "Column": "column", "Values": "values", "Pattern": "pattern",
			"Threshold": "min|max", "MaxAge": "maxAge", "SQL": "sql"},
		reshaped: map[string]string{"Threshold": "flat keys of the rule"}},
}

// yamlOnly gives, for the keys that set no props field, what they do instead.
var yamlOnly = map[string]string{
	"Definition.governance":        "the governance domain: the stage builds a GovernanceDomain from it",
	"Definition.domains":           "the root domains: the stage builds a RootDomain and its stack from each",
	"DomainDef.profiles":           "a ProjectProfile per entry",
	"DomainDef.managementProject":  "a Project of category ADMIN in the root unit (row ProjectProps/ManagementProjectDef)",
	"DomainDef.blueprintSettings":  "the BlueprintOptions of the named blueprints (row BlueprintOptions/BlueprintSettingsDef)",
	"DomainDef.tooling":            "the domain's ToolingOptions (row ToolingOptions/ToolingDef)",
	"DomainDef.projectCreators":    "policy grants of the root unit (BusinessDomain.Grants().CreateProjects)",
	"CreatorDef.user":              "the grant's principal: datamesh.GrantToPrincipal(datamesh.SSOUser(...))",
	"CreatorDef.group":             "the grant's principal: datamesh.GrantToPrincipal(datamesh.SSOGroup(...))",
	"CreatorDef.role":              "the grant's principal: datamesh.GrantToPrincipal(datamesh.IAMRole(...))",
	"CreatorDef.iamUser":           "the grant's principal: datamesh.GrantToPrincipal(datamesh.IAMUser(...))",
	"CreatorDef.allUsers":          "the grant's principal: datamesh.GrantToAllUsers() (DataMesh-GrantToAllUsersInProduction in production)",
	"DomainDef.units":              "a DomainUnit per entry",
	"DomainDef.projects":           "a Project per entry, in the root unit",
	"DomainDef.masterData":         "a MasterDataProject per entry, in the root unit",
	"UnitDef.projectCreators":      "policy grants of the unit",
	"UnitDef.units":                "a DomainUnit per entry, under this one",
	"UnitDef.projects":             "a Project per entry, in the unit",
	"UnitDef.masterData":           "a MasterDataProject per entry, in the unit",
	"ProjectDef.reads":             "a DataProductAccess per entry, the project its consumer",
	"ProjectDef.connections":       "a Connection per entry, of the project",
	"ProjectDef.producerAccess":    "a ProducerAccess per entry, for the project",
	"MasterDataDef.connections":    "a Connection per entry, of the project",
	"MasterDataDef.producerAccess": "a ProducerAccess per entry, for the project",
	"MasterDataDef.reads":          "rejected with a reason: Master Data projects publish, they do not consume",
}

// TestGoYAMLParity: every exported field of the props types the definition maps has a
// YAML key or a reason, every key of the definition sets a field or has a reason, and the
// keys the table names exist with the shape of their field.
func TestGoYAMLParity(t *testing.T) {
	covered := map[string]bool{} // "DefType.key" set by some field
	for _, row := range parityTable {
		for i := range row.props.NumField() {
			f := row.props.Field(i)
			if !f.IsExported() {
				continue
			}
			name := row.props.String() + "." + f.Name
			path, mapped := row.keys[f.Name]
			reason, goOnly := row.goOnly[f.Name]
			switch {
			case mapped && goOnly:
				t.Errorf("%s: both mapped to %q and Go-only (%s): keep one", name, path, reason)
			case !mapped && !goOnly:
				t.Errorf("%s has no YAML key in %s: add the key (and regenerate the schema), or give the reason in the goOnly list of stages/parity_test.go", name, row.def.Name())
			case goOnly && strings.TrimSpace(reason) == "":
				t.Errorf("%s: Go-only without a reason", name)
			}
			if !mapped {
				continue
			}
			alternatives := strings.Split(path, "|")
			for _, alt := range alternatives {
				def, p := row.def, alt
				if rest, ok := strings.CutPrefix(alt, "settings."); ok {
					def, p = typ[Settings](), rest
				}
				kt, ok := keyType(def, p)
				if !ok {
					t.Errorf("%s maps to %s.%s, which is not a key: fix the table", name, def.Name(), p)
					continue
				}
				covered[def.Name()+"."+strings.Split(p, ".")[0]] = true
				if len(alternatives) == 1 && row.reshaped[f.Name] == "" && shape(f.Type) != shape(kt) {
					t.Errorf("%s (%s) maps to %s.%s (%s) of another shape: give the reason in reshaped, or fix the table", name, shape(f.Type), def.Name(), p, shape(kt))
				}
			}
		}
		for field := range row.keys {
			if _, ok := row.props.FieldByName(field); !ok {
				t.Errorf("the table maps %s.%s, which is not a field: fix the table", row.props, field)
			}
		}
		for field := range row.goOnly {
			if _, ok := row.props.FieldByName(field); !ok {
				t.Errorf("the table lists %s.%s as Go-only, which is not a field: fix the table", row.props, field)
			}
		}
		for field := range row.reshaped {
			if _, ok := row.keys[field]; !ok {
				t.Errorf("the table reshapes %s.%s, which it does not map", row.props, field)
			}
		}
	}
	for _, def := range definitionTypes() {
		_, keys := structFields(def)
		for _, k := range keys {
			id := def.Name() + "." + k
			_, why := yamlOnly[id]
			switch {
			case covered[id] && why:
				t.Errorf("%s sets a props field and is listed in yamlOnly: remove it from yamlOnly", id)
			case !covered[id] && !why:
				t.Errorf("the YAML key %s sets no field of a props type: map it in parityTable (the Go API must say it too), or say in yamlOnly what it does", id)
			}
		}
	}
	for id := range yamlOnly {
		def, key, _ := strings.Cut(id, ".")
		found := false
		for _, d := range definitionTypes() {
			if _, ok := keyType(d, key); ok && d.Name() == def {
				found = true
			}
		}
		if !found {
			t.Errorf("yamlOnly names %s, which is not a key of the definition", id)
		}
	}
}

// TestParityGaps lists the Go features the YAML cannot say yet (run with -v).
func TestParityGaps(t *testing.T) {
	var gaps []string
	for _, row := range parityTable {
		for f, why := range row.goOnly {
			if strings.HasPrefix(why, "gap:") {
				gaps = append(gaps, row.props.String()+"."+f+": "+strings.TrimSpace(strings.TrimPrefix(why, "gap:")))
			}
		}
	}
	sort.Strings(gaps)
	for _, g := range gaps {
		t.Log(g)
	}
}

// definitionTypes are the struct types reachable from Definition through yaml keys.
func definitionTypes() []reflect.Type {
	seen := map[reflect.Type]bool{}
	var out []reflect.Type
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
		fields, keys := structFields(t)
		for _, k := range keys {
			walk(t.Field(fields[k].index).Type)
		}
	}
	walk(typ[Definition]())
	return out
}

// keyType returns the type of the key path ("network.vpcId") of the struct type t.
func keyType(t reflect.Type, path string) (reflect.Type, bool) {
	for _, k := range strings.Split(path, ".") {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		fields, _ := structFields(t)
		f, ok := fields[k]
		if !ok {
			return nil, false
		}
		t = t.Field(f.index).Type
	}
	return t, true
}

// shape is what a value looks like in YAML: a list, a map, an object (struct) or a scalar.
func shape(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice:
		return "list"
	case reflect.Map:
		return "map"
	case reflect.Struct:
		return "object"
	case reflect.Interface:
		return "interface"
	}
	return "scalar"
}
