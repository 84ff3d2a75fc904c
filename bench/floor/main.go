// Command floor is the smallest Go CDK app: the fixed cost of the jsii architecture, which
// every smusmesh app pays (bench/README.md, "The floor"). An App, -resources raw
// CfnResources (default 1) in stacks of at most 500 (CloudFormation's limit), Synth,
// jsii.Close. bench/js/floor.js is its JavaScript twin; `go run ./bench/compare -floor`
// runs both. It writes the assembly to $CDK_OUTDIR (default cdk.out) and prints the
// number of resources it made.
package main

import (
	"flag"
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// perStack is CloudFormation's limit of resources in a stack.
const perStack = 500

func main() {
	n := flag.Int("resources", 1, "number of raw CfnResources")
	flag.Parse()
	app := awscdk.NewApp(nil)
	var stack awscdk.Stack
	for i := range *n {
		if i%perStack == 0 {
			stack = awscdk.NewStack(app, jsii.String(fmt.Sprintf("Floor%d", i/perStack)), nil)
		}
		awscdk.NewCfnResource(stack, jsii.String(fmt.Sprintf("Queue%d", i)), &awscdk.CfnResourceProps{
			Type:       jsii.String("AWS::SQS::Queue"),
			Properties: &map[string]any{"QueueName": fmt.Sprintf("floor-%d", i)},
		})
	}
	app.Synth(nil)
	jsii.Close()
	fmt.Println("resources", *n)
}
