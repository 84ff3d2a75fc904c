// Command meshsynth is the Go side of the comparison benchmark (bench/README.md): it
// generates a mesh of -projects projects (the generator of the stages benchmarks: two
// root domains, units of ten projects, two members per project), builds it in the stages
// -stages (default dev, uat, prd) with every check on (AwsSolutions and DataMesh packs,
// registry schemas, limits) and synthesizes it into $CDK_OUTDIR (default cdk.out). It
// prints the number of CloudFormation resources of all templates.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/problem"
	"github.com/smusmesh/smusmesh/stages"
)

func main() {
	projects := flag.Int("projects", 100, "number of projects")
	envs := flag.String("stages", "dev,uat,prd", "comma-separated stages")
	cpuprofile := flag.String("cpuprofile", "", "write a Go CPU profile to this file")
	usage := flag.Bool("usage", false, "print the CPU time and peak RSS of the Go process and of its Node.js kernel to stderr")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		pprof.StartCPUProfile(f)
	}
	code := run(*projects, strings.Split(*envs, ","))
	if *cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	jsii.Close() // waits for the kernel, so that its CPU time is counted below
	if *usage {
		var self, kernel syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kernel)
		cpu := func(r syscall.Rusage) time.Duration {
			return time.Duration(r.Utime.Nano() + r.Stime.Nano())
		}
		fmt.Fprintf(os.Stderr, "cpu go %v, kernel %v; peak RSS go %d MB, kernel %d MB\n", cpu(self).Round(time.Millisecond), cpu(kernel).Round(time.Millisecond),
			self.Maxrss>>10, kernel.Maxrss>>10)
	}
	os.Exit(code)
}

func run(n int, envs []string) int {
	outdir := os.Getenv("CDK_OUTDIR")
	if outdir == "" {
		outdir = "cdk.out"
	}
	def := Generate(n)
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	if err := problem.Catch(func() {
		for _, e := range envs {
			stages.NewMeshStage(app, jsii.String(e), &stages.MeshStageProps{Definition: def, Settings: Settings(e, def)})
		}
	}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	dir, err := stages.Synth(app)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	total := 0
	for _, e := range envs {
		st, err := stages.Stats(filepath.Join(dir, "assembly-"+e))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		for _, s := range st {
			total += s.Resources
		}
	}
	fmt.Println("resources", total)
	return 0
}

// Generate returns a mesh of n projects in root domains of at most 250 projects (energy,
// transport, then domain02 ...): units of ten projects, each project with an owner group
// and a temporary user. It is the generator of stages/stages_test.go (genDefinition).
func Generate(n int) *stages.Definition {
	def := &stages.Definition{
		Governance: &stages.GovernanceDef{Name: "mesh-governance", Owners: []*stages.PrincipalDef{{Group: "data-governance"}}},
	}
	domains := []string{"energy", "transport"}
	for len(domains)*250 < n {
		domains = append(domains, fmt.Sprintf("domain%02d", len(domains)))
	}
	for i, name := range domains {
		d := &stages.DomainDef{
			Name: name, Description: "Generated domain " + name,
			Blueprints: []string{"LakehouseCatalog", "DataLake"},
			Profiles:   []*stages.ProfileDef{{Name: "Analytics", Environments: []*stages.EnvironmentDef{{Blueprint: "LakehouseCatalog"}, {Blueprint: "DataLake"}}}},
			Owners:     []*stages.PrincipalDef{{Group: name + "-owners"}},
		}
		count := n / len(domains)
		if i == 0 {
			count += n % len(domains)
		}
		var unit *stages.UnitDef
		for p := range count {
			if p%10 == 0 {
				unit = &stages.UnitDef{Name: fmt.Sprintf("Unit %03d", p/10), Owners: []*stages.PrincipalDef{{Group: name + "-owners"}}}
				d.Units = append(d.Units, unit)
			}
			unit.Projects = append(unit.Projects, &stages.ProjectDef{
				Name: fmt.Sprintf("Project %04d", p), Description: "Generated project", Profile: "Analytics",
				Members: []*stages.MemberDef{
					{Group: name + "-engineers", Designation: "owner"},
					{User: "engineer@example.com", Temporary: true},
				},
			})
		}
		def.Domains = append(def.Domains, d)
	}
	return def
}

var now = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)

// Settings returns the settings of stage env (dev, uat, prd, or any other name, which gets
// dev's digit): one account per domain, as in stages/stages_test.go (testSettings).
func Settings(env string, def *stages.Definition) *stages.Settings {
	digit, ok := map[string]string{"dev": "1", "uat": "2", "prd": "3"}[env]
	if !ok {
		digit = "1"
	}
	acct := func(i int) string { return fmt.Sprintf("%d0000000000%s", i, digit) }
	accounts := map[string]string{def.Governance.Name: acct(1)}
	for i, d := range def.Domains {
		accounts[d.Name] = acct(i + 2)
	}
	return &stages.Settings{
		Account: acct(1), Region: "eu-west-1", Accounts: stages.AccountPerDomain,
		DomainAccounts:            accounts,
		IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-" + digit + "234567890abcdef",
		Network:                   &stages.NetworkSettings{VPCID: "vpc-0" + digit + "23456789abcdef0", SubnetIDs: []string{"subnet-0" + digit + "23456789abcdef0", "subnet-0" + digit + "fedcba987654321"}},
		TemporaryUntil:            "2026-06-30",
		Production:                env == "prd",
		Now:                       &now,
	}
}
