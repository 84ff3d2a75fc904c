// Package jsiitest prepares the jsii kernel of a test binary (it is the one place that
// knows why a TestMain must restart the kernel) and counts a process's jsii calls for the
// benchmarks.
package jsiitest

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"

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

// Main is a whole TestMain: Setup, run the tests, stop the kernel, exit with their code.
func Main(m interface{ Run() int }) {
	Setup()
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}

// CountCalls runs cmd, whose environment must set JSII_DEBUG=1, and counts the requests
// the jsii runtime sends to its kernel (stderr lines `> {"api":...`) and the callbacks it
// answers (`> {"complete":...`). cmd's stderr is read here; set its stdout as needed.
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
	for sc.Scan() {
		line := sc.Bytes()
		switch {
		case bytes.HasPrefix(line, []byte(`> {"api":`)):
			calls++
		case bytes.HasPrefix(line, []byte(`> {"complete":`)):
			callbacks++
		}
	}
	if err := sc.Err(); err != nil {
		cmd.Wait()
		return 0, 0, err
	}
	return calls, callbacks, cmd.Wait()
}
