package datamesh

import (
	"fmt"
	"regexp"
	"slices"
)

// Blueprint is a SageMaker Unified Studio managed environment blueprint, named by its
// identifier in the service (the EnvironmentBlueprintIdentifier of its configuration).
// Any managed blueprint works by its service name, Blueprint("EmrOnEks") included: the
// constants below are the ones smusmesh knows the parameters, costs and defaults of. A
// blueprint the library does not know gets no regional parameters unless
// BlueprintOptions sets them (see BlueprintParameters).
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
	// BlueprintS3Bucket and BlueprintS3TableCatalog are on-demand resource blueprints
	// (SMUS admin guide, available-resource-blueprints): AWS enables them with no
	// provisioning role and no parameters, so the project execution role provisions them
	// (aws-ia/terraform-aws-sagemaker-unified-studio modules/default-project-profile).
	BlueprintS3Bucket       Blueprint = "S3Bucket"
	BlueprintS3TableCatalog Blueprint = "S3TableCatalog"
)

// KnownBlueprints lists every managed blueprint smusmesh knows, in a stable order.
func KnownBlueprints() []Blueprint {
	return []Blueprint{BlueprintTooling, BlueprintToolingLite, BlueprintLakehouseCatalog, BlueprintDataLake,
		BlueprintRedshiftServerless, BlueprintEMRServerless, BlueprintEMROnEC2, BlueprintWorkflows,
		BlueprintMLExperiments, BlueprintBedrockGuardrail, BlueprintBedrockPrompt, BlueprintBedrockEvaluation,
		BlueprintBedrockKnowledgeBase, BlueprintBedrockChatAgent, BlueprintBedrockFunction, BlueprintBedrockFlow,
		BlueprintPartnerApps, BlueprintQuickSight, BlueprintS3Bucket, BlueprintS3TableCatalog}
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

// blueprintIdentifier is the pattern of EnvironmentBlueprintIdentifier in the registry
// schema of AWS::DataZone::EnvironmentBlueprintConfiguration.
var blueprintIdentifier = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,36}$`)

// Valid reports whether b can name a managed blueprint: 1-36 letters, digits, _ or -.
func (b Blueprint) Valid() bool { return blueprintIdentifier.MatchString(string(b)) }

func blueprintFix() string {
	return fmt.Sprintf("a managed blueprint's service name is 1-36 letters, digits, _ or - (known: %v)", KnownBlueprints())
}

// The regional parameters a blueprint configuration can receive from the domain.
const (
	paramS3Location = "S3Location"
	paramVPCID      = "VpcId"
	paramSubnets    = "Subnets"
)

// BlueprintParameters returns the names of the regional parameters the domain passes to
// a blueprint's configuration from ToolingOptions (S3Location, VpcId, Subnets): only the
// ones the blueprint takes. AWS enables LakehouseCatalog with none and every other
// blueprint of its "enable all" template with the three
// (aws/Unified-Studio-for-Amazon-Sagemaker cloudformation/domain/enable_all_blueprints.yaml);
// ToolingLite with VpcId and Subnets, S3Bucket and S3TableCatalog with none
// (aws-ia/terraform-aws-sagemaker-unified-studio modules/default-project-profile). A
// blueprint smusmesh does not know gets none: set BlueprintOptions.Parameters.
func BlueprintParameters(b Blueprint) []string {
	switch b {
	case BlueprintLakehouseCatalog, BlueprintS3Bucket, BlueprintS3TableCatalog:
		return nil
	case BlueprintToolingLite:
		return []string{paramSubnets, paramVPCID}
	}
	if b.Known() {
		return []string{paramS3Location, paramSubnets, paramVPCID}
	}
	return nil
}

// projectRoleProvisions reports whether AWS enables b with no provisioning role, so that
// the project execution role provisions it (SMUS admin guide,
// resource-blueprint-provisioning-role: "If no provisioning role is configured, ... falls
// back to the project execution role"; aws-ia modules/default-project-profile).
func projectRoleProvisions(b Blueprint) bool {
	return b == BlueprintS3Bucket || b == BlueprintS3TableCatalog
}
