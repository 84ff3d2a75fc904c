package changesim

import (
	"sort"

	"github.com/smusmesh/smusmesh/internal/cfnschema"
)

// TemplateFiles maps the stack paths of the cloud assembly in dir, as Operation.Stack and
// StatefulChange.Stack name them (dev/Retail, dev/Retail/ProjectFootfall...), to their
// template files: a report on a resource can then name the template that holds it (the CDK
// maps a template file and a logical ID to a construct path).
func TemplateFiles(dir string) (map[string]string, error) {
	arts, err := cfnschema.AssemblyStacks(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	var walk func(path, file, dir string) error
	walk = func(path, file, dir string) error {
		out[path] = file
		tpl, err := readTemplate(file)
		if err != nil {
			return err
		}
		ids := make([]string, 0, len(tpl.Resources))
		for id, r := range tpl.Resources {
			if r.Type == nestedStackType {
				ids = append(ids, id)
			}
		}
		sort.Strings(ids)
		for _, id := range ids {
			f, err := nestedFile(tpl.Resources[id], dir)
			if err != nil {
				return err
			}
			if err := walk(path+"/"+id, f, dir); err != nil {
				return err
			}
		}
		return nil
	}
	for _, a := range arts {
		if err := walk(a.DisplayName, a.TemplateFile, a.Dir); err != nil {
			return nil, err
		}
	}
	return out, nil
}
