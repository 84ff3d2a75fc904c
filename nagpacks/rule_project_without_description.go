package nagpacks

import (
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// ruleProjectWithoutDescription: a project without a description.
var ruleProjectWithoutDescription = &rule{
	id:    PackName + "-ProjectWithoutDescription",
	level: cdknag.NagMessageLevel_WARN,
	info:  "The project has no Description. Say what the project is for and who to ask.",
	explanation: "Projects are how people find the team behind data in the catalog; a description saying what the " +
		"project produces or consumes, and who to contact, makes the mesh discoverable.",
	types: []string{typeProject},
	check: func(r *resource) result {
		v := r.prop("Description")
		if v == nil {
			return nonCompliant()
		}
		if s, ok := v.(string); ok && strings.TrimSpace(s) == "" {
			return nonCompliant()
		}
		return compliant()
	},
}
