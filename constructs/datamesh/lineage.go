package datamesh

import (
	"fmt"
	"sort"
	"strings"
)

// LineageDiagram renders which consumer projects derive from which Master Data products
// as a Mermaid flowchart, for the mesh's docs (README, wiki, pull requests). Products
// without consumers appear alone. The output is sorted, so it is stable across synths.
func LineageDiagram(products ...MasterDataProject) string {
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	ids := map[string]string{}
	id := func(name string) string {
		if v, ok := ids[name]; ok {
			return v
		}
		v := fmt.Sprintf("n%d", len(ids)+1)
		ids[name] = v
		return v
	}
	sorted := append([]MasterDataProject(nil), products...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].ProjectName() < sorted[j].ProjectName() })
	for _, p := range sorted {
		fmt.Fprintf(&b, "  %s[(%q)]\n", id(p.ProjectName()), p.ProjectName())
	}
	for _, p := range sorted {
		consumers := p.Consumers()
		sort.Strings(consumers)
		for _, c := range consumers {
			fmt.Fprintf(&b, "  %s[%q] -->|derives from| %s\n", id(c), c, id(p.ProjectName()))
		}
	}
	return b.String()
}
