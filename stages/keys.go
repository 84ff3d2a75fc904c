package stages

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
	"github.com/smusmesh/smusmesh/internal/changesim"
	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// PreviousAssemblyEnv names the environment variable that points at the root directory
// of the previous cloud assembly (the one last deployed, e.g. the synth artifact of the
// last pipeline run) when it is not the app's output directory.
const PreviousAssemblyEnv = "SMUSMESH_PREVIOUS_ASSEMBLY"

// KeyKind says what a key identifies.
type KeyKind string

// The kinds of keys.
const (
	KeyProject    KeyKind = "project"
	KeyMasterData KeyKind = "Master Data project"
	KeyUnit       KeyKind = "unit"
)

// KeyRecord is one key of a mesh: a project, a Master Data project, or a unit (whose key
// is the path of keys from the root, "sales/emea", and whose name is the path of names).
type KeyRecord struct {
	// Domain is the root domain's name.
	Domain string
	// Kind of the entry.
	Kind KeyKind
	// Key of the entry.
	Key string
	// Name of the entry (the project's name, the unit's path of names).
	Name string
	// Template is the file name of the template that holds a project (its nested
	// stack's), as ReadKeys found it; empty otherwise.
	Template string
}

// KeyChange is a key of the previous cloud assembly that the definition no longer has:
// what CloudFormation will do about it, and the fix.
type KeyChange struct {
	// Domain is the root domain's name.
	Domain string
	// Kind of the entry that is gone.
	Kind KeyKind
	// Key that is gone.
	Key string
	// ID of the warning (smusmesh:ProjectKeyGone, smusmesh:UnitKeyGone, smusmesh:UnitMoved).
	ID string
	// Message says what happens and how to keep the entry.
	Message string
}

// Keys lists the keys of the definition, domain by domain, in definition order.
func (d *Definition) Keys() []KeyRecord {
	var out []KeyRecord
	std := d.Standards()
	for _, dom := range d.Domains {
		if dom == nil {
			continue
		}
		dom.Walk(func(_ []string, _ string, p *ProjectDef) {
			if p != nil {
				out = append(out, KeyRecord{Domain: dom.Name, Kind: KeyProject, Key: p.KeyOf(), Name: p.Name})
			}
		})
		dom.WalkMasterData(func(_ []string, _ string, m *MasterDataDef) {
			out = append(out, KeyRecord{Domain: dom.Name, Kind: KeyMasterData, Key: m.KeyOf(std), Name: std.MasterDataProjectName(strings.TrimSpace(m.Source))})
		})
		var walk func(units []*UnitDef, keys, names string)
		walk = func(units []*UnitDef, keys, names string) {
			for _, u := range units {
				if u == nil {
					continue
				}
				k, n := joinPath(keys, u.KeyOf()), joinPath(names, u.Name)
				out = append(out, KeyRecord{Domain: dom.Name, Kind: KeyUnit, Key: k, Name: n})
				walk(u.Units, k, n)
			}
		}
		walk(dom.Units, "", "")
	}
	return out
}

func joinPath(parent, name string) string {
	if parent == "" {
		return name
	}
	return parent + "/" + name
}

// ReadKeys reads the keys recorded (as smusmesh template metadata, see internal/meshmeta)
// in the templates of a cloud assembly directory: a stage's assembly-<stage> directory, or
// a whole assembly; only the templates its manifest names (stacks, nested stacks, nested
// assemblies), or every template below dir when it has no manifest. Templates written before keys existed
// record none: their names stand in (the default key of every entry is its name). A
// directory that does not exist gives no keys and no error.
func ReadKeys(dir string) ([]KeyRecord, error) {
	files, err := assemblyTemplates(dir)
	if err != nil {
		return nil, err
	}
	if files == nil {
		// No manifest: every template below dir.
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return fs.SkipAll
				}
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".template.json") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var out []KeyRecord
	seen := map[KeyRecord]bool{}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var tpl struct {
			Resources map[string]struct {
				Metadata map[string]any `json:"Metadata"`
			} `json:"Resources"`
		}
		if err := json.Unmarshal(b, &tpl); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		for _, r := range tpl.Resources {
			m, ok := meshmeta.Parse(r.Metadata[meshmeta.Key])
			if !ok {
				continue
			}
			var kind KeyKind
			switch m.Kind {
			case meshmeta.KindProject:
				kind = KeyProject
			case meshmeta.KindMasterDataProject:
				kind = KeyMasterData
			case meshmeta.KindDomainUnit:
				kind = KeyUnit
			default:
				continue
			}
			rec := KeyRecord{Domain: m.Domain, Kind: kind, Key: or(m.Key, m.Name), Name: m.Name}
			if kind != KeyUnit {
				rec.Template = filepath.Base(path)
			}
			if !seen[rec] {
				seen[rec] = true
				out = append(out, rec)
			}
		}
	}
	slices.SortFunc(out, func(a, b KeyRecord) int {
		return strings.Compare(a.Domain+"\x00"+string(a.Kind)+"\x00"+a.Key, b.Domain+"\x00"+string(b.Kind)+"\x00"+b.Key)
	})
	return out, nil
}

// assemblyTemplates lists the templates a cloud assembly's manifests name: the stacks'
// templates, their nested stacks' and those of nested assemblies (changesim.TemplateFiles,
// which follows each nested stack resource to its template). The CDK does not clear an
// output directory, so templates of nested stacks that are gone stay there as files; only
// the manifest says which belong to the assembly. nil, nil when dir has no manifest.
func assemblyTemplates(dir string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	byPath, err := changesim.TemplateFiles(dir)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, path := range sortedArtifactIDs(byPath) {
		out = append(out, byPath[path])
	}
	return out, nil
}

func sortedArtifactIDs[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// KeyChanges compares the keys of a previous cloud assembly with those of def and
// returns one change per key that is gone, for the domains def still has. A project
// whose key is gone is orphaned (it is retained in the service with its members) and a
// project with a new key is created empty; a unit whose key path is gone is either moved
// (its parent changed, which replaces it: ParentDomainUnitIdentifier is create-only) or
// renamed in its key. Only the topmost unit of a gone subtree is reported.
func KeyChanges(previous []KeyRecord, def *Definition) []KeyChange {
	cur := def.Keys()
	domains := map[string]bool{}
	has := map[string]bool{}
	for _, k := range cur {
		domains[k.Domain] = true
		has[k.Domain+"|"+kindGroup(k.Kind)+"|"+k.Key] = true
	}
	had := map[string]bool{}
	for _, k := range previous {
		had[k.Domain+"|"+kindGroup(k.Kind)+"|"+k.Key] = true
	}
	var out []KeyChange
	for _, p := range previous {
		if !domains[p.Domain] || has[p.Domain+"|"+kindGroup(p.Kind)+"|"+p.Key] {
			continue
		}
		if p.Kind == KeyUnit {
			if parent := parentPath(p.Key); parent != "" && !has[p.Domain+"|unit|"+parent] && had[p.Domain+"|unit|"+parent] {
				continue // reported with its ancestor
			}
			out = append(out, unitChange(p, cur, had))
			continue
		}
		var added []string
		same := ""
		for _, c := range cur {
			if c.Domain == p.Domain && kindGroup(c.Kind) == "project" && !had[c.Domain+"|project|"+c.Key] {
				added = append(added, fmt.Sprintf("%q (%s %q)", c.Key, c.Kind, c.Name))
				if c.Name == p.Name {
					same = c.Name
				}
			}
		}
		msg := fmt.Sprintf("%s key %q (%s %q) is gone: the retained project stays in the service, orphaned, with its members", p.Kind, p.Key, p.Kind, p.Name)
		if len(added) > 0 {
			msg += "; a new empty project is created for key " + strings.Join(added, ", key ")
		}
		switch {
		case same != "":
			msg += fmt.Sprintf(". To keep the project, restore key: %s (set key: %s on %q)", p.Key, p.Key, same)
		default:
			msg += fmt.Sprintf(". To keep the project, restore key: %s on the entry that is this project; if you removed it on purpose, delete it in the portal once its data is handled", p.Key)
		}
		out = append(out, KeyChange{Domain: p.Domain, Kind: p.Kind, Key: p.Key, ID: "smusmesh:ProjectKeyGone", Message: msg})
	}
	return out
}

// kindGroup puts projects and Master Data projects in one key space (both name a
// project's nested stack).
func kindGroup(k KeyKind) string {
	if k == KeyUnit {
		return "unit"
	}
	return "project"
}

func parentPath(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return ""
}

func lastKey(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func unitChange(p KeyRecord, cur []KeyRecord, had map[string]bool) KeyChange {
	for _, c := range cur {
		if c.Domain == p.Domain && c.Kind == KeyUnit && lastKey(c.Key) == lastKey(p.Key) && !had[c.Domain+"|unit|"+c.Key] {
			return KeyChange{Domain: p.Domain, Kind: KeyUnit, Key: p.Key, ID: "smusmesh:UnitMoved", Message: fmt.Sprintf(
				"unit key %q (unit %q) moved to %q (unit %q): a unit's parent cannot change (AWS::DataZone::DomainUnit ParentDomainUnitIdentifier is create-only), "+
					"so a new unit is created under the new parent with its owners and grants, its child units are recreated too, its projects move to it in place, "+
					"and the old unit is retained in the service, empty (delete it in the portal: a unit must be empty to be deleted). "+
					"To keep the unit, move it back under %q", p.Key, p.Name, c.Key, c.Name, or(parentPath(p.Key), "the root unit"))}
		}
	}
	return KeyChange{Domain: p.Domain, Kind: KeyUnit, Key: p.Key, ID: "smusmesh:UnitKeyGone", Message: fmt.Sprintf(
		"unit key %q (unit %q) is gone: the retained unit stays in the service, orphaned, with its owners and grants (and its child units); "+
			"units and projects that are still defined under it are created anew or moved out (and a new unit with the old name next to it fails: sibling units have unique names). "+
			"To keep the unit, restore key: %s", p.Key, p.Name, lastKey(p.Key))}
}

// checkKeys compares the keys of the previous cloud assembly of the stage (dir) with the
// definition and adds one warning per gone key to the stack of its domain; cdk synth
// prints them, and `cdk synth --strict` fails on them.
func (m *MeshStage) checkKeys(dir string) {
	if dir == "" {
		return
	}
	// A stage's assembly has a manifest once synthesized; CDK may have created the
	// directory of the new one already, empty.
	if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
		return
	}
	prev, err := ReadKeys(dir)
	if err != nil {
		awscdk.Annotations_Of(m.Stage).AddWarningV2(jsii.String("smusmesh:PreviousAssemblyUnreadable"),
			jsii.String(fmt.Sprintf("the previous cloud assembly %s cannot be read (%v): renamed or removed keys were not checked", dir, err)))
		return
	}
	m.previous = dir
	m.keyChanges = append(KeyChanges(prev, m.def), m.stackChanges(prev)...)
	for _, c := range m.keyChanges {
		if st := m.stacks[c.Domain]; st != nil {
			awscdk.Annotations_Of(st).AddWarningV2(jsii.String(c.ID), jsii.String(c.Message))
		}
	}
}

// stackChanges reports projects whose key stays but whose nested stack does not: the
// one-time change of nested stack IDs when a mesh built before keys existed is upgraded
// (the ID hashed the unit path and the name; it hashes the key alone now), or any later
// change of the ID formula. CloudFormation would create the new nested stack, with a new
// project of the same name, and delete the old one, orphaning its retained project.
func (m *MeshStage) stackChanges(prev []KeyRecord) []KeyChange {
	var out []KeyChange
	var stage []string // construct path components of the stage, read once
	for _, p := range prev {
		if p.Template == "" {
			continue
		}
		ids, ok := m.keyStacks[p.Domain+"|"+p.Key]
		if !ok {
			continue
		}
		if stage == nil {
			stage = strings.Split(*m.Stage.Node().Path(), "/")
		}
		// The nested stack's template file, computed in Go (NestedStack.templateFile):
		// a jsii call per project otherwise, on every synth after the first.
		now := cfnschema.NestedTemplateName(append(slices.Clone(stage), ids[0], ids[1])...)
		if now == p.Template {
			continue
		}
		out = append(out, KeyChange{Domain: p.Domain, Kind: p.Kind, Key: p.Key, ID: "smusmesh:ProjectStackChanged", Message: fmt.Sprintf(
			"%s key %q (%s %q) changes nested stack (was %s, now %s): nested stack IDs derive from the key alone since smusmesh has keys, and the old ID also hashed the unit path. "+
				"Deployed as is, CloudFormation creates the new nested stack with a second project of the same name (which may fail) and deletes the old one, whose retained project stays in the service, orphaned, with its members. "+
				"Plan this upgrade before deploying (docs/deploy.md, Upgrading to this release)", p.Kind, p.Key, p.Kind, p.Name, p.Template, now)})
	}
	return out
}

// KeyChanges are the keys of the stage's previous cloud assembly that the definition no
// longer has, and the projects that change nested stack (each is also a warning on its
// domain's stack).
func (m *MeshStage) KeyChanges() []KeyChange { return slices.Clone(m.keyChanges) }

// PreviousAssembly is the directory of the stage's previous cloud assembly that the keys
// were compared with, or "" when there was none (then renamed or removed keys were not
// checked).
func (m *MeshStage) PreviousAssembly() string { return m.previous }
