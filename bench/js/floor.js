// The JavaScript twin of bench/floor (bench/README.md, "The floor"): an App, N raw
// CfnResources (node floor.js [N], default 1) in stacks of at most 500, synth. The assembly goes to
// $CDK_OUTDIR, as with any CDK app.
'use strict';
const { App, Stack, CfnResource } = require('aws-cdk-lib');

const n = process.argv.length > 2 ? Number(process.argv[2]) : 1;
const app = new App();
const perStack = 500; // CloudFormation's limit of resources in a stack
let stack;
for (let i = 0; i < n; i++) {
  if (i % perStack === 0) stack = new Stack(app, `Floor${i / perStack}`);
  new CfnResource(stack, `Queue${i}`, { type: 'AWS::SQS::Queue', properties: { QueueName: `floor-${i}` } });
}
app.synth();
console.log('resources', n);
