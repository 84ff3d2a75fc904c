// Package jsiitest prepares the jsii kernel of a test binary. It is the one place that
// knows why a TestMain must restart the kernel.
package jsiitest

import (
	"os"

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
