package nagpacks

import "strconv"

// envConfig is one resolved item of a project profile's EnvironmentConfigurations.
type envConfig struct {
	name string // "" when unknown
	// blueprints are the names that identify the blueprint: the EnvironmentBlueprintIdentifier
	// of the blueprint configuration the item refers to when it is in the stack (then
	// only that), else the literal EnvironmentBlueprintId and the item's Name.
	blueprints []string
	mode       any // resolved DeploymentMode
	raw        map[string]any
	finding    string // finding ID: the name, else the blueprint, else the index
}

// envConfigs returns the resolved environment configurations of a project profile; ok is
// false when the list itself is unresolvable.
func (r *Resource) envConfigs() ([]envConfig, bool) {
	items, ok := list(r.prop("EnvironmentConfigurations"))
	if !ok {
		return nil, false
	}
	var out []envConfig
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			continue
		}
		ec := envConfig{mode: m["DeploymentMode"], raw: m}
		ec.name, _ = str(m["Name"])
		id := m["EnvironmentBlueprintId"]
		if isRefTo(id) {
			if bp := r.index().blueprintOf(id); bp != "" {
				ec.blueprints = []string{bp} // known blueprint: only that counts
			} else if ec.name != "" {
				ec.blueprints = []string{ec.name}
			}
		} else {
			if lit, ok := str(id); ok {
				ec.blueprints = append(ec.blueprints, lit)
			}
			if ec.name != "" {
				ec.blueprints = append(ec.blueprints, ec.name)
			}
		}
		switch {
		case ec.name != "":
			ec.finding = ec.name
		case len(ec.blueprints) > 0:
			ec.finding = ec.blueprints[0]
		default:
			ec.finding = "EnvironmentConfigurations[" + strconv.Itoa(i) + "]"
		}
		out = append(out, ec)
	}
	return out, true
}

func isRefTo(v any) bool {
	_, ok := refLogicalID(v)
	return ok
}

// isTooling reports whether the configuration deploys Tooling or ToolingLite.
func (ec envConfig) isTooling() bool {
	for _, b := range ec.blueprints {
		if n := norm(b); n == "tooling" || n == "toolinglite" {
			return true
		}
	}
	return false
}

// isCostly reports whether the configuration deploys a blueprint that bills while idle.
func (ec envConfig) isCostly(c *config) bool {
	for _, b := range ec.blueprints {
		if c.costly[norm(b)] {
			return true
		}
	}
	return false
}

// onCreate reports whether the configuration deploys with every new project; an
// unresolvable mode is not ON_CREATE.
func (ec envConfig) onCreate() bool {
	s, ok := str(ec.mode)
	return ok && s == "ON_CREATE"
}
