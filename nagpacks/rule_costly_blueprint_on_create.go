package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleCostlyBlueprintOnCreate: a project profile deploys a blueprint that bills while idle
// (MLflow tracking server, EMR on EC2, Redshift Serverless, MWAA) with every new project.
var ruleCostlyBlueprintOnCreate = &Rule{
	ID:    PackName + "-CostlyBlueprintOnCreate",
	Level: cdknag.NagMessageLevel_ERROR,
	Fix:   "DeploymentMode: ON_DEMAND; or suppress the finding with the reason that justifies the cost. The list is DataMeshPackProps.CostlyBlueprints (default datamesh.CostlyBlueprints()).",
	Info:  "The project profile deploys a costly blueprint ON_CREATE (finding: the environment configuration). Deploy it ON_DEMAND.",
	Explanation: "ON_CREATE environments are created for every project made from the profile. MLExperiments (an MLflow " +
		"tracking server), EmrOnEc2, RedshiftServerless and Workflows (MWAA) bill even when idle: thousands per month " +
		"across a domain. Set DeploymentMode ON_DEMAND so that projects add them when they need them, or suppress " +
		"the finding with the reason that justifies the cost.",
	ResourceTypes: []string{typeProjectProfile},
	Check: func(r *Resource) Result {
		ecs, ok := r.envConfigs()
		if !ok || len(ecs) == 0 {
			return notApplicable()
		}
		var findings []string
		for _, ec := range ecs {
			if ec.onCreate() && !ec.isTooling() && ec.isCostly(r.cfg()) {
				findings = append(findings, ec.finding)
			}
		}
		return findingsOrCompliant(findings)
	},
}
