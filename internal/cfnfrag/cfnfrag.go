// Package cfnfrag builds CloudFormation resources that Go already knows in full as one
// template fragment and hands them to aws-cdk-lib in a single jsii call: a CfnInclude
// (aws-cdk-lib cloudformation_include) of the fragment, which creates each resource as its
// L1 class (CfnProject, CfnProjectMembership ...) under the include, exactly as
// NewCfnProject would under a construct of ours.
//
// Why: every jsii call is a round trip between the Go process and its Node.js kernel. A
// project made resource by resource costs a create per resource plus a metadata call per
// resource and a read of its ID; as a fragment it costs one create for all of them. The
// resources are real constructs all the same: aspects, cdk-nag suppressions and
// dependencies reach them, GetResource returns the typed L1.
//
// What a fragment may hold: properties as plain JSON values; intrinsic functions that
// name resources of the same fragment ({"Fn::GetAtt": [logicalID, "Id"]}, {"Ref": ...});
// and tokens of anything else (a string token such as a CfnDomain's AttrId, as the Go
// bindings return it): the kernel resolves a token found in an included string as it
// resolves any other, including references across stacks and into nested stacks
// (aws-cdk-lib core/lib/private/refs.ts). DependsOn may only name resources of the same
// fragment (CfnInclude refuses others); a dependency on anything else is added to the
// created construct.
//
// IncludeChildren takes the fragment's keys as construct ids and lets aws-cdk-lib allocate
// the logical IDs from the paths, so the resources are exactly the L1 children of those ids
// (construct paths included, which findings, reports and suppressions by path use), and
// writes their path metadata when the app asks for it.
//
// What it costs besides the call: the Node.js kernel parses the fragment as YAML and looks
// up each resource's L1 class with a require, about a millisecond per include, more than
// the calls it replaces save there (stages/README.md, Scale). Fragments are written, in
// turn, to one scratch file per process (Release).
package cfnfrag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/cloudformationinclude"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// Resource is one resource of a fragment, in template form.
type Resource struct {
	// LogicalID in the template (LogicalID gives the one aws-cdk-lib would allocate).
	LogicalID string
	// Type, e.g. "AWS::DataZone::Project".
	Type string
	// Properties, JSON-marshalable (maps, slices, strings, numbers, bools; string tokens).
	Properties map[string]any
	// DependsOn names resources of the same fragment.
	DependsOn []string
	// DeletionPolicy and UpdateReplacePolicy ("Retain", "Delete", "Snapshot",
	// "RetainExceptOnCreate"), or "" for none.
	DeletionPolicy, UpdateReplacePolicy string
	// Metadata of the resource (template Metadata), or nil.
	Metadata map[string]any
}

// Fragment is an ordered list of resources: the include creates them in this order, which
// is their order in the synthesized template.
type Fragment []Resource

// JSON renders the fragment as a template with Resources in order (encoding/json would
// sort a map's keys).
func (f Fragment) JSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"Resources":{`)
	seen := make(map[string]bool, len(f))
	for i, r := range f {
		if r.LogicalID == "" || r.Type == "" {
			return nil, fmt.Errorf("cfnfrag: resource %d has no logical ID or type", i)
		}
		if seen[r.LogicalID] {
			return nil, fmt.Errorf("cfnfrag: logical ID %q twice", r.LogicalID)
		}
		seen[r.LogicalID] = true
		if i > 0 {
			b.WriteByte(',')
		}
		id, _ := json.Marshal(r.LogicalID)
		b.Write(id)
		b.WriteByte(':')
		body, err := json.Marshal(struct {
			Type                string         `json:"Type"`
			Properties          map[string]any `json:"Properties,omitempty"`
			DependsOn           []string       `json:"DependsOn,omitempty"`
			DeletionPolicy      string         `json:"DeletionPolicy,omitempty"`
			UpdateReplacePolicy string         `json:"UpdateReplacePolicy,omitempty"`
			Metadata            map[string]any `json:"Metadata,omitempty"`
		}{r.Type, r.Properties, r.DependsOn, r.DeletionPolicy, r.UpdateReplacePolicy, r.Metadata})
		if err != nil {
			return nil, fmt.Errorf("cfnfrag: resource %s: %w", r.LogicalID, err)
		}
		b.Write(body)
	}
	b.WriteString(`}}`)
	return b.Bytes(), nil
}

// scratch is the one file of the process that fragments are written to, in turn: the
// include reads it during its jsii call, so the next fragment may overwrite it. One file
// for all, kept open: creating and removing a file per include (openat, unlink) cost more
// Go CPU than the include's jsii call on the overlay file systems of containers. The
// mutex is held from the write to the end of the call. Release removes it (stages.Synth
// does, once the constructs are built); the files that processes ended without removing
// are removed by the next process that makes one, once a day old (scratchDir).
var scratch struct {
	sync.Mutex
	f *os.File
}

// scratchDir holds the scratch files of all processes, so that leftovers are found.
func scratchDir() string { return filepath.Join(os.TempDir(), "smusmesh-fragments") }

// staleAfter is the age past which a scratch file is a leftover: no synth runs a day.
const staleAfter = 24 * time.Hour

// write writes data to the scratch file, which the caller holds, and returns its name.
func write(data []byte) (string, error) {
	if scratch.f == nil {
		dir := scratchDir()
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
		removeStale(dir, time.Now())
		f, err := os.CreateTemp(dir, "fragment-*.json")
		if err != nil {
			return "", err
		}
		scratch.f = f
	}
	if _, err := scratch.f.WriteAt(data, 0); err != nil {
		return "", err
	}
	return scratch.f.Name(), scratch.f.Truncate(int64(len(data)))
}

// removeStale removes the scratch files in dir last written before now - staleAfter.
func removeStale(dir string, now time.Time) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && !e.IsDir() && now.Sub(info.ModTime()) > staleAfter {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// Release removes the process's scratch file, once no more constructs are made (an
// include after it makes a new one).
func Release() {
	scratch.Lock()
	defer scratch.Unlock()
	if scratch.f != nil {
		scratch.f.Close()
		os.Remove(scratch.f.Name())
		scratch.f = nil
	}
}

// include creates the fragment's resources under a new CfnInclude with id in scope, or
// under self, a construct type of ours that embeds CfnInclude (NewCfnInclude_Override; it
// needs at least one method of its own): one jsii call. The include reads the fragment
// from the scratch file during the call.
func include(scope constructs.Construct, id string, self cloudformationinclude.CfnInclude, f Fragment) cloudformationinclude.CfnInclude {
	data, err := f.JSON()
	if err != nil {
		panic(err)
	}
	scratch.Lock()
	defer scratch.Unlock()
	name, err := write(data)
	if err != nil {
		panic(fmt.Errorf("cfnfrag: %w", err))
	}
	props := &cloudformationinclude.CfnIncludeProps{TemplateFile: jsii.String(name), PreserveLogicalIds: jsii.Bool(false)}
	if self == nil {
		return cloudformationinclude.NewCfnInclude(scope, jsii.String(id), props)
	}
	cloudformationinclude.NewCfnInclude_Override(self, scope, jsii.String(id), props)
	return self
}

// Site is where an include made by IncludeChildren goes: what aws-cdk-lib would write in
// the template metadata of a resource created there.
type Site struct {
	// Path is the construct path (node.path: no leading slash, "" for the app) of the
	// include's scope.
	Path string
	// PathMetadata: the app writes every resource's construct path as its template
	// Metadata "aws:cdk:path" (context aws:cdk:enable-path-metadata, which the CDK CLI
	// sets).
	PathMetadata bool
}

// SiteOf reads the Site of scope from jsii: three calls.
func SiteOf(scope constructs.Construct) Site {
	path := *scope.ToString() // node.path, "<root>" for the app: one call where Node().Path() is two
	if path == "<root>" {
		path = ""
	}
	return Site{Path: path, PathMetadata: PathMetadataOf(scope)}
}

// PathMetadataOf reads from jsii whether the app writes path metadata where c is: two
// calls (a caller that knows c's path keeps the answer for everything under c).
func PathMetadataOf(c constructs.Construct) bool {
	return truthy(c.Node().TryGetContext(jsii.String(pathMetadataKey)))
}

// Child is the Site of a construct with id under the one at s.
func (s Site) Child(id string) Site {
	if s.Path != "" {
		id = s.Path + "/" + id
	}
	return Site{Path: id, PathMetadata: s.PathMetadata}
}

// pathMetadataKey is the context key (cx-api PATH_METADATA_ENABLE_CONTEXT) and the
// metadata key (PATH_METADATA_KEY) of path metadata.
const (
	pathMetadataKey = "aws:cdk:enable-path-metadata"
	pathKey         = "aws:cdk:path"
)

// truthy is JavaScript's truthiness of a context value, as CfnResource's constructor
// tests it.
func truthy(v any) bool {
	switch x := v.(type) {
	case nil:
		return false
	case bool:
		return x
	case string:
		return x != ""
	case float64:
		return x != 0 && x == x
	}
	return true
}

// IncludeChildren is Include for resources made as children of a construct of ours: each
// resource's LogicalID in f is its construct id under the include, and aws-cdk-lib
// allocates its logical ID from its construct path, exactly as for an L1 made with that
// id under the include (CfnIncludeProps.PreserveLogicalIds false). So a construct that
// embeds the include keeps the construct paths its L1 children had
// ("<construct>/Resource": findings, reports and suppressions by path name them) and
// their logical IDs, with no logical ID computed here. Intrinsics and DependsOn inside f
// name construct ids; the include reads them as logical IDs of the fragment and resolves
// them to the allocated ones.
//
// at is the Site of scope (SiteOf, or known to the caller): an included resource's
// metadata is the fragment's (cloudformation-include replaces what the L1's constructor
// wrote), so when the app writes path metadata, IncludeChildren writes each resource's
// "aws:cdk:path" into the fragment, the path its L1 constructor would have written.
func IncludeChildren(scope constructs.Construct, id string, self cloudformationinclude.CfnInclude, f Fragment, at Site) cloudformationinclude.CfnInclude {
	if at.PathMetadata {
		base := at.Child(id).Path + "/"
		f = append(Fragment(nil), f...)
		for i := range f {
			md := make(map[string]any, len(f[i].Metadata)+1)
			for k, v := range f[i].Metadata {
				md[k] = v
			}
			md[pathKey] = base + f[i].LogicalID
			f[i].Metadata = md
		}
	}
	return include(scope, id, self, f)
}

// Resources returns the resources an include created, in the fragment's order when the
// fragment names a resource only after it is listed (the include creates a resource
// named by an intrinsic or DependsOn before the one that names it), as the typed L1s:
// two jsii calls for all of them, where GetResource is one per resource.
func Resources(inc cloudformationinclude.CfnInclude) []awscdk.CfnResource {
	var out []awscdk.CfnResource
	for _, c := range *inc.Node().Children() {
		if r, ok := c.(awscdk.CfnResource); ok {
			out = append(out, r)
		}
	}
	return out
}
