package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleBlueprintOnCreate: a project profile deploys a blueprint other than Tooling or
// DataLake ON_CREATE (costly blueprints are ruleCostlyBlueprintOnCreate's). DataLake, AWS's
// "Lakehouse Database" (a Glue database and an Athena workgroup, free while idle), is
// ON_CREATE in AWS's SQL analytics profile (aws/Unified-Studio-for-Amazon-Sagemaker,
// cloudformation/domain/create_project_profiles.yaml) and creates the Lakehouse connection
// a Master Data project's data source needs from its first deploy.
var ruleBlueprintOnCreate = &Rule{
	ID:    PackName + "-BlueprintOnCreate",
	Level: cdknag.NagMessageLevel_WARN,
	Fix:   "DeploymentMode: ON_DEMAND.",
	Info:  "The project profile deploys a blueprint other than Tooling or DataLake ON_CREATE (finding: the environment configuration). Prefer ON_DEMAND.",
	Explanation: "Only Tooling (or ToolingLite) and the free Lakehouse Database (DataLake, whose Lakehouse connection Master Data " +
		"projects publish through) need to exist in every project. Every other ON_CREATE environment is " +
		"provisioned, and paid for, in every project made from the profile, used or not, and slows project creation.",
	ResourceTypes: []string{typeProjectProfile},
	Check: func(r *Resource) Result {
		ecs, ok := r.envConfigs()
		if !ok || len(ecs) == 0 {
			return notApplicable()
		}
		var findings []string
		for _, ec := range ecs {
			if ec.onCreate() && !ec.isTooling() && !ec.isLakehouseDatabase() && !ec.isCostly(r.cfg()) {
				findings = append(findings, ec.finding)
			}
		}
		return findingsOrCompliant(findings)
	},
}

// isLakehouseDatabase reports whether the configuration deploys DataLake ("Lakehouse
// Database" in AWS's profiles).
func (ec envConfig) isLakehouseDatabase() bool {
	for _, b := range ec.blueprints {
		if n := norm(b); n == "datalake" || n == "lakehousedatabase" {
			return true
		}
	}
	return false
}
