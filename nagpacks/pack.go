package nagpacks

import (
	"fmt"
	"time"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// PackName is the name of the DataMesh pack: every rule ID starts with "DataMesh-", and
// the pack's compliance report is DataMesh-<stack>-NagReport.csv (and .json).
const PackName = "DataMesh"

// DataMeshPackProps configures the DataMesh pack.
type DataMeshPackProps struct {
	// Production is true when the checked stage is a production stage; rules that only
	// matter in production (grants to all users) check only then.
	//
	// Default: false.
	Production bool
	// Now is the synth date that temporary memberships are compared with.
	//
	// Default: time.Now() when the pack is created.
	Now *time.Time
	// Standards are the mesh's naming conventions and required data-contract fields.
	// The pack panics when they do not validate.
	//
	// Default: datamesh.DefaultStandards().
	Standards *datamesh.Standards
	// CostlyBlueprints are the managed blueprint names (EnvironmentBlueprintIdentifier of
	// a blueprint configuration, e.g. "MLExperiments") that must not deploy ON_CREATE.
	// Matching ignores case, spaces, dashes and underscores.
	//
	// Default: datamesh.CostlyBlueprints(), the one list the cost report and RULES.md
	// also follow, plus common configuration-name aliases ("MLflow", "MWAA").
	CostlyBlueprints []string
	// Rules are a governance team's own rules, checked with the pack's rules and reported
	// in the same way (see Rule).
	//
	// Default: none.
	Rules []*Rule
	// NagPackProps are the usual cdk-nag options the pack honours: Verbose, LogIgnores,
	// Reports and ReportFormats. SuppressionIgnoreCondition and AdditionalLoggers are
	// cdk-nag (JavaScript) objects that the pack, which runs in Go, does not call.
	//
	// Default: the cdk-nag defaults (not verbose, CSV report on).
	NagPackProps *cdknag.NagPackProps
}

// defaultCostlyBlueprints is datamesh.CostlyBlueprints() as strings.
func defaultCostlyBlueprints() []string {
	var out []string
	for _, b := range datamesh.CostlyBlueprints() {
		out = append(out, string(b))
	}
	return out
}

// costlyAliases are names of environment configurations that identify a costly blueprint
// when the blueprint itself cannot be resolved (normalized, see norm).
var costlyAliases = []string{"mlflow", "mlflowtrackingserver", "mlexperiment", "mwaa", "airflow", "workflow", "emrcluster"}

// config is what the rules read from the props, with defaults applied.
type config struct {
	production bool
	today      string // YYYY-MM-DD
	standards  *datamesh.Standards
	costly     map[string]bool
}

// NewDataMeshPack returns the DataMesh pack. Register it with AddDataMeshPack (or Apply,
// which also adds AwsSolutions and the registry-schema check). props may be nil. It
// panics when props.Standards or props.Rules do not validate.
func NewDataMeshPack(props *DataMeshPackProps) *DataMeshPack {
	if props == nil {
		props = &DataMeshPackProps{}
	}
	if err := props.Standards.Validate(); err != nil {
		panic(fmt.Errorf("smusmesh: nagpacks.NewDataMeshPack: %w", err))
	}
	if err := validateRules(props.Rules); err != nil {
		panic(fmt.Errorf("smusmesh: nagpacks.NewDataMeshPack: %w", err))
	}
	now := time.Now()
	if props.Now != nil {
		now = *props.Now
	}
	costly := props.CostlyBlueprints
	if costly == nil {
		costly = defaultCostlyBlueprints()
	}
	cfg := config{
		production: props.Production,
		today:      now.Format(time.DateOnly),
		standards:  props.Standards.WithDefaults(),
		costly:     map[string]bool{},
	}
	for _, b := range costly {
		cfg.costly[norm(b)] = true
	}
	if props.CostlyBlueprints == nil {
		for _, a := range costlyAliases {
			cfg.costly[a] = true
		}
	}
	p := &DataMeshPack{cfg: cfg, byType: map[string][]*Rule{}, reports: true, formats: []string{"csv"}}
	if np := props.NagPackProps; np != nil {
		p.verbose = np.Verbose != nil && *np.Verbose
		p.logIgnores = np.LogIgnores != nil && *np.LogIgnores
		p.reports = np.Reports == nil || *np.Reports
		if np.ReportFormats != nil && len(*np.ReportFormats) > 0 {
			p.formats = nil
			for _, f := range *np.ReportFormats {
				switch f {
				case cdknag.NagReportFormat_CSV:
					p.formats = append(p.formats, "csv")
				case cdknag.NagReportFormat_JSON:
					p.formats = append(p.formats, "json")
				}
			}
		}
	}
	for _, r := range append(append([]*Rule{}, registry...), props.Rules...) {
		for _, t := range r.ResourceTypes {
			p.byType[t] = append(p.byType[t], r)
		}
	}
	return p
}
