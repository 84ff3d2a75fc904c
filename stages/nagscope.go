package stages

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/nagscope"
)

// projectStackTypes are the resource type prefixes a project's nested stack may hold
// while AwsSolutions skips it: every AwsSolutions rule of cdk-nag 2.38 tests the node's
// L1 class (node instanceof CfnBucket, CfnRole, ...; two EKS and VPC rules also a custom
// type of their own) and returns NOT_APPLICABLE for any other, and none tests a DataZone,
// Lake Formation or Glue data quality class or smusmesh's custom types (cdk-nag
// src/rules; proven for a mesh of every project feature by TestAwsSolutionsScope).
// (An entry ending in "::" is a service prefix.)
var projectStackTypes = []string{"AWS::DataZone::", "AWS::LakeFormation::", "AWS::Glue::DataQualityRuleset",
	"Custom::SmusmeshLakehouseConnection", "Custom::SmusmeshPolicyGrant"}

// nagScope applies cdk-nag's AwsSolutions pack (as nagpacks.Apply configures it) to a
// MeshStage without the projects' nested stacks and the constructs that hold their
// AWS::CloudFormation::Stack resources, and checks after synth that the nested stacks
// hold only resource types no AwsSolutions rule checks and that what it skipped as a
// holder was one.
//
// NewMeshStage adds the pack to every child of the stage and, in the governance and
// domain stacks, to every child but the projects' nested stacks and their holders
// ("<id>.NestedStack"). It is also an aspect on
// the governance stack, the stage's first child: its first visit, before any aspect
// reaches the domain stacks, does the same for what a user added after NewMeshStage
// returned (a stack of their own, a construct in a domain stack). Each later visit
// returns at once (a few dozen callbacks per stage).
type nagScope struct {
	_ byte // a non-zero size gives every *nagScope its own jsii identity

	m    *MeshStage
	pack awscdk.IAspect
	done bool
	// skipped are the template file names of the nested stacks the pack skipped, by the
	// construct path of the nested stack.
	skipped map[string]string
	// holders are the children the pack skipped as the "<id>.NestedStack" construct of
	// the project nested stack before them (see apply).
	holders []holder
	stage   []string     // construct path components of the stage
	seen    map[any]bool // children of the stage and of its stacks handled
}

// holder is a child of a domain stack that the pack skipped, found by its position: the
// child right after a project's nested stack.
type holder struct {
	stack  string // construct id of the domain stack, a child of the stage
	index  int    // position among the stack's children
	nested string // construct id of the nested stack, the child at index-1
}

var _ awscdk.IAspect = (*nagScope)(nil)

// deferAwsSolutions makes the nagpacks.Apply that follows on the stage hand its
// AwsSolutions pack to m (see nagScope).
func (m *MeshStage) deferAwsSolutions() *nagScope {
	s := &nagScope{m: m, skipped: map[string]string{}}
	nagscope.Defer(m.Stage, func(a awscdk.IAspect) { s.pack = a })
	return s
}

// register adds the aspect to the governance stack and the guard to the stage.
func (s *nagScope) register() {
	if s.pack == nil {
		return
	}
	awscdk.Aspects_Of(s.m.govStack).Add(s, nil)
	awscdk.Validations_Of(s.m.Stage).AddPlugins(&nagScopeGuard{s: s})
}

// built applies the pack to what NewMeshStage built (see apply).
func (s *nagScope) built() {
	if s != nil {
		s.apply()
	}
}

// Visit implements awscdk.IAspect.
func (s *nagScope) Visit(constructs.IConstruct) {
	if s.done {
		return
	}
	s.done = true
	s.apply()
}

// apply adds the pack to every child of the stage and of smusmesh's stacks that it was
// not added to yet, but the projects' nested stacks and the constructs that hold their
// AWS::CloudFormation::Stack resources. NewMeshStage calls it once it has built the
// stage, outside any callback, and the first Visit again, at synth, for what a user added
// after that (usually nothing). Two jsii calls per stack list its children; each addition
// is two more, none per project.
func (s *nagScope) apply() {
	if s.pack == nil {
		return
	}
	m := s.m
	if s.stage == nil {
		s.stage = strings.Split(*m.Stage.Node().Path(), "/")
		s.seen = map[any]bool{}
	}
	// A jsii object comes back from the kernel as the same Go value each time (the Go
	// runtime keeps one per object), so the stacks smusmesh made and the children seen
	// before are found without a call per child.
	mine := map[any]bool{}
	for _, st := range m.stacks {
		mine[st] = true
	}
	for _, c := range *m.Stage.Node().Children() {
		if mine[c] || s.seen[c] {
			continue
		}
		s.seen[c] = true
		if !*awscdk.Stage_IsStage(c) { // aspects do not reach inside a Stage, nor did the pack
			awscdk.Aspects_Of(c).Add(s.pack, nil)
		}
	}
	for _, st := range m.stacks {
		kids := *st.Node().Children()
		for i := 0; i < len(kids); i++ {
			c := kids[i]
			if s.seen[c] {
				continue
			}
			s.seen[c] = true
			ids, ok := m.projectStacks[c]
			if !ok {
				awscdk.Aspects_Of(c).Add(s.pack, nil)
				continue
			}
			s.skipped[strings.Join(append(slices.Clone(s.stage), ids[0], ids[1]), "/")] = cfnschema.NestedTemplateName(append(slices.Clone(s.stage), ids[0], ids[1])...)
			// A NestedStack is a child of its scope (the domain stack); aws-cdk-lib creates
			// the construct "<id>.NestedStack" beside it right after it, which holds its
			// AWS::CloudFormation::Stack resource in the domain stack's template
			// (core/lib/nested-stack.ts), and children are listed in creation order. No
			// AwsSolutions rule checks that type (cdk-nag src/rules: every rule returns
			// NOT_APPLICABLE for it, so it adds no report line), so the pack skips it too,
			// found by position without a call to read its id; the guard proves from the
			// assembly's tree.json that it was that construct and held only that resource.
			if i+1 < len(kids) && !s.seen[kids[i+1]] {
				i++
				s.seen[kids[i]] = true
				s.holders = append(s.holders, holder{stack: ids[0], index: i, nested: ids[1]})
			}
		}
	}
}

// nagScopeGuard fails the synth of a stage whose project nested stacks, which
// AwsSolutions skipped, hold a resource of a type outside projectStackTypes, or where a
// child that AwsSolutions skipped as a nested stack's resource holder is not one.
type nagScopeGuard struct {
	_ byte
	s *nagScope
}

var _ awscdk.IPolicyValidationPlugin = (*nagScopeGuard)(nil)

func (g *nagScopeGuard) Name() *string    { return jsii.String("smusmesh-awssolutions-scope") }
func (g *nagScopeGuard) Version() *string { return jsii.String("1.0.0") }
func (g *nagScopeGuard) RuleIds() *[]*string {
	return &[]*string{jsii.String("ProjectStackUnchecked"), jsii.String("NestedStackHolderUnproven")}
}

// Validate implements awscdk.IPolicyValidationPlugin.
func (g *nagScopeGuard) Validate(ctx awscdk.IPolicyValidationContext) *awscdk.PolicyValidationPluginReport {
	violations := []*awscdk.PolicyViolation{}
	dir := ""
	if tp := ctx.TemplatePaths(); tp != nil && len(*tp) > 0 && (*tp)[0] != nil {
		dir = filepath.Dir(*(*tp)[0])
	}
	for _, p := range g.s.uncheckedIn(dir) {
		violations = append(violations, &awscdk.PolicyViolation{
			RuleName:    jsii.String("ProjectStackUnchecked"),
			Description: jsii.String(p),
			Severity:    jsii.String("error"),
			Fix: jsii.String("add the resource to the domain stack (MeshStage.DomainStack) or a stack of your own, " +
				"or set Settings.Nag.AwsSolutionsInProjectStacks to check the projects' nested stacks too"),
			ViolatingResources: &[]*awscdk.PolicyViolatingResource{},
		})
	}
	for _, p := range g.s.unprovenHolders(dir) {
		violations = append(violations, &awscdk.PolicyViolation{
			RuleName:    jsii.String("NestedStackHolderUnproven"),
			Description: jsii.String(p),
			Severity:    jsii.String("error"),
			Fix: jsii.String("set Settings.Nag.AwsSolutionsInProjectStacks to check the projects' nested stacks and everything beside them; " +
				"without a tree.json, keep the App's tree metadata on (AppProps.TreeMetadata); otherwise report this to smusmesh with the aws-cdk-lib version"),
			ViolatingResources: &[]*awscdk.PolicyViolatingResource{},
		})
	}
	return &awscdk.PolicyValidationPluginReport{Success: jsii.Bool(len(violations) == 0), Violations: &violations, PluginVersion: jsii.String("1.0.0")}
}

// uncheckedIn returns a problem line for every resource of a skipped nested stack, in the
// stage assembly directory dir, whose type AwsSolutions might check.
func (s *nagScope) uncheckedIn(dir string) []string {
	var out []string
	paths := make([]string, 0, len(s.skipped))
	for p := range s.skipped {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		b, err := os.ReadFile(filepath.Join(dir, s.skipped[p]))
		if err != nil {
			out = append(out, fmt.Sprintf("%s: cannot read its template to check that AwsSolutions may skip it: %v", p, err))
			continue
		}
		var t struct {
			Resources map[string]struct {
				Type     string
				Metadata map[string]any
			}
		}
		if err := json.Unmarshal(b, &t); err != nil {
			out = append(out, fmt.Sprintf("%s: %v", p, err))
			continue
		}
		ids := make([]string, 0, len(t.Resources))
		for id := range t.Resources {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			r := t.Resources[id]
			if skippable(r.Type) {
				continue
			}
			where := p + " " + id
			if cp, ok := r.Metadata["aws:cdk:path"].(string); ok {
				where = cp
			}
			out = append(out, fmt.Sprintf("%s (%s) is in a project's nested stack, which cdk-nag AwsSolutions does not visit in a MeshStage: "+
				"only DataZone, Lake Formation and smusmesh's own resources, which no AwsSolutions rule checks, may be there unchecked", where, r.Type))
		}
	}
	return out
}

// unprovenHolders returns a problem line for every child that apply skipped as the
// "<id>.NestedStack" construct of the project nested stack before it, and that the App's
// tree.json, written before the validation plugins run, shows to be something else: not
// the child right after that nested stack, named otherwise, or holding more than the
// nested stack's AWS::CloudFormation::Stack resource.
func (s *nagScope) unprovenHolders(dir string) []string {
	if len(s.holders) == 0 {
		return nil
	}
	stagePath := strings.Join(s.stage, "/")
	const why = "AwsSolutions skipped it as the holder of a project nested stack's AWS::CloudFormation::Stack resource, " +
		"which aws-cdk-lib creates right after the nested stack; it was not checked"
	t, err := readAppTree(dir)
	if err != nil {
		return []string{fmt.Sprintf("%s: cannot prove what AwsSolutions skipped beside the projects' nested stacks: %v", stagePath, err)}
	}
	var out []string
	for _, h := range s.holders {
		where := stagePath + "/" + h.stack
		want := h.nested + ".NestedStack"
		st, err := t.lookup(append(slices.Clone(s.stage), h.stack)...)
		switch {
		case err != nil:
			out = append(out, fmt.Sprintf("%s: %v", where, err))
			continue
		case st == nil:
			out = append(out, fmt.Sprintf("%s: not in the construct tree (tree.json); %s", where, why))
			continue
		case h.index >= len(st.children) || st.children[h.index-1].id != h.nested || st.children[h.index].id != want:
			got := "no child"
			if h.index < len(st.children) {
				got = fmt.Sprintf("%q", st.children[h.index].id)
			}
			out = append(out, fmt.Sprintf("%s: child %d, after nested stack %s, is %s, not %q: %s", where, h.index, h.nested, got, want, why))
			continue
		}
		hn, err := t.resolve(st.children[h.index])
		if err != nil {
			out = append(out, fmt.Sprintf("%s/%s: %v", where, want, err))
			continue
		}
		// It holds exactly one construct, the resource "<id>.NestedStackResource" of type
		// AWS::CloudFormation::Stack, without children, and is no resource itself.
		var held []string
		for _, c := range hn.children {
			if c, err = t.resolve(c); err != nil {
				held = append(held, err.Error())
				continue
			}
			held = append(held, fmt.Sprintf("%s (%s, %d children)", c.id, or(c.cfnType, "no resource"), len(c.children)))
		}
		if hn.cfnType != "" || len(hn.children) != 1 || held[0] != h.nested+".NestedStackResource (AWS::CloudFormation::Stack, 0 children)" {
			out = append(out, fmt.Sprintf("%s/%s is %s and holds [%s], not only the nested stack's AWS::CloudFormation::Stack resource: %s",
				where, want, or(hn.cfnType, "no resource"), strings.Join(held, "; "), why))
		}
	}
	return out
}

func skippable(typ string) bool {
	for _, p := range projectStackTypes {
		if typ == p || strings.HasSuffix(p, "::") && strings.HasPrefix(typ, p) {
			return true
		}
	}
	return false
}
