package nagpacks

import (
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
)

func TestMain(m *testing.M) {
	// The jsii kernel (Node.js) starts while the CDK packages initialize, before TestMain
	// runs, with the environment of that moment. Set the variables, then close the
	// kernel: the next jsii call starts a new one that sees them.
	os.Setenv("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
	os.Setenv("CDK_VALIDATION", "false")
	jsii.Close()
	code := m.Run()
	jsii.Close()
	os.Exit(code)
}
