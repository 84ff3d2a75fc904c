// Package jsiitest prepares the jsii kernel of a test binary (it is the one place that
// knows why a TestMain must restart the kernel) and counts a process's jsii calls for the
// benchmarks and the tests that pin a call budget.
package jsiitest

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// Setup sets the environment of the Node.js kernel for tests and restarts the kernel so
// that it takes effect: the CDK bindings' package inits start the kernel before TestMain
// runs, with the environment of that moment.
//
//   - JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 silences jsii's banner on Node.js 20.
//   - CDK_VALIDATION=false turns off only aws-cdk-lib's built-in template validation
//     (seconds per synth): the registry-schema check is the tests' oracle, and user
//     validation plugins (ours) still run.
func Setup() {
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	os.Setenv("CDK_VALIDATION", "false")
	jsii.Close()
}

// Main is a whole TestMain: Setup, run the tests, run cleanups (such as cfnfrag.Release),
// stop the kernel, exit with their code.
func Main(m interface{ Run() int }, cleanups ...func()) {
	Setup()
	code := m.Run()
	for _, c := range cleanups {
		c()
	}
	jsii.Close()
	os.Exit(code)
}

// The markers of Exclude: the argument of its two kernel requests.
const (
	excludeBegin = "jsiitest:exclude-begin"
	excludeEnd   = "jsiitest:exclude-end"
)

// Exclude runs f between two marker requests to the kernel (a static call of aws-cdk-lib's
// Token.isUnresolved on a marker string, one round trip each), so that CountCalls of the
// process leaves out the markers and every request and callback of f: a test pins the
// calls of its own code per unit of work with the constructs it calls excluded. The
// kernel logs requests in the order it serves them, so the markers are exact (the Go
// runtime forwards that log to stderr, so a marker Go printed itself could be out of place).
func Exclude(f func()) {
	awscdk.Token_IsUnresolved(excludeBegin)
	defer awscdk.Token_IsUnresolved(excludeEnd)
	f()
}

// CountCalls runs cmd, whose environment must set JSII_DEBUG=1, and counts the requests
// the jsii runtime sends to its kernel (stderr `> {"api":...`, one a line) and the
// callbacks it answers (`> {"complete":...`), but those of Exclude. cmd's stderr is read
// here; set its stdout as needed.
func CountCalls(cmd *exec.Cmd) (calls, callbacks int, err error) {
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return 0, 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	sc := bufio.NewScanner(stderr)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	excluded := 0 // depth of Exclude
	for sc.Scan() {
		// The runtime forwards the kernel's stderr in chunks, so a request may follow the
		// unfinished line of a debug dump on the same line: it is found anywhere.
		line := sc.Bytes()
		switch {
		case bytes.Contains(line, []byte(`> {"api":`)):
			switch {
			case bytes.Contains(line, []byte(`"`+excludeBegin+`"`)):
				excluded++
			case bytes.Contains(line, []byte(`"`+excludeEnd+`"`)):
				excluded--
			case excluded == 0:
				calls++
			}
		case bytes.Contains(line, []byte(`> {"complete":`)) && excluded == 0:
			callbacks++
		}
	}
	if err := sc.Err(); err != nil {
		cmd.Wait()
		return 0, 0, err
	}
	return calls, callbacks, cmd.Wait()
}
