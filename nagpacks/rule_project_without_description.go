package nagpacks

import (
	"strings"

	"github.com/cdklabs/cdk-nag-go/cdknag/v2"
)

// ruleProjectWithoutDescription: a project without a description.
var ruleProjectWithoutDescription = &Rule{
	ID:    PackName + "-ProjectWithoutDescription",
	Level: cdknag.NagMessageLevel_WARN,
	Fix:   "Say what the project produces or consumes and who to ask.",
	Info:  "The project has no Description. Say what the project is for and who to ask.",
	Explanation: "Projects are how people find the team behind data in the catalog; a description saying what the " +
		"project produces or consumes, and who to contact, makes the mesh discoverable.",
	ResourceTypes: []string{typeProject},
	Check: func(r *Resource) Result {
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
