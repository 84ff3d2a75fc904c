package stages

import (
	"regexp"
	"strings"
)

// yamlWords respells the fixes of the constructs' checks, written for Go code, in the
// words of a definition file: its keys and the values it takes (ON_DEMAND, VPC_ONLY,
// SQLAnalytics), never Go constants or struct literals. TestYAMLFixesSayNoGo keeps the
// messages of the catalogue of mistakes free of Go names.
var yamlWords = strings.NewReplacer(
	"add it to BusinessDomainProps.Blueprints (or CustomBlueprints)", "add it to the domain's blueprints (or customBlueprints)",
	"use NetworkOpen or NetworkVPCOnly", "use OPEN or VPC_ONLY",
	"use DeploymentOnCreate or DeploymentOnDemand", "use ON_CREATE or ON_DEMAND",
	"use PresetAllCapabilities, PresetSQLAnalytics or PresetGenAI", "use AllCapabilities, SQLAnalytics or GenAI",
	"in BusinessDomainProps.Blueprints, or list Environments yourself", "in the domain's blueprints, or list the profile's environments yourself",
	"add it to BusinessDomainProps.Blueprints", "add it to the domain's blueprints",
	"use IAMRole or IAMUser, or make the domain an SSO domain", "use role or iamUser, or make the domain an SSO domain (identity: SSO)",
	"or set Mode to IdentityModeIAM", "or make it an IAM domain (identity: IAM)",
	"or set Mode to IdentityModeSSO", "or make it an SSO domain (identity: SSO)",
	"use a profile with Preset PresetSQLAnalytics, or add &EnvironmentConfiguration{Blueprint: BlueprintDataLake, DeploymentMode: DeploymentOnCreate, DeploymentOrder: 1} to it",
	"use a profile with preset SQLAnalytics, or add {blueprint: DataLake, deployment: ON_CREATE} to its environments",
	"consumers read: use PermissionSelect or PermissionDescribe", "consumers read: use SELECT or DESCRIBE",
	"name the user or group (Identity Center ID or name, or IAM ARN)", "set one of user, group, role or iamUser",
	`set Temporary: &Temporary{Until: "YYYY-MM-DD"}`, "set until (YYYY-MM-DD) on the engineer, or temporaryUntil in the stage's settings",
	"owners belong in DataOwners", "owners belong in dataOwners",
	"in a separate access without TagExpression", "in a separate read without tagExpression",
	"declare one access per consumer and table", "declare one filtered read per product and table",
	"set Key on one", "set key on one",
	"set Name on one", "set name on one",
	"enable the blueprint in BusinessDomainProps.Blueprints first", "add the blueprint to the domain's blueprints first",
	"pass the role (awsiam.Role_FromRoleArn for an existing one)", "name the role (or give its ARN)",
	"use ProducerAccessReadWrite, ProducerAccessRead or ProducerAccessAll", "use READ_WRITE, READ or ALL",
	"merge the two (one Level, one list of Tables)", "merge the two entries (one level, one list of tables)",
	"pass the IAM role the pipeline runs as (awsiam.Role_FromRoleArn for an existing one)", "name the IAM role the pipeline runs as (or give its ARN)",
	"whose projects bring their own role: set ExecutionRole", "whose projects bring their own role: set executionRole (a role name or ARN)",
	"use VpcOnly (ToolingNetworkVPCOnly) or PublicInternetOnly (ToolingNetworkPublicInternetOnly)", "use VpcOnly or PublicInternetOnly",
	"use ToggleOn (true), ToggleOff (false) or leave it unset", "use true or false, or leave it out",
	"remove them, or NoEnvironments", "remove them, or noEnvironments",
	"set it with Tooling.ProjectRolePolicyARNs", "set it with tooling.projectRolePolicyArns",
	"set it with Tooling.QueryExecutionRole", "set it with tooling.queryExecutionRole",
	"set it with Tooling.S3Location, VPCID or SubnetIDs", "it comes from the stage's settings (toolingBuckets, network)",
	"add the region to Regions or remove its parameters", "add the region to regions or remove its parameters",
	"use UserAssignmentManual or UserAssignmentAutomatic", "use MANUAL or AUTOMATIC",
	"remove Value, or NoValue", "remove value, or noValue",
)

// goFields are the props fields that fixes and details cite by name ("also Members[0]").
var goFields = regexp.MustCompile(`\b(Members|Owners|DataOwners|Engineers|GlossaryAuthors|Blueprints|Environments|Columns|Permissions|Admins|UserParameters)\[`)

// yamlText is s in the words of a definition file.
func yamlText(s string) string {
	s = yamlWords.Replace(s)
	return goFields.ReplaceAllStringFunc(s, func(m string) string { return strings.ToLower(m[:1]) + m[1:] })
}
