package datamesh

import (
	"fmt"
	"slices"
)

// Blueprint is a SageMaker Unified Studio managed environment blueprint, named by its
// identifier in the service (the EnvironmentBlueprintIdentifier of its configuration).
type Blueprint string

// The managed blueprints.
const (
	// BlueprintTooling is the project's home in SSO domains: required, ON_CREATE at
	// deployment order 0.
	BlueprintTooling Blueprint = "Tooling"
	// BlueprintToolingLite replaces Tooling in IAM domains.
	BlueprintToolingLite          Blueprint = "ToolingLite"
	BlueprintLakehouseCatalog     Blueprint = "LakehouseCatalog"
	BlueprintDataLake             Blueprint = "DataLake"
	BlueprintRedshiftServerless   Blueprint = "RedshiftServerless"
	BlueprintEMRServerless        Blueprint = "EmrServerless"
	BlueprintEMROnEC2             Blueprint = "EmrOnEc2"
	BlueprintWorkflows            Blueprint = "Workflows"
	BlueprintMLExperiments        Blueprint = "MLExperiments"
	BlueprintBedrockGuardrail     Blueprint = "AmazonBedrockGuardrail"
	BlueprintBedrockPrompt        Blueprint = "AmazonBedrockPrompt"
	BlueprintBedrockEvaluation    Blueprint = "AmazonBedrockEvaluation"
	BlueprintBedrockKnowledgeBase Blueprint = "AmazonBedrockKnowledgeBase"
	BlueprintBedrockChatAgent     Blueprint = "AmazonBedrockChatAgent"
	BlueprintBedrockFunction      Blueprint = "AmazonBedrockFunction"
	BlueprintBedrockFlow          Blueprint = "AmazonBedrockFlow"
	BlueprintPartnerApps          Blueprint = "PartnerApps"
	BlueprintQuickSight           Blueprint = "QuickSight"
)

// KnownBlueprints lists every managed blueprint smusmesh knows, in a stable order.
func KnownBlueprints() []Blueprint {
	return []Blueprint{BlueprintTooling, BlueprintToolingLite, BlueprintLakehouseCatalog, BlueprintDataLake,
		BlueprintRedshiftServerless, BlueprintEMRServerless, BlueprintEMROnEC2, BlueprintWorkflows,
		BlueprintMLExperiments, BlueprintBedrockGuardrail, BlueprintBedrockPrompt, BlueprintBedrockEvaluation,
		BlueprintBedrockKnowledgeBase, BlueprintBedrockChatAgent, BlueprintBedrockFunction, BlueprintBedrockFlow,
		BlueprintPartnerApps, BlueprintQuickSight}
}

// CostlyBlueprints are the blueprints whose environments bill even when idle (an MLflow
// tracking server, an EMR cluster, a Redshift Serverless workgroup, an MWAA environment):
// a profile must not deploy them ON_CREATE for every project.
func CostlyBlueprints() []Blueprint {
	return []Blueprint{BlueprintMLExperiments, BlueprintEMROnEC2, BlueprintRedshiftServerless, BlueprintWorkflows}
}

// Known reports whether b is a managed blueprint smusmesh knows.
func (b Blueprint) Known() bool { return slices.Contains(KnownBlueprints(), b) }

// Costly reports whether b bills while idle.
func (b Blueprint) Costly() bool { return slices.Contains(CostlyBlueprints(), b) }

// IsTooling reports whether b is Tooling or ToolingLite.
func (b Blueprint) IsTooling() bool { return b == BlueprintTooling || b == BlueprintToolingLite }

// toolingFor returns the tooling blueprint of an identity mode.
func toolingFor(mode IdentityMode) Blueprint {
	if mode == IdentityModeIAM {
		return BlueprintToolingLite
	}
	return BlueprintTooling
}

func blueprintFix() string {
	return fmt.Sprintf("use one of %v", KnownBlueprints())
}
