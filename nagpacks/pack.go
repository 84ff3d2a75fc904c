package nagpacks

import (
	"fmt"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
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
	// Default: DefaultCostlyBlueprints().
	CostlyBlueprints []string
	// NagPackProps are the usual cdk-nag options (Verbose, LogIgnores, Reports,
	// ReportFormats, SuppressionIgnoreCondition, AdditionalLoggers).
	//
	// Default: the cdk-nag defaults (not verbose, CSV report on).
	NagPackProps *cdknag.NagPackProps
}

// DefaultCostlyBlueprints returns the blueprints whose environments bill even when idle:
// the MLflow tracking server (MLExperiments), EMR on EC2, Redshift Serverless and
// Workflows (MWAA): datamesh.CostlyBlueprints(), as strings.
func DefaultCostlyBlueprints() []string {
	var out []string
	for _, b := range datamesh.CostlyBlueprints() {
		out = append(out, string(b))
	}
	return out
}

// costlyAliases are names of environment configurations that identify a costly blueprint
// when the blueprint itself cannot be resolved (normalized, see norm).
var costlyAliases = []string{"mlflow", "mlflowtrackingserver", "mlexperiment", "mwaa", "airflow", "workflow", "emrcluster"}

// dataMeshPack is the NagPack. Visit reads the CloudFormation type of each resource once,
// dispatches to the rules registered for that type, evaluates them in Go and hands only
// the applicable results to cdk-nag (one ApplyRule per COMPLIANT or NON_COMPLIANT
// result), which keeps the number of jsii round trips low.
type dataMeshPack struct {
	cdknag.NagPack
	cfg    config
	byType map[string][]*rule
	stacks map[string]*stackIndex
}

// config is what the rules read from the props, with defaults applied.
type config struct {
	production bool
	today      string // YYYY-MM-DD
	standards  *datamesh.Standards
	costly     map[string]bool
}

// NewDataMeshPack returns the DataMesh pack, to add as an aspect to each Stage (or Stack):
//
//	awscdk.Aspects_Of(stage).Add(nagpacks.NewDataMeshPack(&nagpacks.DataMeshPackProps{Production: true}), nil)
//
// Most callers use Apply, which also adds AwsSolutions. props may be nil. It panics when
// props.Standards do not validate.
func NewDataMeshPack(props *DataMeshPackProps) cdknag.NagPack {
	if props == nil {
		props = &DataMeshPackProps{}
	}
	if err := props.Standards.Validate(); err != nil {
		panic(fmt.Errorf("smusmesh: nagpacks.NewDataMeshPack: %w", err))
	}
	now := time.Now()
	if props.Now != nil {
		now = *props.Now
	}
	costly := props.CostlyBlueprints
	if costly == nil {
		costly = DefaultCostlyBlueprints()
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
	p := &dataMeshPack{cfg: cfg, byType: map[string][]*rule{}, stacks: map[string]*stackIndex{}}
	for _, r := range registry {
		for _, t := range r.types {
			p.byType[t] = append(p.byType[t], r)
		}
	}
	cdknag.NewNagPack_Override(p, props.NagPackProps)
	p.SetPackName(jsii.String(PackName))
	return p
}

// Visit is called by the CDK for every construct under the scope the pack was added to.
func (p *dataMeshPack) Visit(node constructs.IConstruct) {
	cfn, ok := node.(awscdk.CfnResource)
	if !ok {
		return
	}
	typ := deref(cfn.CfnResourceType()) // the one type read per resource
	rules := p.byType[typ]
	if len(rules) == 0 {
		return
	}
	r := newResource(p, cfn, typ)
	var unreadable []string
	for _, rl := range rules {
		res, ok := evaluate(rl, r)
		if !ok {
			unreadable = append(unreadable, rl.id)
			continue
		}
		if res.compliance == cdknag.NagRuleCompliance_NOT_APPLICABLE {
			continue
		}
		p.ApplyRule(&appliedRule{rule: rl, node: cfn, result: res})
	}
	if len(unreadable) > 0 {
		awscdk.Annotations_Of(cfn).AddWarningV2(jsii.String(PackName+"-Unreadable"), jsii.String(fmt.Sprintf(
			"%s-Unreadable: the DataMesh rules %v could not read the properties of this resource and did not check it: %v",
			PackName, unreadable, r.propsErr)))
	}
}

// evaluate runs one rule; ok is false when the resource's properties could not be read.
func evaluate(rl *rule, r *resource) (res result, ok bool) {
	defer func() {
		if e := recover(); e != nil {
			if _, is := e.(errUnreadable); !is {
				panic(e)
			}
			ok = false
		}
	}()
	return rl.check(r), true
}

// appliedRule is the cdknag.IApplyRule handed to cdk-nag for one rule on one resource;
// the result is computed before, in Go.
type appliedRule struct {
	rule   *rule
	node   awscdk.CfnResource
	result result
	ignore cdknag.INagSuppressionIgnore
}

func (a *appliedRule) Rule(awscdk.CfnResource) interface{} {
	if a.result.compliance == cdknag.NagRuleCompliance_NON_COMPLIANT && len(a.result.findings) > 0 {
		f := make([]*string, len(a.result.findings))
		for i, s := range a.result.findings {
			f[i] = jsii.String(s)
		}
		return f
	}
	return a.result.compliance
}
func (a *appliedRule) Explanation() *string { return jsii.String(a.rule.explanation) }
func (a *appliedRule) SetExplanation(e *string) {
	a.rule = a.rule.with(func(r *rule) { r.explanation = deref(e) })
}
func (a *appliedRule) IgnoreSuppressionCondition() cdknag.INagSuppressionIgnore { return a.ignore }
func (a *appliedRule) SetIgnoreSuppressionCondition(i cdknag.INagSuppressionIgnore) {
	a.ignore = i
}
func (a *appliedRule) Info() *string                 { return jsii.String(a.rule.info) }
func (a *appliedRule) SetInfo(i *string)             { a.rule = a.rule.with(func(r *rule) { r.info = deref(i) }) }
func (a *appliedRule) Level() cdknag.NagMessageLevel { return a.rule.level }
func (a *appliedRule) SetLevel(l cdknag.NagMessageLevel) {
	a.rule = a.rule.with(func(r *rule) { r.level = l })
}
func (a *appliedRule) Node() awscdk.CfnResource     { return a.node }
func (a *appliedRule) SetNode(n awscdk.CfnResource) { a.node = n }
func (a *appliedRule) RuleSuffixOverride() *string  { return jsii.String(a.rule.suffix()) }
func (a *appliedRule) SetRuleSuffixOverride(s *string) {
	a.rule = a.rule.with(func(r *rule) { r.id = PackName + "-" + deref(s) })
}
