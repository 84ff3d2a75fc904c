package meshreport

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

//go:embed costs.json
var costsJSON []byte

// Prices is the cost data file (meshreport/costs.json): what each blueprint provisions,
// its order-of-magnitude monthly cost when idle and what use adds, with sources and the
// date they were read.
type Prices struct {
	Date     string `json:"date"`
	Currency string `json:"currency"`
	Note     string `json:"note"`
	Free     []struct {
		Item    string  `json:"item"`
		Monthly float64 `json:"monthly"`
		Source  string  `json:"source"`
	} `json:"free"`
	Blueprints map[string]BlueprintPrice `json:"blueprints"`
}

// BlueprintPrice is the cost data of one blueprint.
type BlueprintPrice struct {
	Provisions  string   `json:"provisions"`
	IdleMonthly float64  `json:"idleMonthly"`
	OnUse       string   `json:"onUse"`
	Estimate    bool     `json:"estimate"`
	Sources     []string `json:"sources"`
}

// DefaultPrices returns the cost data shipped with smusmesh.
func DefaultPrices() *Prices {
	var p Prices
	if err := json.Unmarshal(costsJSON, &p); err != nil {
		panic(fmt.Sprintf("meshreport: costs.json: %v", err)) // embedded and tested
	}
	return &p
}

// Cost is the cost report of one stage.
type Cost struct {
	Stage    string
	Prices   *Prices
	Profiles []ProfileCost
	Projects []ProjectCost
	// Committed is the monthly order of magnitude the stage commits to by its ON_CREATE
	// environments, whether anyone uses them or not.
	Committed float64
}

// ProfileCost is what one project profile gives each of its projects.
type ProfileCost struct {
	Domain, Name string
	Environments []EnvironmentCost
	// OnCreateMonthly is the idle monthly cost of the environments every project gets.
	OnCreateMonthly float64
}

// EnvironmentCost is one environment configuration with its price.
type EnvironmentCost struct {
	Environment
	Price BlueprintPrice
	// Costly is true for the blueprints datamesh.CostlyBlueprints lists (they bill while
	// idle); Flag says so when such a blueprint is ON_CREATE.
	Costly bool
	Flag   string
}

// ProjectCost is the monthly order of magnitude of one project's ON_CREATE environments.
type ProjectCost struct {
	Domain, Name, Profile string
	Monthly               float64
	Costly                []string
}

// Costs computes the stage's cost report with prices (nil: DefaultPrices).
func (s *Stage) Costs(prices *Prices) *Cost {
	if prices == nil {
		prices = DefaultPrices()
	}
	c := &Cost{Stage: s.Name, Prices: prices}
	byProfile := map[string]*ProfileCost{}
	for _, p := range s.Profiles {
		pc := ProfileCost{Domain: p.Domain, Name: p.Name}
		for _, e := range p.Environments {
			ec := EnvironmentCost{Environment: e, Price: prices.Blueprints[e.Blueprint], Costly: datamesh.Blueprint(e.Blueprint).Costly()}
			if ec.Price.Provisions == "" {
				ec.Price = BlueprintPrice{Provisions: "unknown blueprint", OnUse: "see the blueprint's service pricing", Estimate: true}
			}
			if e.Mode == "ON_CREATE" {
				pc.OnCreateMonthly += ec.Price.IdleMonthly
				if ec.Costly {
					ec.Flag = "COSTLY ON_CREATE: every project pays it idle; deploy it ON_DEMAND"
				}
			} else if ec.Costly {
				ec.Flag = "costly when enabled (on demand)"
			}
			pc.Environments = append(pc.Environments, ec)
		}
		c.Profiles = append(c.Profiles, pc)
		byProfile[p.Domain+"\x00"+p.Name] = &c.Profiles[len(c.Profiles)-1]
	}
	for _, p := range s.Projects() {
		pc := ProjectCost{Domain: p.Domain, Name: p.Name, Profile: p.Profile}
		if prof := byProfile[p.Domain+"\x00"+p.Profile]; prof != nil {
			pc.Monthly = prof.OnCreateMonthly
			for _, e := range prof.Environments {
				if e.Mode == "ON_CREATE" && e.Costly {
					pc.Costly = append(pc.Costly, e.Blueprint)
				}
			}
		}
		c.Committed += pc.Monthly
		c.Projects = append(c.Projects, pc)
	}
	return c
}

// Markdown writes the cost report.
func (c *Cost) Markdown(w io.Writer) {
	fmt.Fprintf(w, "# Cost report: stage %s\n\n", stageName(c.Stage))
	fmt.Fprintf(w, "Order of magnitude, %s per month, prices read %s (`meshreport/costs.json`). %s\n\n", c.Prices.Currency, c.Prices.Date, c.Prices.Note)
	fmt.Fprintf(w, "**Committed by ON_CREATE environments: about $%s per month** for %d projects (idle; use adds to it).\n\n", money(c.Committed), len(c.Projects))
	for _, f := range c.Prices.Free {
		fmt.Fprintf(w, "- Free: %s ($%s; %s)\n", f.Item, money(f.Monthly), f.Source)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "## Per project profile")
	for _, p := range c.Profiles {
		fmt.Fprintf(w, "\n### %s / %s: about $%s per project per month on create\n\n", p.Domain, p.Name, money(p.OnCreateMonthly))
		fmt.Fprintln(w, "| environment | blueprint | mode | provisions | idle $/month | on use | flag | sources |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|")
		for _, e := range p.Environments {
			est := ""
			if e.Price.Estimate {
				est = " (estimate)"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s%s | %s | %s | %s |\n", e.Name, e.Blueprint, e.Mode, e.Price.Provisions,
				money(e.Price.IdleMonthly), est, e.Price.OnUse, e.Flag, strings.Join(e.Price.Sources, " "))
		}
	}
	fmt.Fprintln(w, "\n## Per project")
	fmt.Fprintln(w, "\n| domain | project | profile | ON_CREATE $/month | costly ON_CREATE |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, p := range c.Projects {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", p.Domain, p.Name, p.Profile, money(p.Monthly), strings.Join(p.Costly, ", "))
	}
}

// CostlyOnCreate lists "profile: blueprint" for every costly blueprint deployed ON_CREATE.
func (c *Cost) CostlyOnCreate() []string {
	var out []string
	for _, p := range c.Profiles {
		for _, e := range p.Environments {
			if e.Mode == "ON_CREATE" && e.Costly {
				out = append(out, p.Name+": "+e.Blueprint)
			}
		}
	}
	sort.Strings(out)
	return out
}

func money(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprintf("%d", int64(v))
	}
	return fmt.Sprintf("%.2f", v)
}

func stageName(s string) string {
	if s == "" {
		return "(app)"
	}
	return s
}
