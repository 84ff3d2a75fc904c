package datamesh

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
)

// QuotaID names one service quota that smusmesh checks before a deploy (the list with
// limits and sources: docs/quotas.md).
type QuotaID string

// The quotas smusmesh checks. QuotaOf returns the limit and AWS source of each.
const (
	// QuotaDomainUnitsPerDomain is the number of domain units in a domain.
	QuotaDomainUnitsPerDomain QuotaID = "DomainUnitsPerDomain"
	// QuotaDomainUnitLevels is the number of hierarchy levels of domain units.
	QuotaDomainUnitLevels QuotaID = "DomainUnitLevels"
	// QuotaGrantsPerPolicyPerUnit is the number of grants of one policy on one domain unit.
	QuotaGrantsPerPolicyPerUnit QuotaID = "GrantsPerPolicyPerUnit"
	// QuotaEnvironmentsPerDomain is the number of environments in a domain.
	QuotaEnvironmentsPerDomain QuotaID = "EnvironmentsPerDomain"
	// QuotaGlossaryTermsPerProject is the number of glossary terms of one project.
	QuotaGlossaryTermsPerProject QuotaID = "GlossaryTermsPerProject"
	// QuotaStackResources is the number of resources in one CloudFormation template.
	QuotaStackResources QuotaID = "StackResources"
	// QuotaStackOutputs is the number of outputs of one CloudFormation template.
	QuotaStackOutputs QuotaID = "StackOutputs"
	// QuotaStackParameters is the number of parameters of one CloudFormation template.
	QuotaStackParameters QuotaID = "StackParameters"
	// QuotaTemplateBytes is the size of one CloudFormation template in bytes.
	QuotaTemplateBytes QuotaID = "TemplateBytes"
)

// Quota is one service limit that would fail a deploy: what is counted, where, the
// limit, and the AWS page that documents it.
type Quota struct {
	// ID of the quota.
	ID QuotaID
	// Resource says what is counted ("domain units in a domain").
	Resource string
	// Limit is the largest count the service accepts.
	Limit int
	// CheckedBy says which check enforces it.
	CheckedBy string
	// Source is the AWS documentation page of the quota.
	Source string
}

const (
	dataZoneQuotas       = "https://docs.aws.amazon.com/datazone/latest/userguide/datazone-limits.html"
	cloudFormationQuotas = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html"
)

// quotas is the one list of the quotas smusmesh checks: the checks read their limits from
// it and docs/quotas.md is rendered from it (go test ./constructs/datamesh -run
// TestQuotasDoc -update).
var quotas = []Quota{
	{QuotaDomainUnitsPerDomain, "domain units in a domain (the root domain unit excluded)", 500,
		"synth: validation of each BusinessDomain", dataZoneQuotas},
	{QuotaDomainUnitLevels, "hierarchy levels of domain units below the root domain unit (a top-level unit is level 1)", 5,
		"synth: validation of each BusinessDomain", dataZoneQuotas},
	{QuotaGrantsPerPolicyPerUnit, "grants of one policy type on one domain unit (member-pool grants count: one per distinct member of the unit's projects)", 20,
		"synth: validation of each domain", dataZoneQuotas},
	{QuotaEnvironmentsPerDomain, "environments in a domain: the ON_CREATE environments of every project's profile", 500,
		"synth: validation of each BusinessDomain", dataZoneQuotas},
	{QuotaGlossaryTermsPerProject, "glossary terms attached to one project", 20,
		"ProjectProps.Validate", "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-datazone-project.html"},
	{QuotaStackResources, "resources in one CloudFormation template (nested stacks each count alone)", 500,
		"synth: stages limits check (CheckLimits)", cloudFormationQuotas},
	{QuotaStackOutputs, "outputs of one CloudFormation template", 200,
		"synth: stages limits check (CheckLimits)", cloudFormationQuotas},
	{QuotaStackParameters, "parameters of one CloudFormation template", 200,
		"synth: stages limits check (CheckLimits)", cloudFormationQuotas},
	{QuotaTemplateBytes, "bytes of one CloudFormation template uploaded to S3", 1 << 20,
		"synth: stages limits check (CheckLimits)", cloudFormationQuotas},
}

// QuotaOf returns the quota id; it panics on an id that is not in Quotas (a programming
// error).
func QuotaOf(id QuotaID) Quota {
	for _, q := range quotas {
		if q.ID == id {
			return q
		}
	}
	panic("smusmesh: unknown quota " + string(id))
}

// quotasMarkdown renders the quotas as a Markdown table, the body of docs/quotas.md.
func quotasMarkdown() string {
	var b strings.Builder
	b.WriteString("| Quota | What is counted | Limit | Checked by | AWS source |\n|---|---|---|---|---|\n")
	for _, q := range quotas {
		fmt.Fprintf(&b, "| %s | %s | %d | %s | %s |\n", q.ID, q.Resource, q.Limit, q.CheckedBy, q.Source)
	}
	return b.String()
}

// over formats one quota violation: what, how many, the limit and its source, and the fix.
// The text carries ErrLimit's, so that a reader of the synth error can tell it apart.
func (q Quota) over(what string, n int, fix string) string {
	return fmt.Sprintf("%s: %s has %d, over the quota %s of %d (%s): %s", ErrLimit, what, n, q.ID, q.Limit, q.Source, fix)
}

// quotaUsage is what a domain has created that its quotas count.
type quotaUsage struct {
	// units of the domain, in creation order.
	units []*unitCore
	// environments are the ON_CREATE environments of each project, by project path.
	environments []projectEnvironments
}

type projectEnvironments struct {
	project string
	n       int
}

// noteProject counts the ON_CREATE environments that the project named name gets from profile.
func (d *domainCore) noteProject(name string, profile IProjectProfile) {
	if p, ok := profile.(*projectProfile); ok {
		d.usage.environments = append(d.usage.environments, projectEnvironments{name, len(p.onCreate)})
	}
}

// quotaCheck is the synth-time validation of a domain's quotas (constructs.IValidation):
// every construct over a quota is reported at once, with the quota and its source.
type quotaCheck struct {
	d *domainCore
}

var _ constructs.IValidation = (*quotaCheck)(nil)

// Validate implements constructs.IValidation.
func (c *quotaCheck) Validate() *[]*string {
	var out []*string
	for _, m := range c.d.quotaProblems() {
		out = append(out, &m)
	}
	return &out
}

// quotaProblems lists every quota the domain's constructs exceed.
func (d *domainCore) quotaProblems() []string {
	var out []string
	if q := QuotaOf(QuotaDomainUnitsPerDomain); len(d.usage.units) > q.Limit {
		out = append(out, q.over(fmt.Sprintf("domain %q", d.name), len(d.usage.units), "split the domain, or merge units"))
	}
	q := QuotaOf(QuotaDomainUnitLevels)
	for _, u := range d.usage.units {
		// Only the deepest offenders are named: their ancestors over the limit follow from them.
		if n := strings.Count(u.path, "/") + 1; n > q.Limit && !hasDeeperChild(d.usage.units, u) {
			out = append(out, q.over(fmt.Sprintf("unit %q of domain %q (%s)", u.path, d.name, u.cpath), n,
				"flatten the hierarchy: nest units at most 5 deep below the root domain unit"))
		}
	}
	q = QuotaOf(QuotaGrantsPerPolicyPerUnit)
	counts := map[string]int{}
	for identity := range d.grants {
		parts := strings.SplitN(identity, "|", 4)
		if len(parts) == 4 && parts[0] == "DOMAIN_UNIT" {
			counts[parts[1]+"|"+parts[2]]++
		}
	}
	for k := range d.pool {
		unit, _, _ := strings.Cut(k, "|")
		counts[unit+"|"+string(PolicyAddToProjectMemberPool)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if n := counts[k]; n > q.Limit {
			unit, policy, _ := strings.Cut(k, "|")
			fix := "grant to groups instead of single users, or to projects of the unit"
			if policy == string(PolicyAddToProjectMemberPool) {
				fix = "each distinct member of the unit's projects needs one: add groups rather than users as members, or spread the projects over units"
			}
			out = append(out, q.over(fmt.Sprintf("%s on unit %s of domain %q", policy, unit, d.name), n, fix))
		}
	}
	q = QuotaOf(QuotaEnvironmentsPerDomain)
	total := 0
	for _, e := range d.usage.environments {
		total += e.n
	}
	if total > q.Limit {
		out = append(out, q.over(fmt.Sprintf("domain %q (%d projects)", d.name, len(d.usage.environments)), total,
			"use profiles with fewer ON_CREATE environments (ON_DEMAND ones are created when a project asks), or split the domain"))
	}
	return out
}

func hasDeeperChild(units []*unitCore, u *unitCore) bool {
	return slices.ContainsFunc(units, func(o *unitCore) bool { return strings.HasPrefix(o.path, u.path+"/") })
}
