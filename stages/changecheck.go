package stages

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/changesim"
)

// ChangeCheckEnv names the environment variable that turns the change check off for one
// run when set to "off" (Settings.DisableChangeCheck turns it off in the settings).
const ChangeCheckEnv = "SMUSMESH_CHANGE_CHECK"

// Names the change check reports to the CDK: its violations are acknowledged and listed
// under "smusmesh-change-check::<rule>".
const (
	ChangeCheckPlugin = "smusmesh-change-check"
	// RuleServiceRefuses: the service would refuse an operation of the deployment.
	RuleServiceRefuses = "ServiceRefuses"
	// RuleStatefulReplaced: a domain or project would be replaced (a new, empty one).
	RuleStatefulReplaced = "StatefulReplaced"
	// RuleStatefulChange: another stateful resource would be replaced, deleted or orphaned.
	RuleStatefulChange = "StatefulChange"
	// RuleChangeCheck: the check could not run (the previous assembly is unreadable).
	RuleChangeCheck = "ChangeCheck"
)

// ChangeFinding is one finding of the change check: what deploying the new cloud assembly
// over the previous one would do that the service refuses, or that replaces, deletes or
// orphans a stateful resource.
type ChangeFinding struct {
	// Severity is "error" (the synth fails) or "warning".
	Severity string
	// Rule is RuleServiceRefuses, RuleStatefulReplaced or RuleStatefulChange.
	Rule string
	// Stack is the stack path: the top-level stack's display name (dev/Retail), then the
	// logical IDs of nested stack resources.
	Stack string
	// LogicalID and Type of the resource.
	LogicalID, Type string
	// Template is the file of the new assembly that holds the resource ("" when the
	// resource is gone from it).
	Template string
	// Message says what CloudFormation would do to the resource (naming it by Resource) and
	// what the service answers.
	Message string
	// Fix says how to change the definition so that the deployment goes through.
	Fix string
}

// Resource is the stack path and logical ID of the finding's resource.
func (f ChangeFinding) Resource() string { return f.Stack + "/" + f.LogicalID }

func (f ChangeFinding) String() string {
	return fmt.Sprintf("%s: %s. Fix: %s [%s]", f.Severity, f.Message, f.Fix, f.Rule)
}

// CheckChanges simulates deploying the cloud assembly in next over the one in previous (a
// stage's assembly-<stage> directory each) with the change simulator (internal/changesim)
// and returns its findings: every operation the service would refuse is an error, so is the
// replacement of a domain or a project (the new one starts empty and the old one stays
// orphaned: no edit of a mesh needs it); every other replacement, deletion or orphaning of
// a stateful resource (unit, key, bucket, Glue database, data source ...) is a warning.
func CheckChanges(previous, next string) ([]ChangeFinding, error) {
	r, err := changesim.Simulate(previous, next)
	if err != nil {
		return nil, err
	}
	files, err := changesim.TemplateFiles(next)
	if err != nil {
		return nil, err
	}
	// leaving: resources that the deployment deletes (true: retained in the service).
	leaving := map[string]bool{}
	for _, o := range r.Operations {
		if o.Kind == changesim.OpDelete || o.Kind == changesim.OpReplaceDelete {
			leaving[o.Stack+"/"+o.LogicalID] = o.Retained
		}
	}
	var out []ChangeFinding
	for _, f := range r.Failures {
		o := f.Operation
		msg := fmt.Sprintf("%s: %s", o, f.Message)
		if f.Identity != "" {
			msg += fmt.Sprintf("; %s is held by %s", f.Identity, f.Holder)
		}
		msg += " (" + f.Source + ")"
		out = append(out, ChangeFinding{Severity: "error", Rule: RuleServiceRefuses, Stack: o.Stack, LogicalID: o.LogicalID, Type: o.Type,
			Template: files[o.Stack], Message: msg, Fix: failureFix(f, leaving)})
	}
	for _, c := range r.StatefulChanges {
		f := ChangeFinding{Severity: "warning", Rule: RuleStatefulChange, Stack: c.Stack, LogicalID: c.LogicalID, Type: c.Type, Message: c.String()}
		switch c.Kind {
		case changesim.Replaced:
			f.Template = files[c.Stack]
			f.Fix = "undo the change of the create-only properties; if the replacement is meant, delete the old resource in the service once its data is handled"
			if c.Type == "AWS::DataZone::Domain" || c.Type == "AWS::DataZone::Project" {
				f.Severity, f.Rule = "error", RuleStatefulReplaced
				f.Message += ": a new, empty " + strings.TrimPrefix(c.Type, "AWS::DataZone::") + " is created, and the old one, with its members, assets and environments, stays in the service"
				f.Fix = "undo the change of the create-only properties (see the reason); to replace it on purpose, turn the change check off for this run (" + ChangeCheckEnv + "=off)"
			}
		case changesim.Orphaned:
			f.Fix = "if the resource is still wanted, restore it (for a project or unit: its key); otherwise delete it in the service once its data is handled"
		case changesim.Deleted:
			f.Fix = "if its data is still wanted, restore the resource (for a project or unit: its key), or set a Retain removal policy"
		}
		out = append(out, f)
	}
	return out, nil
}

// failureFix says how to avoid a refused operation, from what holds the identity.
func failureFix(f changesim.Failure, leaving map[string]bool) string {
	o := f.Operation
	switch {
	case f.Identity == "":
		return "change the template so that the operation is not needed (see the source)"
	case o.Kind == changesim.OpReplaceCreate && f.Holder.Stack == o.Stack && f.Holder.LogicalID == o.LogicalID:
		return "the replacement's new resource needs the identity its old one still holds (CloudFormation creates the new one first): undo the change the reason names (a create-only property, or any property of a type without an update handler), or change the identity (a name) in the same edit"
	}
	retained, gone := leaving[f.Holder.Stack+"/"+f.Holder.LogicalID]
	switch {
	case f.Holder.Orphaned || gone && retained:
		return "the holder leaves the templates but stays in the service (Retain, or the service keeps it): restore it (for a project or unit: restore its key), or delete it in the service before deploying"
	case gone:
		return "the holder is deleted only after this operation (CloudFormation creates and updates before it deletes): keep the entry's logical ID (for a project or unit: its key), or deploy the removal first and the addition in a second deployment"
	default:
		return "two resources of the new templates need the same identity: give one of them another name"
	}
}

// assemblySnapshot holds what the change simulator reads of a cloud assembly (manifests,
// templates, asset manifests) by path relative to its directory, read before the synth
// overwrites the directory.
type assemblySnapshot map[string][]byte

func snapshotAssembly(dir string) (assemblySnapshot, error) {
	s := assemblySnapshot{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			if strings.HasPrefix(e.Name(), "asset.") {
				return filepath.SkipDir
			}
			return nil
		}
		n := e.Name()
		if n != "manifest.json" && !strings.HasSuffix(n, ".template.json") && !strings.HasSuffix(n, ".assets.json") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		s[rel] = b
		return nil
	})
	return s, err
}

func (s assemblySnapshot) write(dir string) error {
	for rel, b := range s {
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// changeCheckOff says whether the change check is off for this stage.
func changeCheckOff(s *Settings) bool {
	return s.DisableChangeCheck || strings.EqualFold(strings.TrimSpace(os.Getenv(ChangeCheckEnv)), "off")
}

// AddChangeCheck registers the change check on stage (NewMeshStage does it for its stages;
// an app that builds its stages with the constructs can call it): dir is the previous cloud
// assembly of the stage (an assembly-<stage> directory), read now, before the synth
// overwrites it (it is often in the output directory), and simulated against the new
// assembly once the synth has written it (see CheckChanges). It returns false, and
// registers nothing, when dir holds no assembly (no manifest.json).
func AddChangeCheck(stage awscdk.Stage, dir string) bool {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		return false
	}
	snap, err := snapshotAssembly(dir)
	p := &changePlugin{snapshot: snap}
	if err != nil {
		p.readErr = fmt.Errorf("the previous cloud assembly %s cannot be read: %w", dir, err)
	}
	awscdk.Validations_Of(stage).AddPlugins(p)
	return true
}

// changePlugin is the change check as a CDK policy validation plugin: a refused operation
// or a replaced domain or project fails the synth (cdk synth, stages.Synth), the other
// stateful changes are printed as warnings.
type changePlugin struct {
	snapshot assemblySnapshot
	readErr  error
}

var _ awscdk.IPolicyValidationPlugin = (*changePlugin)(nil)

func (p *changePlugin) Name() *string    { return jsii.String(ChangeCheckPlugin) }
func (p *changePlugin) Version() *string { return jsii.String("1.0.0") }
func (p *changePlugin) RuleIds() *[]*string {
	return jsii.Strings(RuleServiceRefuses, RuleStatefulReplaced, RuleStatefulChange, RuleChangeCheck)
}

// Validate implements awscdk.IPolicyValidationPlugin: the new assembly is the directory of
// the stage's templates.
func (p *changePlugin) Validate(ctx awscdk.IPolicyValidationContext) *awscdk.PolicyValidationPluginReport {
	violations := []*awscdk.PolicyViolation{}
	report := func() *awscdk.PolicyValidationPluginReport {
		ok := true
		for _, v := range violations {
			ok = ok && *v.Severity != "error"
		}
		return &awscdk.PolicyValidationPluginReport{Success: jsii.Bool(ok), Violations: &violations, PluginVersion: jsii.String("1.0.0")}
	}
	skipped := func(err error) *awscdk.PolicyValidationPluginReport {
		violations = append(violations, &awscdk.PolicyViolation{RuleName: jsii.String(RuleChangeCheck), Severity: jsii.String("warning"),
			Description:        jsii.String(fmt.Sprintf("the change check did not run: %v", err)),
			Fix:                jsii.String("keep the last deployed cloud assembly readable in the output directory or $" + PreviousAssemblyEnv),
			ViolatingResources: &[]*awscdk.PolicyViolatingResource{}})
		return report()
	}
	if p.readErr != nil {
		return skipped(p.readErr)
	}
	tp := ctx.TemplatePaths()
	if tp == nil || len(*tp) == 0 || (*tp)[0] == nil {
		return report()
	}
	next := filepath.Dir(*(*tp)[0])
	prev, err := os.MkdirTemp("", "smusmesh-previous-")
	if err != nil {
		return skipped(err)
	}
	defer os.RemoveAll(prev)
	if err := p.snapshot.write(prev); err != nil {
		return skipped(err)
	}
	findings, err := CheckChanges(prev, next)
	if err != nil {
		return skipped(err)
	}
	for _, f := range findings {
		res := []*awscdk.PolicyViolatingResource{}
		if f.Template != "" {
			res = append(res, &awscdk.PolicyViolatingResource{ResourceLogicalId: jsii.String(f.LogicalID), TemplatePath: jsii.String(f.Template), Locations: &[]*string{}})
		}
		violations = append(violations, &awscdk.PolicyViolation{
			RuleName:           jsii.String(f.Rule),
			Description:        jsii.String(f.Message),
			Fix:                jsii.String(f.Fix),
			Severity:           jsii.String(f.Severity),
			ViolatingResources: &res,
		})
	}
	return report()
}
