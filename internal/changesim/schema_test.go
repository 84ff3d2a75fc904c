package changesim

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
)

// schemaProperties reads the top-level property names of a vendored registry schema.
func schemaProperties(typ string) (map[string]bool, error) {
	name := strings.ToLower(strings.ReplaceAll(typ, "::", "-")) + ".json"
	data, err := os.ReadFile(filepath.Join("..", "cfnschema", "schemas", name))
	if err != nil {
		return nil, err
	}
	var s struct {
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for k := range s.Properties {
		out[k] = true
	}
	return out, nil
}
