package cfnschema

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"sync"
)

// ErrNoSchema reports a resource type whose registry schema is not vendored.
var ErrNoSchema = errNoSchema

// Behavior is what CloudFormation does with a change to a resource of one type, read from the
// type's registry schema: which properties replace the resource when they change, which are
// attributes only, and whether the type can be updated in place at all.
type Behavior struct {
	// TypeName is the resource type, e.g. AWS::DataZone::Project.
	TypeName string
	// CreateOnly holds the schema's createOnlyProperties as path segments below Properties
	// ("*" stands for every element of an array or value of a map). A change to any of them
	// replaces the resource.
	CreateOnly [][]string
	// ReadOnly holds the schema's readOnlyProperties the same way.
	ReadOnly [][]string
	// PrimaryIdentifier holds the schema's primaryIdentifier the same way.
	PrimaryIdentifier [][]string
	// Updatable is true when the schema has an update handler. Without one, CloudFormation
	// replaces the resource on any change (PolicyGrant, Owner, Lake Formation grants). A
	// schema with no handlers at all describes a legacy (non-registry) provider, which
	// updates in place (DataLakeSettings, Glue DataQualityRuleset): Updatable is true then.
	Updatable bool
	// DeleteThenCreate is true when the schema's replacementStrategy is delete_then_create:
	// CloudFormation deletes the old resource before it creates the replacement (Lake
	// Formation grants, filters and tags). The default is create_then_delete.
	DeleteThenCreate bool
}

var behaviors sync.Map // type name -> behaviorEntry

type behaviorEntry struct {
	b   *Behavior
	err error
}

// BehaviorOf returns the replacement behaviour of typeName from its vendored registry schema,
// or an error wrapping ErrNoSchema when none is vendored.
func BehaviorOf(typeName string) (*Behavior, error) {
	if v, ok := behaviors.Load(typeName); ok {
		e := v.(behaviorEntry)
		return e.b, e.err
	}
	b, err := readBehavior(typeName)
	behaviors.Store(typeName, behaviorEntry{b, err})
	return b, err
}

func readBehavior(typeName string) (*Behavior, error) {
	data, err := schemaFiles.ReadFile(path.Join("schemas", fileName(typeName)))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", typeName, errNoSchema)
	}
	if err != nil {
		return nil, err
	}
	var raw struct {
		TypeName          string         `json:"typeName"`
		CreateOnly        []string       `json:"createOnlyProperties"`
		ReadOnly          []string       `json:"readOnlyProperties"`
		PrimaryIdentifier []string       `json:"primaryIdentifier"`
		Handlers          map[string]any `json:"handlers"`
		Replacement       string         `json:"replacementStrategy"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("schema of %s: %w", typeName, err)
	}
	if raw.TypeName != typeName {
		return nil, fmt.Errorf("%s: %w", typeName, errNoSchema)
	}
	_, upd := raw.Handlers["update"]
	upd = upd || len(raw.Handlers) == 0
	return &Behavior{
		TypeName:          typeName,
		CreateOnly:        pointers(raw.CreateOnly),
		ReadOnly:          pointers(raw.ReadOnly),
		PrimaryIdentifier: pointers(raw.PrimaryIdentifier),
		Updatable:         upd,
		DeleteThenCreate:  raw.Replacement == "delete_then_create",
	}, nil
}

// pointers turns "/properties/A/B" JSON pointers into path segments below Properties.
func pointers(ps []string) [][]string {
	var out [][]string
	for _, p := range ps {
		segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
		if len(segs) < 2 || segs[0] != "properties" {
			continue
		}
		out = append(out, segs[1:])
	}
	return out
}
