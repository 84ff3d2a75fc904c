package stages

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/meshreport"
)

// Catch runs build and returns the smusmesh error it panicked with (problems of a
// definition, settings or construct props), so that a main function can print them one
// per line instead of a stack trace. Other panics are re-raised.
func Catch(build func()) (err error) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		e, ok := r.(error)
		if !ok || !IsProblem(e) {
			panic(r)
		}
		err = e
	}()
	build()
	return nil
}

// Environment is one stage to build: its id (dev, uat, prd) and settings.
type Environment struct {
	// Name is the stage id.
	Name string
	// Settings of the stage.
	Settings *Settings
}

// Main is the whole main function of a mesh app: it creates the App (output directory
// CDK_OUTDIR, default cdk.out), builds one MeshStage per environment from def,
// synthesizes, writes the mesh report of each stage (meshreport.Write: map, access matrix,
// cost report, summary on stderr) and prints where the templates are. Problems are printed
// one per line to stderr and the process exits 1.
func Main(def *Definition, envs ...Environment) {
	defer jsii.Close()
	outdir := os.Getenv("CDK_OUTDIR")
	if outdir == "" {
		outdir = "cdk.out"
	}
	app := awscdk.NewApp(&awscdk.AppProps{Outdir: jsii.String(outdir)})
	unchecked := []string{}
	if err := Catch(func() {
		for _, e := range envs {
			m := NewMeshStage(app, jsii.String(e.Name), &MeshStageProps{Definition: def, Settings: e.Settings})
			if m.PreviousAssembly() == "" {
				unchecked = append(unchecked, e.Name)
			}
			// The CLI prints these with the other warnings; go run prints nothing else.
			for _, c := range m.KeyChanges() {
				fmt.Fprintf(os.Stderr, "smusmesh: warning: %s/%s: %s [%s]\n", e.Name, c.Domain, c.Message, c.ID)
			}
		}
	}); err != nil {
		printProblems(os.Stderr, err)
		os.Exit(1)
	}
	dir, err := Synth(app)
	if err != nil {
		printProblems(os.Stderr, err)
		os.Exit(1)
	}
	if len(unchecked) > 0 {
		fmt.Fprintf(os.Stderr, "smusmesh: no previous cloud assembly of %s in %s (or $%s): renamed or removed keys and the change check were skipped; keep the last deployed assembly there (stages/README.md, Keys)\n",
			strings.Join(unchecked, ", "), outdir, PreviousAssemblyEnv)
	}
	// The mesh map, access matrix, cost report and summary of each stage, beside the
	// cdk-nag reports; the summary goes to stderr so that cdk ls prints only stacks.
	if _, err := meshreport.Write(dir, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "smusmesh: warning: no mesh report:", err)
	}
	fmt.Println("templates written to", dir)
	for _, e := range envs {
		fmt.Printf("  %s: %s (cdk synth '%s/**', cdk deploy '%s/**')\n", e.Name, filepath.Join(dir, "assembly-"+e.Name), e.Name, e.Name)
	}
}

func printProblems(w io.Writer, err error) {
	for _, p := range Problems(err) {
		fmt.Fprintln(w, p)
	}
}

// Synth synthesizes app and returns the absolute assembly directory. A failed validation
// (CloudFormation limits, registry schemas) or a smusmesh problem is returned as an error
// instead of a panic; the limits are checked again on the written assembly, so an app
// whose stages were built with other means is covered too.
func Synth(app awscdk.App) (dir string, err error) {
	var asm cxapi.CloudAssembly
	func() {
		defer func() {
			if r := recover(); r != nil {
				if e, ok := r.(error); ok && IsProblem(e) {
					err = e
					return
				}
				msg := fmt.Sprint(r)
				if strings.Contains(msg, "TooManyResourcesInStack") {
					err = &Problem{Message: msg, Err: datamesh.ErrLimit}
					return
				}
				if strings.Contains(msg, "Validation failed") || strings.Contains(msg, "ValidationFailed") {
					err = fmt.Errorf("%w: %s", datamesh.ErrInvalidProps, msg)
					return
				}
				panic(r)
			}
		}()
		asm = app.Synth(nil)
	}()
	if err != nil {
		return "", err
	}
	dir, _ = filepath.Abs(*asm.Directory())
	if lerr := CheckLimits(dir); lerr != nil {
		return dir, lerr
	}
	return dir, nil
}
