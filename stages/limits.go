package stages

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"sync"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// CloudFormation template limits that CheckLimits enforces, from the one list of quotas
// (datamesh.Quotas, rendered in docs/quotas.md).
var (
	maxResources     = datamesh.QuotaOf(datamesh.QuotaStackResources).Limit
	maxOutputs       = datamesh.QuotaOf(datamesh.QuotaStackOutputs).Limit
	maxParameters    = datamesh.QuotaOf(datamesh.QuotaStackParameters).Limit
	maxTemplateBytes = datamesh.QuotaOf(datamesh.QuotaTemplateBytes).Limit
)

// TemplateStats are the counts of one template that the limits apply to.
type TemplateStats struct {
	// File is the template's path.
	File string
	// Stack is the construct path of the stack (nested stacks too) when known.
	Stack                                 string
	Resources, Outputs, Parameters, Bytes int
}

// Stats returns the counts of every template in the stage assembly directory dir
// (stack and nested stack templates, *.template.json), with the construct path of each
// nested stack.
func Stats(dir string) ([]TemplateStats, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.template.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	return statsOf(files)
}

func statsOf(files []string) ([]TemplateStats, error) {
	names := map[string]string{} // nested template file -> construct path
	var out []TemplateStats
	for _, f := range files {
		c, err := templateCounts(f)
		if err != nil {
			return nil, err
		}
		for _, n := range c.nested {
			names[n[0]] = n[1]
		}
		out = append(out, TemplateStats{File: f, Resources: c.resources, Outputs: c.outputs, Parameters: c.parameters, Bytes: c.bytes})
	}
	for i := range out {
		if p, ok := names[filepath.Base(out[i].File)]; ok {
			out[i].Stack = p
		} else {
			out[i].Stack = filepath.Base(out[i].File)
		}
	}
	return out, nil
}

// counts are what statsOf reads from one template file.
type counts struct {
	resources, outputs, parameters, bytes int
	nested                                [][2]string // nested template file name, construct path
}

// countCache keeps the counts of each template file read, by path, size and modification
// time: a synth checks the limits of every template twice (the stage's validation
// plugin, then Synth on the whole assembly) and callers ask for Stats after, so each file
// is parsed once.
var countCache = struct {
	sync.Mutex
	m map[string]cachedCounts
}{m: map[string]cachedCounts{}}

type cachedCounts struct {
	size, mtime int64
	c           counts
}

func templateCounts(f string) (counts, error) {
	fi, err := os.Stat(f)
	if err != nil {
		return counts{}, err
	}
	countCache.Lock()
	e, ok := countCache.m[f]
	countCache.Unlock()
	if ok && e.size == fi.Size() && e.mtime == fi.ModTime().UnixNano() {
		return e.c, nil
	}
	data, err := os.ReadFile(f)
	if err != nil {
		return counts{}, err
	}
	var t struct {
		Resources map[string]struct {
			Type     string         `json:"Type"`
			Metadata map[string]any `json:"Metadata"`
		} `json:"Resources"`
		Outputs    map[string]json.RawMessage `json:"Outputs"`
		Parameters map[string]json.RawMessage `json:"Parameters"`
	}
	if err := json.Unmarshal(data, &t); err != nil {
		return counts{}, fmt.Errorf("%s: %w", f, err)
	}
	c := counts{resources: len(t.Resources), outputs: len(t.Outputs), parameters: len(t.Parameters), bytes: len(data)}
	for _, r := range t.Resources {
		if r.Type != "AWS::CloudFormation::Stack" {
			continue
		}
		asset, _ := r.Metadata["aws:asset:path"].(string)
		path, _ := r.Metadata["aws:cdk:path"].(string)
		if asset != "" {
			c.nested = append(c.nested, [2]string{filepath.Base(asset), path})
		}
	}
	if int64(len(data)) == fi.Size() {
		countCache.Lock()
		countCache.m[f] = cachedCounts{size: fi.Size(), mtime: fi.ModTime().UnixNano(), c: c}
		countCache.Unlock()
	}
	return c, nil
}

// CheckLimits reports every template of the assembly directory dir (stage directories
// and nested stack templates included) that exceeds a CloudFormation limit: 500
// resources, 200 outputs, 200 parameters, 1 MB. Each problem names the stack and the count
// and wraps datamesh.ErrLimit.
func CheckLimits(dir string) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && filepath.Ext(p) == ".json" && len(p) > len(".template.json") && p[len(p)-len(".template.json"):] == ".template.json" {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(files)
	return limitsOf(files)
}

func limitsOf(files []string) error {
	stats, err := statsOf(files)
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range stats {
		for _, c := range []struct {
			what   string
			n, max int
		}{{"resources", s.Resources, maxResources}, {"outputs", s.Outputs, maxOutputs}, {"parameters", s.Parameters, maxParameters}, {"bytes", s.Bytes, maxTemplateBytes}} {
			if c.n > c.max {
				errs = append(errs, &problem.Problem{Path: s.Stack, Err: datamesh.ErrLimit,
					Detail: fmt.Sprintf("stack %s has %d %s, CloudFormation allows %d (%s, docs/quotas.md): move projects to another domain stack or split the domain", s.Stack, c.n, c.what, c.max, filepath.Base(s.File))})
			}
		}
	}
	return errors.Join(errs...)
}

// limitsPlugin fails the synth of a stage whose templates break a CloudFormation limit.
type limitsPlugin struct {
	_ byte
}

var _ awscdk.IPolicyValidationPlugin = (*limitsPlugin)(nil)

func (p *limitsPlugin) Name() *string       { return jsii.String("smusmesh-cloudformation-limits") }
func (p *limitsPlugin) Version() *string    { return jsii.String("1.0.0") }
func (p *limitsPlugin) RuleIds() *[]*string { return &[]*string{jsii.String("TemplateLimits")} }

// Validate implements awscdk.IPolicyValidationPlugin.
func (p *limitsPlugin) Validate(ctx awscdk.IPolicyValidationContext) *awscdk.PolicyValidationPluginReport {
	var files []string
	seen := map[string]bool{}
	if tp := ctx.TemplatePaths(); tp != nil {
		for _, s := range *tp {
			if s == nil {
				continue
			}
			files = append(files, *s)
			dir := filepath.Dir(*s)
			if !seen[dir] {
				seen[dir] = true
				nested, _ := filepath.Glob(filepath.Join(dir, "*.nested.template.json"))
				sort.Strings(nested)
				files = append(files, nested...)
			}
		}
	}
	violations := []*awscdk.PolicyViolation{}
	if err := limitsOf(files); err != nil {
		for _, e := range problem.All(err) {
			violations = append(violations, &awscdk.PolicyViolation{
				RuleName:           jsii.String("TemplateLimits"),
				Description:        jsii.String(e.Error()),
				Severity:           jsii.String("error"),
				Fix:                jsii.String(fmt.Sprintf("keep every stack under %d resources, %d outputs, %d parameters and %d bytes (docs/quotas.md)", maxResources, maxOutputs, maxParameters, maxTemplateBytes)),
				ViolatingResources: &[]*awscdk.PolicyViolatingResource{},
			})
		}
	}
	return &awscdk.PolicyValidationPluginReport{Success: jsii.Bool(len(violations) == 0), Violations: &violations, PluginVersion: jsii.String("1.0.0")}
}
