package nagpacks

import "github.com/cdklabs/cdk-nag-go/cdknag/v2"

// ruleBlueprintOnCreate: a project profile deploys a blueprint other than Tooling ON_CREATE
// (costly blueprints are ruleCostlyBlueprintOnCreate's).
var ruleBlueprintOnCreate = &rule{
	id:    PackName + "-BlueprintOnCreate",
	level: cdknag.NagMessageLevel_WARN,
	info:  "The project profile deploys a blueprint other than Tooling ON_CREATE (finding: the environment configuration). Prefer ON_DEMAND.",
	explanation: "Only Tooling (or ToolingLite) needs to exist in every project. Every other ON_CREATE environment is " +
		"provisioned, and paid for, in every project made from the profile, used or not, and slows project creation.",
	types: []string{typeProjectProfile},
	check: func(r *resource) result {
		ecs, ok := r.envConfigs()
		if !ok || len(ecs) == 0 {
			return notApplicable()
		}
		var findings []string
		for _, ec := range ecs {
			if ec.onCreate() && !ec.isTooling() && !ec.isCostly(r.cfg()) {
				findings = append(findings, ec.finding)
			}
		}
		return findingsOrCompliant(findings)
	},
}
