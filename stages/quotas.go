package stages

import (
	"errors"
	"regexp"
	"strings"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

var (
	quotaDomainRe = regexp.MustCompile(`of domain "([^"]+)"`)
	quotaUnitRe   = regexp.MustCompile(`^unit "([^"]+)" of domain`)
)

// locateQuotas gives each quota problem of a synth (datamesh's checks name the domain, and
// the unit path for unit levels) the file and line of its entry in the definition, and
// the entry's path; it returns err unchanged when the definition was not parsed.
func (d *Definition) locateQuotas(err error) error {
	if d == nil || d.src == nil || d.src.file == "" || !errors.Is(err, datamesh.ErrLimit) {
		return err
	}
	var out []*problem.Problem
	for _, p := range problem.All(err) {
		if !errors.Is(p, datamesh.ErrLimit) {
			out = append(out, p)
			continue
		}
		m := quotaDomainRe.FindStringSubmatch(p.Detail)
		if m == nil {
			out = append(out, p)
			continue
		}
		var path string
		for _, dom := range d.Domains {
			if dom != nil && dom.Name == m[1] {
				path = "domains[" + dom.Name + "]"
			}
		}
		if u := quotaUnitRe.FindStringSubmatch(p.Detail); u != nil && path != "" {
			for _, name := range strings.Split(u[1], "/") {
				path += ".units[" + name + "]"
			}
		}
		c := *p
		if line := d.src.lineOf(path); line > 0 && path != "" {
			c.File, c.Line, c.Path = d.src.file, line, path
		}
		out = append(out, &c)
	}
	return problem.Errors(out)
}
