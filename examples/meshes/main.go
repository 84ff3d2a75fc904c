// Command meshes synthesizes three public SageMaker Unified Studio set-ups written by AWS,
// rewritten with smusmesh, one stage each, and the example of each major shape of mesh:
//
//	usas                 AWS's CloudFormation and Terraform single-account samples (single account)
//	usas-multi-account   AWS's Terraform multi-account sample (multi-account, associated account)
//	aws-ia-quick-setup   the aws-ia Terraform module's quick-setup example
//	aws-ia-byor          the aws-ia module's bring-your-own-role example as an IAM domain (IAM domain, bring-your-own roles)
//	mdaa-smus-data-mesh  MDAA's SMUS data mesh starter kit (multi-account; custom blueprint waits, see README.md)
//
// Each directory holds the mesh's definition file where a definition file can say it
// (mesh.yaml); this package adds in Go what a definition file cannot say yet. README.md
// lists, per mesh, what is written as the original, what differently, and what
// smusmesh cannot express yet. The account IDs, Identity Center instance, VPCs, subnets,
// users and groups are examples.
//
//	go run ./examples/meshes                      # every mesh
//	go run ./examples/meshes usas aws-ia-byor     # some
//	npx cdk synth 'usas/**' --app 'go run ./examples/meshes usas'
package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/aws/aws-cdk-go/awscdk/v2"

	"github.com/smusmesh/smusmesh/stages"
)

// mesh is one rewritten mesh: its name (the stage id and the directory), where it comes
// from, and the function that adds its stage to an app.
type mesh struct {
	name, source string
	build        func(app awscdk.App)
}

// meshes are every mesh of this example, in the order of the package comment.
var meshes = []mesh{
	{"usas", "github.com/aws/Unified-Studio-for-Amazon-Sagemaker cloudformation/, terraform/examples/single-account", usas},
	{"usas-multi-account", "github.com/aws/Unified-Studio-for-Amazon-Sagemaker terraform/examples/multi-account", usasMultiAccount},
	{"aws-ia-quick-setup", "github.com/aws-ia/terraform-aws-sagemaker-unified-studio examples/quick-setup", awsiaQuickSetup},
	{"aws-ia-byor", "github.com/aws-ia/terraform-aws-sagemaker-unified-studio examples/domain-management-and-bring-your-own-role", awsiaBYOR},
	{"mdaa-smus-data-mesh", "github.com/aws/modern-data-architecture-accelerator starter_kits/smus_data_mesh", mdaa},
}

// build adds the stages of the meshes named (every mesh when names is empty).
func build(app awscdk.App, names ...string) {
	for _, m := range meshes {
		if len(names) == 0 || slices.Contains(names, m.name) {
			m.build(app)
		}
	}
}

func main() {
	names := os.Args[1:]
	for _, n := range names {
		if !slices.ContainsFunc(meshes, func(m mesh) bool { return m.name == n }) {
			fmt.Fprintf(os.Stderr, "meshes: unknown mesh %q; the meshes are:\n", n)
			for _, m := range meshes {
				fmt.Fprintf(os.Stderr, "  %-20s %s\n", m.name, m.source)
			}
			os.Exit(2)
		}
	}
	stages.Run(func(app awscdk.App) { build(app, names...) })
}

// parse reads an embedded definition file; a problem panics as a problem error, which
// stages.Run prints with the file and line.
func parse(name string, data []byte) *stages.Definition {
	def, err := stages.Parse(name, data)
	if err != nil {
		panic(err)
	}
	return def
}
