// Package cfnfrag builds CloudFormation resources that Go already knows in full as one
// template fragment and hands them to aws-cdk-lib in a single jsii call: a CfnInclude
// (aws-cdk-lib cloudformation_include) of the fragment, which creates each resource as its
// L1 class (CfnProject, CfnProjectMembership ...) under the include, exactly as
// NewCfnProject would, with the logical IDs the fragment gives them.
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
package cfnfrag

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"

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

var (
	dirOnce sync.Once
	dir     string
	dirErr  error
	seq     int
	seqMu   sync.Mutex
)

// file writes data to a new file of the process's fragment directory.
func file(data []byte) (string, error) {
	dirOnce.Do(func() { dir, dirErr = os.MkdirTemp("", "smusmesh-fragments-") })
	if dirErr != nil {
		return "", dirErr
	}
	seqMu.Lock()
	seq++
	n := seq
	seqMu.Unlock()
	name := fmt.Sprintf("%s/%d.json", dir, n)
	return name, os.WriteFile(name, data, 0o600)
}

// Include creates the fragment's resources under a new CfnInclude with id in scope: one
// jsii call. When self is not nil it is the Go value that becomes the include
// (cloudformationinclude.NewCfnInclude_Override: a construct type of ours that embeds
// CfnInclude and has at least one method of its own), and the include returned is self.
// The fragment's file is written before and removed after the call (the include reads it
// while it is created).
func Include(scope constructs.Construct, id string, self cloudformationinclude.CfnInclude, f Fragment) cloudformationinclude.CfnInclude {
	data, err := f.JSON()
	if err != nil {
		panic(err)
	}
	name, err := file(data)
	if err != nil {
		panic(fmt.Errorf("cfnfrag: %w", err))
	}
	defer os.Remove(name)
	props := &cloudformationinclude.CfnIncludeProps{TemplateFile: jsii.String(name)}
	if self == nil {
		return cloudformationinclude.NewCfnInclude(scope, jsii.String(id), props)
	}
	cloudformationinclude.NewCfnInclude_Override(self, scope, jsii.String(id), props)
	return self
}

// Place is Include for resources whose construct paths matter: the include is the
// construct that holds them (self, or a new CfnInclude with id in scope), and each
// resource becomes its child with the fragment's key (Resource.LogicalID) as construct id
// and the logical ID aws-cdk-lib allocates for that path (CfnIncludeProps
// PreserveLogicalIds false). The resources are then what NewCfnXxx(include, key, ...)
// would make: the same paths, hence the same logical IDs, the same names of the nested
// stack parameters that read them (refs.ts names them after the target's path) and the
// same paths in reports. Intrinsics and DependsOn in the fragment name keys. One jsii
// call, as Include.
func Place(scope constructs.Construct, id string, self cloudformationinclude.CfnInclude, f Fragment) cloudformationinclude.CfnInclude {
	data, err := f.JSON()
	if err != nil {
		panic(err)
	}
	name, err := file(data)
	if err != nil {
		panic(fmt.Errorf("cfnfrag: %w", err))
	}
	defer os.Remove(name)
	props := &cloudformationinclude.CfnIncludeProps{TemplateFile: jsii.String(name), PreserveLogicalIds: jsii.Bool(false)}
	if self == nil {
		return cloudformationinclude.NewCfnInclude(scope, jsii.String(id), props)
	}
	cloudformationinclude.NewCfnInclude_Override(self, scope, jsii.String(id), props)
	return self
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

// The constants of aws-cdk-lib's logical ID allocation (core/lib/private/uniqueid.ts).
const (
	hiddenID        = "Default"
	hiddenFromHuman = "Resource"
	maxHumanLen     = 240
	hashLen         = 8
	maxIDLen        = 255
)

// LogicalID is the logical ID aws-cdk-lib allocates to a resource whose construct path,
// relative to its stack (the nested stack for a resource of a nested stack), has the
// given components: makeUniqueId of core/lib/private/uniqueid.ts. Example: a project's
// CfnProject "Resource" under the construct "Project" of a nested stack is
// LogicalID("Project", "Resource") = "ProjectC78D97AD".
func LogicalID(components ...string) string {
	var cs []string
	for _, c := range components {
		if c != hiddenID {
			cs = append(cs, c)
		}
	}
	if len(cs) == 0 {
		panic("cfnfrag: a logical ID needs at least one path component")
	}
	if len(cs) == 1 {
		if c := alnum(cs[0]); len(c) <= maxIDLen {
			return c
		}
	}
	sum := md5.Sum([]byte(strings.Join(cs, "/")))
	hash := strings.ToUpper(hex.EncodeToString(sum[:])[:hashLen])
	// removeDupes: a component is dropped when the last one kept ends with it; then
	// "Resource" is hidden from the human part.
	var kept []string
	for _, c := range cs {
		if len(kept) == 0 || !strings.HasSuffix(kept[len(kept)-1], c) {
			kept = append(kept, c)
		}
	}
	var human strings.Builder
	for _, c := range kept {
		if c != hiddenFromHuman {
			human.WriteString(alnum(c))
		}
	}
	h := human.String()
	if len(h) > maxHumanLen {
		h = h[:maxHumanLen]
	}
	return h + hash
}

// alnum removes every character but ASCII letters and digits (removeNonAlphanumeric).
func alnum(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}
