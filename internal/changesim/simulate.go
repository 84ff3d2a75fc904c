package changesim

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

// OpKind is what CloudFormation does to one resource.
type OpKind string

// Operation kinds, in the words of a CloudFormation change set.
const (
	OpCreate OpKind = "create"
	OpUpdate OpKind = "update"
	// OpReplaceCreate is the first half of a replacement: the new resource is created while
	// the old one still exists.
	OpReplaceCreate OpKind = "replace: create new"
	// OpReplaceDelete is the second half, in the cleanup phase.
	OpReplaceDelete OpKind = "replace: delete old"
	OpDelete        OpKind = "delete"
)

// Operation is one step of the simulated deployment.
type Operation struct {
	Kind OpKind
	// Stack is the stack path: the top-level stack's display name (dev/Retail), then the
	// logical IDs of nested stack resources.
	Stack     string
	LogicalID string
	Type      string
	// Reason says why (the create-only or changed properties, a type without update handler).
	Reason string
	// Retained is true for a delete (or the old half of a replacement) whose DeletionPolicy
	// (UpdateReplacePolicy) is Retain, or that the service keeps anyway: the resource stays
	// in the service, orphaned, and keeps its identity.
	Retained bool
}

func (o Operation) String() string {
	s := fmt.Sprintf("%s %s/%s (%s)", o.Kind, o.Stack, o.LogicalID, o.Type)
	if o.Reason != "" {
		s += ": " + o.Reason
	}
	if o.Retained {
		s += " [retained: orphaned in the service]"
	}
	return s
}

// Holder is the resource that holds an identity in the service.
type Holder struct {
	Stack, LogicalID, Type string
	// Orphaned is true when the holder left its template but stays in the service
	// (Retain, or no delete API).
	Orphaned bool
}

func (h Holder) String() string {
	s := h.Stack + "/" + h.LogicalID
	if h.Orphaned {
		s += " (orphaned, still in the service)"
	}
	return s
}

// Failure is an operation the service would refuse.
type Failure struct {
	Operation Operation
	// Identity is the service identity that collides, or "" for a hazard.
	Identity string
	// Holder holds the identity already (zero for a hazard).
	Holder Holder
	// Message is the service's error (or the hazard).
	Message string
	// Source documents the rule.
	Source string
}

func (f Failure) String() string {
	if f.Identity == "" {
		return fmt.Sprintf("%s\n    %s\n    source: %s", f.Operation, f.Message, f.Source)
	}
	return fmt.Sprintf("%s\n    fails: %s\n    identity %s is held by %s\n    source: %s", f.Operation, f.Message, f.Identity, f.Holder, f.Source)
}

// ChangeKind is what happens to a stateful resource.
type ChangeKind string

// Stateful change kinds.
const (
	Replaced ChangeKind = "replaced"
	Deleted  ChangeKind = "deleted"
	Orphaned ChangeKind = "orphaned"
)

// StatefulChange is a stateful resource (see Stateful) that a deployment replaces, deletes or
// orphans.
type StatefulChange struct {
	Kind                   ChangeKind
	Stack, LogicalID, Type string
	Reason                 string
	// Retained: the old resource stays in the service, orphaned (replaced and orphaned).
	Retained bool
}

func (c StatefulChange) String() string {
	s := fmt.Sprintf("%s %s/%s (%s)", c.Kind, c.Stack, c.LogicalID, c.Type)
	if c.Reason != "" {
		s += ": " + c.Reason
	}
	if c.Retained && c.Kind == Replaced {
		s += "; the old one stays orphaned (Retain)"
	}
	return s
}

// Report is the outcome of a simulated deployment of after over before.
type Report struct {
	// Operations in the order the simulation applied them (no-ops left out).
	Operations []Operation
	// Failures: operations the service would refuse, and hazards.
	Failures []Failure
	// StatefulChanges: stateful resources replaced, deleted or orphaned.
	StatefulChanges []StatefulChange
	// Notes: things the simulation could not model (unknown types, before-state collisions).
	Notes []string
}

// String lists failures, stateful changes and operations, for test failures.
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d failure(s):\n", len(r.Failures))
	for _, f := range r.Failures {
		fmt.Fprintf(&b, "  %s\n", f)
	}
	fmt.Fprintf(&b, "%d stateful change(s):\n", len(r.StatefulChanges))
	for _, c := range r.StatefulChanges {
		fmt.Fprintf(&b, "  %s\n", c)
	}
	fmt.Fprintf(&b, "%d operation(s):\n", len(r.Operations))
	for _, o := range r.Operations {
		fmt.Fprintf(&b, "  %s\n", o)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(&b, "note: %s\n", n)
	}
	return b.String()
}

// holding is the resource holding an identity.
type holding struct {
	res      string // stack path/logical ID
	gen      int
	typ      string
	orphaned bool
}

type sim struct {
	before, after   *resolver
	gens            map[string]int      // current generation of each resource (stack path/logical ID)
	prev            map[string]int      // generations when the step started (the deployed side)
	held            map[string]*holding // identity -> holder
	identOf         map[string]string   // resource key#gen -> identity it holds
	report          *Report
	cleanup         []func()
	schemaNoteTypes map[string]bool
}

// Simulate deploys the cloud assembly in after over the one in before (a directory each;
// before "" is an empty account) and reports what the services would refuse and which
// stateful resources would be replaced, deleted or orphaned. See the package documentation
// for what it models.
func Simulate(before, after string) (*Report, error) {
	return SimulateSteps(before, after)
}

// SimulateSteps deploys each assembly over the previous one, in turn, and reports all steps
// together: the first directory is what is deployed already ("" for an empty account). What
// one step orphans stays in the service for the next.
func SimulateSteps(dirs ...string) (*Report, error) {
	if len(dirs) < 2 {
		return nil, errors.New("changesim: give the deployed assembly and at least one to deploy")
	}
	asms := make([]*assembly, len(dirs))
	for i, d := range dirs {
		a, err := loadAssembly(d)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d, err)
		}
		asms[i] = a
	}
	s := &sim{gens: map[string]int{}, prev: map[string]int{}, held: map[string]*holding{}, identOf: map[string]string{},
		report: &Report{}, schemaNoteTypes: map[string]bool{}}
	s.before = &resolver{gen: func(k string) int { return s.prev[k] }}
	s.after = &resolver{gen: func(k string) int { return s.gens[k] }}
	for _, st := range asms[0].tops {
		s.deployed(st)
	}
	for i := 1; i < len(asms); i++ {
		s.prev = maps.Clone(s.gens)
		s.step(asms[i-1], asms[i])
	}
	return s.report, nil
}

// step deploys every stack of a over b, stack by stack in deployment order.
func (s *sim) step(b, a *assembly) {
	old := map[string]*stack{}
	for _, st := range b.tops {
		old[st.path] = st
	}
	for _, st := range a.tops {
		s.cleanup = nil
		s.phase1(old[st.path], st)
		for _, f := range s.cleanup {
			f()
		}
		delete(old, st.path)
	}
	for _, st := range b.tops {
		if _, ok := old[st.path]; ok {
			s.note("stack %s is not in the new assembly: cdk deploy leaves it as it is", st.path)
		}
	}
}

func (s *sim) note(format string, args ...any) {
	s.report.Notes = append(s.report.Notes, fmt.Sprintf(format, args...))
}

// deployed records the identities of everything in a deployed stack (the before state).
func (s *sim) deployed(st *stack) {
	for _, id := range order(st) {
		r := st.tpl.Resources[id]
		if r.Type == nestedStackType {
			if n := st.nested[id]; n != nil {
				s.deployed(n)
			}
			continue
		}
		props, _ := s.before.value(st, r.Properties).(map[string]any)
		ident := identity(r.Type, props, st)
		if ident == "" {
			continue
		}
		key := st.path + "/" + id
		if h := s.held[ident]; h != nil {
			s.note("before state: %s and %s share the identity %s (the first deploy would fail)", h.res, key, ident)
			continue
		}
		s.held[ident] = &holding{res: key, typ: r.Type}
		s.identOf[key+"#0"] = ident
	}
}

func (s *sim) op(o Operation) {
	s.report.Operations = append(s.report.Operations, o)
}

// phase1 is CloudFormation's create/update phase of one stack (old nil: a new stack); the
// deletes and old halves of replacements go to s.cleanup.
func (s *sim) phase1(old, cur *stack) {
	for _, id := range order(cur) {
		r := cur.tpl.Resources[id]
		key := cur.path + "/" + id
		var o *resource
		if old != nil {
			o = old.tpl.Resources[id]
		}
		if o != nil && o.Type != r.Type {
			// CloudFormation refuses the whole change set: a logical ID keeps its type.
			s.report.Failures = append(s.report.Failures, Failure{
				Operation: Operation{Kind: OpUpdate, Stack: cur.path, LogicalID: id, Type: r.Type, Reason: "the type changed from " + o.Type},
				Message:   "Update of resource type is not permitted. The new template modifies resource type of the following resources: [" + id + "] (remove the resource in one deploy, add it back in the next)",
				Source:    typeChangeSource,
			})
			continue
		}
		if r.Type == nestedStackType {
			var on *stack
			nop := Operation{Kind: OpCreate, Stack: cur.path, LogicalID: id, Type: r.Type, Reason: "new nested stack"}
			if o != nil {
				on = old.nested[id]
				nop.Kind, nop.Reason = OpUpdate, "nested stack"
			}
			// The nested stack's own operation goes first; an update is only listed when
			// something inside it changes.
			mark := len(s.report.Operations)
			s.op(nop)
			if n := cur.nested[id]; n != nil {
				s.phase1(on, n)
			}
			if o != nil && len(s.report.Operations) == mark+1 {
				s.report.Operations = s.report.Operations[:mark]
			}
			continue
		}
		if r.Type == "AWS::CDK::Metadata" {
			continue
		}
		props, _ := s.after.value(cur, r.Properties).(map[string]any)
		if o == nil {
			s.create(Operation{Kind: OpCreate, Stack: cur.path, LogicalID: id, Type: r.Type}, key, props, cur)
			continue
		}
		oldProps, _ := s.before.value(old, o.Properties).(map[string]any)
		changed := changedProps(oldProps, props)
		if len(changed) == 0 {
			continue
		}
		replace, reason := s.needsReplacement(r.Type, oldProps, props, changed)
		if !replace {
			s.update(Operation{Kind: OpUpdate, Stack: cur.path, LogicalID: id, Type: r.Type, Reason: reason}, key, props, cur)
			continue
		}
		oldGen := s.gens[key]
		s.gens[key]++
		retained := isRetain(o.UpdateReplacePolicy) || keptByService(r.Type)
		if isStateful(r.Type) {
			s.report.StatefulChanges = append(s.report.StatefulChanges, StatefulChange{Kind: Replaced,
				Stack: cur.path, LogicalID: id, Type: r.Type, Reason: reason, Retained: retained})
		}
		path, typ := cur.path, r.Type
		deleteOld := func() {
			s.op(Operation{Kind: OpReplaceDelete, Stack: path, LogicalID: id, Type: typ, Reason: reason, Retained: retained})
			s.release(key, oldGen, retained)
		}
		if deleteFirst(r.Type) {
			// The schema's replacementStrategy: the old one goes first.
			deleteOld()
			s.create(Operation{Kind: OpReplaceCreate, Stack: cur.path, LogicalID: id, Type: r.Type, Reason: reason}, key, props, cur)
			continue
		}
		s.create(Operation{Kind: OpReplaceCreate, Stack: cur.path, LogicalID: id, Type: r.Type, Reason: reason}, key, props, cur)
		s.cleanup = append(s.cleanup, deleteOld)
	}
	if old == nil {
		return
	}
	ids := order(old)
	for i := len(ids) - 1; i >= 0; i-- {
		id := ids[i]
		if _, ok := cur.tpl.Resources[id]; !ok {
			s.queueDelete(old, id, "removed from the template")
		}
	}
}

// queueDelete deletes resource id of the deployed stack st in the cleanup phase (a nested
// stack with everything in it).
func (s *sim) queueDelete(st *stack, id, reason string) {
	r := st.tpl.Resources[id]
	retained := isRetain(r.DeletionPolicy)
	if r.Type == nestedStackType {
		if n := st.nested[id]; n != nil {
			s.cleanup = append(s.cleanup, func() {
				s.op(Operation{Kind: OpDelete, Stack: st.path, LogicalID: id, Type: r.Type, Reason: reason, Retained: retained})
			})
			s.deleteStack(n, "its nested stack "+id+" is deleted", retained)
		}
		return
	}
	s.queueDeleteResource(st, id, reason, retained)
}

func (s *sim) queueDeleteResource(st *stack, id, reason string, retained bool) {
	r := st.tpl.Resources[id]
	if r.Type == "AWS::CDK::Metadata" {
		return
	}
	retained = retained || isRetain(r.DeletionPolicy) || keptByService(r.Type)
	key := st.path + "/" + id
	if isStateful(r.Type) {
		kind := Deleted
		if retained {
			kind = Orphaned
		}
		s.report.StatefulChanges = append(s.report.StatefulChanges, StatefulChange{Kind: kind,
			Stack: st.path, LogicalID: id, Type: r.Type, Reason: reason, Retained: retained})
	}
	s.cleanup = append(s.cleanup, func() {
		s.op(Operation{Kind: OpDelete, Stack: st.path, LogicalID: id, Type: r.Type, Reason: reason, Retained: retained})
		s.release(key, s.gens[key], retained)
	})
}

// deleteStack deletes every resource of a deployed nested stack, dependents first.
func (s *sim) deleteStack(st *stack, reason string, retained bool) {
	ids := order(st)
	for i := len(ids) - 1; i >= 0; i-- {
		id := ids[i]
		r := st.tpl.Resources[id]
		if r.Type == nestedStackType {
			if n := st.nested[id]; n != nil {
				s.deleteStack(n, reason, retained || isRetain(r.DeletionPolicy))
			}
			continue
		}
		s.queueDeleteResource(st, id, reason, retained)
	}
}

func isRetain(policy string) bool {
	return policy == "Retain" || policy == "RetainExceptOnCreate"
}

// deleteFirst reports a type whose registry schema says replacementStrategy
// delete_then_create.
func deleteFirst(typ string) bool {
	b, err := cfnschema.BehaviorOf(typ)
	return err == nil && b.DeleteThenCreate
}

func keptByService(typ string) bool {
	r := ruleOf(typ)
	return r != nil && r.Kept
}

// needsReplacement decides between update and replacement from the registry schema.
func (s *sim) needsReplacement(typ string, oldProps, newProps map[string]any, changed []string) (bool, string) {
	if r := ruleOf(typ); r != nil && r.InPlace != "" {
		return false, "updated in place by " + r.InPlace + "; changed " + strings.Join(changed, ", ")
	}
	beh, err := cfnschema.BehaviorOf(typ)
	if err != nil {
		if errors.Is(err, cfnschema.ErrNoSchema) {
			if !s.schemaNoteTypes[typ] {
				s.schemaNoteTypes[typ] = true
				s.note("%s has no vendored registry schema: its changes are simulated as updates", typ)
			}
			return false, "changed " + strings.Join(changed, ", ")
		}
		s.note("%s: %v", typ, err)
		return false, "changed " + strings.Join(changed, ", ")
	}
	if !beh.Updatable {
		return true, "no update handler; changed " + strings.Join(changed, ", ")
	}
	var co []string
	for _, p := range beh.CreateOnly {
		// Compare up to the first wildcard: a change below it is a change of the list.
		var segs []string
		for _, seg := range p {
			if seg == "*" {
				break
			}
			segs = append(segs, seg)
		}
		if canonical(at(oldProps, segs)) != canonical(at(newProps, segs)) {
			co = append(co, strings.Join(segs, "/"))
		}
	}
	if len(co) > 0 {
		slices.Sort(co)
		co = slices.Compact(co)
		return true, "create-only " + strings.Join(co, ", ") + " changed"
	}
	return false, "changed " + strings.Join(changed, ", ")
}

// changedProps lists the top-level properties whose resolved values differ.
func changedProps(a, b map[string]any) []string {
	set := map[string]bool{}
	for k, v := range a {
		if canonical(v) != canonical(b[k]) {
			set[k] = true
		}
	}
	for k, v := range b {
		if canonical(v) != canonical(a[k]) {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// at returns the value at path below props, or nil.
func at(props map[string]any, path []string) any {
	var cur any = props
	for _, seg := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[seg]
	}
	return cur
}

// identity computes the service identity of a resource from its resolved properties, or ""
// when its type has no rule or the service generates its name.
func identity(typ string, props map[string]any, st *stack) string {
	r := ruleOf(typ)
	if r == nil || len(r.Identity) == 0 {
		return ""
	}
	parts := []string{typ}
	switch r.Scope {
	case ScopeAccountRegion:
		parts = append(parts, "account="+st.account, "region="+st.region)
	case ScopeAccount:
		parts = append(parts, "account="+st.account)
	}
	for _, p := range r.Identity {
		name, optional := strings.CutSuffix(p, "?")
		v := at(props, strings.Split(name, "/"))
		if v == nil && !optional {
			return ""
		}
		if v == nil {
			v = ""
		}
		parts = append(parts, name+"="+str(v))
	}
	return strings.Join(parts, " ")
}

func (s *sim) hazard(o Operation, props map[string]any) {
	r := ruleOf(o.Type)
	if r == nil || r.Hazard == nil {
		return
	}
	if msg := r.Hazard(props); msg != "" {
		s.report.Failures = append(s.report.Failures, Failure{Operation: o, Message: msg, Source: r.Source})
	}
}

// create is a create, or the new half of a replacement.
func (s *sim) create(o Operation, key string, props map[string]any, st *stack) {
	s.op(o)
	s.hazard(o, props)
	ident := identity(o.Type, props, st)
	if ident == "" {
		return
	}
	if h := s.held[ident]; h != nil {
		s.fail(o, ident, h)
		return
	}
	s.hold(ident, key, s.gens[key], o.Type)
}

func (s *sim) update(o Operation, key string, props map[string]any, st *stack) {
	s.op(o)
	s.hazard(o, props)
	gen := s.gens[key]
	cur := s.identOf[fmt.Sprintf("%s#%d", key, gen)]
	ident := identity(o.Type, props, st)
	if ident == cur {
		return
	}
	if h := s.held[ident]; ident != "" && h != nil {
		s.fail(o, ident, h)
		return
	}
	if cur != "" {
		delete(s.held, cur)
		delete(s.identOf, fmt.Sprintf("%s#%d", key, gen))
	}
	if ident != "" {
		s.hold(ident, key, gen, o.Type)
	}
}

func (s *sim) hold(ident, key string, gen int, typ string) {
	s.held[ident] = &holding{res: key, gen: gen, typ: typ}
	s.identOf[fmt.Sprintf("%s#%d", key, gen)] = ident
}

// release frees the identity of one generation of a resource, unless it stays in the
// service (retained or kept), where it becomes an orphan that still holds its identity.
func (s *sim) release(key string, gen int, retained bool) {
	gk := fmt.Sprintf("%s#%d", key, gen)
	ident, ok := s.identOf[gk]
	if !ok {
		return
	}
	h := s.held[ident]
	if h == nil || h.res != key || h.gen != gen {
		return
	}
	if retained {
		h.orphaned = true
		return
	}
	delete(s.held, ident)
	delete(s.identOf, gk)
}

// typeChangeSource is where CloudFormation's refusal of a type change is seen: the change
// set fails before any resource is touched.
const typeChangeSource = "CloudFormation change set error \"Update of resource type is not permitted\" (aws/aws-sam-cli issue 6786, panther-labs/panther issue 1895)"

func (s *sim) fail(o Operation, ident string, h *holding) {
	r := ruleOf(o.Type)
	stackPath, id := splitKey(h.res)
	s.report.Failures = append(s.report.Failures, Failure{
		Operation: o, Identity: ident,
		Holder:  Holder{Stack: stackPath, LogicalID: id, Type: h.typ, Orphaned: h.orphaned},
		Message: r.Error, Source: r.Source,
	})
}

func splitKey(key string) (string, string) {
	i := strings.LastIndex(key, "/")
	if i < 0 {
		return "", key
	}
	return key[:i], key[i+1:]
}
