// Command yamlmesh synthesizes the data mesh defined in mesh.yaml (embedded) into three
// stages, dev, uat and prd, all in one account per environment. The account IDs,
// Identity Center instance, VPCs and subnets are examples. The first line of mesh.yaml
// names the JSON Schema of the definition (schema/mesh.schema.json), so that editors with
// the YAML language server complete and check it as you type.
//
//	go run ./examples/yamlmesh
//	npx cdk synth '**' --app 'go run ./examples/yamlmesh'
package main

import (
	_ "embed"
	"fmt"
	"os"

	"github.com/smusmesh/smusmesh/problem"
	"github.com/smusmesh/smusmesh/stages"
)

//go:embed mesh.yaml
var meshYAML []byte

func settings(n int, production bool) *stages.Settings {
	return &stages.Settings{
		Account: fmt.Sprintf("1%010d%d", 0, n), Region: "eu-central-1",
		IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef",
		Network: &stages.NetworkSettings{VPCID: fmt.Sprintf("vpc-0%d23456789abcdef0", n),
			SubnetIDs: []string{fmt.Sprintf("subnet-0%d23456789abcdef0", n), fmt.Sprintf("subnet-0%dfedcba987654321", n)}},
		// In production the engineers who set projects up leave sooner.
		TemporaryUntil: map[bool]string{false: "2099-12-31", true: "2099-06-30"}[production],
		Production:     production,
	}
}

func main() {
	def, err := stages.Parse("mesh.yaml", meshYAML)
	if err != nil {
		for _, p := range problem.All(err) {
			fmt.Fprintln(os.Stderr, p)
		}
		os.Exit(1)
	}
	stages.Main(def,
		stages.Environment{Name: "dev", Settings: settings(1, false)},
		stages.Environment{Name: "uat", Settings: settings(2, false)},
		stages.Environment{Name: "prd", Settings: settings(3, true)},
	)
}
