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
	"github.com/smusmesh/smusmesh/internal/cfnfrag"
	"github.com/smusmesh/smusmesh/problem"
)

// Environment is one stage to build: its id (dev, uat, prd) and settings.
type Environment struct {
	// Name is the stage id.
	Name string
	// Settings of the stage.
	Settings *Settings
}

// Main is the whole main function of a mesh app made from a definition: it builds one
// MeshStage per environment from def and does what Run does; findings of resources made
// from an entry of a parsed definition name the entry's file:line. Problems are printed
// one per line to stderr; it exits 1 on a problem or an error-level finding.
func Main(def *Definition, envs ...Environment) {
	unchecked := []string{}
	os.Exit(run(func(app awscdk.App) {
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
	}, def, func(string) {
		if len(unchecked) > 0 {
			fmt.Fprintf(os.Stderr, "smusmesh: no previous cloud assembly of %s in %s (or $%s): renamed or removed keys and the change check were skipped; keep the last deployed assembly there (stages/README.md, Keys)\n",
				strings.Join(unchecked, ", "), OutDir(), PreviousAssemblyEnv)
		}
	}))
}

func printProblems(w io.Writer, err error) {
	for _, p := range problem.All(err) {
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
				err = quotaProblems(problem.FromPanic(r))
				msg := err.Error()
				if strings.Contains(msg, "TooManyResourcesInStack") {
					err = &problem.Problem{Detail: strings.TrimPrefix(msg, "smusmesh: "), Err: datamesh.ErrLimit}
				}
			}
		}()
		// The Go bindings' embedded npm tarballs were handed to the kernel when the
		// stages were built; their pages are not needed during the synth, when the
		// Node.js kernel's memory peaks.
		releaseEmbedded()
		cfnfrag.Release() // the fragments' scratch file: the constructs are built
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

// quotaProblems gives the problems of a failed construct validation that are datamesh's
// quota checks ("limit exceeded: ...") the sentinel datamesh.ErrLimit instead of
// problem.ErrCDK: every construct over a quota is one problem.
func quotaProblems(err error) error {
	ps := problem.All(err)
	prefix := datamesh.ErrLimit.Error() + ": "
	changed := false
	for i, p := range ps {
		if p.Err == problem.ErrCDK && strings.HasPrefix(p.Detail, prefix) {
			c := *p
			c.Detail, c.Err = strings.TrimPrefix(p.Detail, prefix), datamesh.ErrLimit
			ps[i], changed = &c, true
		}
	}
	if !changed {
		return err
	}
	return problem.Errors(ps)
}
