// The plain JavaScript CDK app of the comparison benchmark (bench/README.md).
//
// It reads a cloud assembly that smusmesh synthesized and re-creates it: the same stages,
// stacks (account, region, description, dependencies) and nested stacks, every resource
// with the same logical ID, properties and attributes (DependsOn, policies, metadata,
// cdk-nag suppressions included), and cdk-nag AwsSolutions on every stage with the reports
// smusmesh writes (CSV and JSON). It writes its own assembly to $CDK_OUTDIR.
//
//   node bench/js/app.js <smusmesh cloud assembly dir>          # resources as their L1 class
//   node bench/js/app.js --raw <smusmesh cloud assembly dir>    # every resource a raw CfnResource
//
// By default a resource is re-created as its aws-cdk-lib L1 class (CfnBucket, CfnRole ...)
// through the same CloudFormation-to-L1 parser that cloudformation-include uses, because
// cdk-nag's AwsSolutions rules check `node instanceof CfnBucket` and skip a raw
// CfnResource: only the L1 form gives cdk-nag the work it does on the smusmesh app.
// --raw re-creates every resource as `new CfnResource(scope, logicalId, {type, properties})`.
'use strict';

const fs = require('fs');
const path = require('path');
const cdk = require('aws-cdk-lib');
const { CfnParser } = require('aws-cdk-lib/core/lib/helpers-internal');
const { AwsSolutionsChecks, NagReportFormat } = require('cdk-nag');

const args = process.argv.slice(2);
const raw = args.includes('--raw');
const src = args.filter((a) => a !== '--raw')[0];
if (!src) {
  console.error('usage: node app.js [--raw] <cloud assembly dir>');
  process.exit(2);
}

const readJSON = (f) => JSON.parse(fs.readFileSync(f, 'utf8'));

// l1Class returns the aws-cdk-lib L1 class of a CloudFormation type (undefined for custom
// resources and types aws-cdk-lib has no class for).
const l1Cache = new Map();
function l1Class(type) {
  if (l1Cache.has(type)) return l1Cache.get(type);
  let cls;
  const [vendor, service] = type.split('::');
  if (vendor === 'AWS') {
    let mod;
    try {
      mod = require(`aws-cdk-lib/aws-${service.toLowerCase()}`);
    } catch {
      mod = undefined;
    }
    for (const v of Object.values(mod ?? {})) {
      if (typeof v === 'function' && v.CFN_RESOURCE_TYPE_NAME === type && typeof v._fromCloudFormation === 'function') {
        cls = v;
        break;
      }
    }
  }
  l1Cache.set(type, cls);
  return cls;
}

// Metadata the CDK writes itself (construct path, asset paths) is left to the CDK.
function userMetadata(md) {
  if (!md) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(md)) {
    if (!k.startsWith('aws:cdk:') && !k.startsWith('aws:asset:')) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

// A raw template section (Conditions, Mappings, Rules) that has no L1 construct here.
class RawSection extends cdk.CfnElement {
  constructor(scope, id, section, body) {
    super(scope, id);
    this.section = section;
    this.body = body;
  }
  _toCloudFormation() {
    return { [this.section]: this.body };
  }
}

// fill re-creates template tpl in stack (a Stack or a NestedStack).
function fill(stack, tpl, ctx) {
  const top = !(stack instanceof cdk.NestedStack);
  if (tpl.Description) stack.templateOptions.description = tpl.Description;
  const params = {};
  for (const [name, p] of Object.entries(tpl.Parameters ?? {})) {
    // The stack synthesizer adds its own bootstrap version parameter and rule.
    if (top && name === 'BootstrapVersion') continue;
    const cp = new cdk.CfnParameter(stack, name, {
      type: p.Type, default: p.Default, description: p.Description, allowedValues: p.AllowedValues,
      allowedPattern: p.AllowedPattern, noEcho: p.NoEcho, minLength: p.MinLength, maxLength: p.MaxLength,
      minValue: p.MinValue, maxValue: p.MaxValue, constraintDescription: p.ConstraintDescription,
    });
    cp.overrideLogicalId(name);
    params[name] = cp;
  }
  for (const section of ['Conditions', 'Mappings', 'Rules']) {
    const body = { ...(tpl[section] ?? {}) };
    if (top && section === 'Rules') delete body.CheckBootstrapVersion;
    if (Object.keys(body).length) new RawSection(stack, `$${section}`, section, body);
  }
  const resources = tpl.Resources ?? {};
  const made = {};
  const finder = {
    findCondition: () => undefined,
    findMapping: () => undefined,
    findResource: (id) => (id in resources ? make(id) : undefined),
    findRefTarget: (id) => params[id] ?? (id in resources ? make(id) : undefined),
  };
  const parser = new CfnParser({ finder, parameters: {} });
  function make(id) {
    if (made[id]) return made[id];
    const r = { ...resources[id], Metadata: userMetadata(resources[id].Metadata) };
    let res;
    const nested = r.Type === 'AWS::CloudFormation::Stack' ? ctx.nestedFile(r) : undefined;
    if (nested) {
      const ns = new cdk.NestedStack(stack, id);
      res = ns.nestedStackResource;
      for (const [k, v] of Object.entries(r.Properties ?? {})) {
        if (k !== 'TemplateURL') res.addPropertyOverride(k, v);
      }
      if (r.DependsOn) res.addOverride('DependsOn', r.DependsOn);
      if (r.Metadata) res.cfnOptions.metadata = r.Metadata;
      made[id] = res;
      fill(ns, readJSON(path.join(ctx.dir, nested)), ctx);
    } else if (!raw && l1Class(r.Type)) {
      res = l1Class(r.Type)._fromCloudFormation(stack, id, r, { parser });
    } else {
      res = new cdk.CfnResource(stack, id, { type: r.Type, properties: r.Properties });
      const o = res.cfnOptions;
      o.deletionPolicy = r.DeletionPolicy;
      o.updateReplacePolicy = r.UpdateReplacePolicy;
      o.metadata = r.Metadata;
      if (r.Condition) res.addOverride('Condition', r.Condition);
      if (r.DependsOn) res.addOverride('DependsOn', r.DependsOn);
      if (r.UpdatePolicy) res.addOverride('UpdatePolicy', r.UpdatePolicy);
      if (r.CreationPolicy) res.addOverride('CreationPolicy', r.CreationPolicy);
    }
    res.overrideLogicalId(id);
    made[id] = res;
    ctx.resources++;
    return res;
  }
  for (const id of Object.keys(resources)) {
    if (resources[id].Type === 'AWS::CDK::Metadata') continue;
    make(id);
  }
  for (const [name, o] of Object.entries(tpl.Outputs ?? {})) {
    const out = new cdk.CfnOutput(stack, name, {
      value: o.Value, description: o.Description, exportName: o.Export?.Name,
    });
    out.overrideLogicalId(name);
  }
}

const app = new cdk.App({ outdir: process.env.CDK_OUTDIR || 'cdk.out.js' });
const root = readJSON(path.join(src, 'manifest.json'));
let total = 0;
for (const art of Object.values(root.artifacts)) {
  if (art.type !== 'cdk:cloud-assembly') continue;
  const dir = path.join(src, art.properties.directoryName);
  const name = art.properties.displayName;
  const stage = new cdk.Stage(app, name);
  cdk.Aspects.of(stage).add(new AwsSolutionsChecks({
    verbose: false, logIgnores: false, reports: true,
    reportFormats: [NagReportFormat.CSV, NagReportFormat.JSON],
  }));
  const manifest = readJSON(path.join(dir, 'manifest.json'));
  // Nested templates are file assets of their parent: the TemplateURL ends in the hash.
  const byHash = {};
  for (const a of Object.values(manifest.artifacts)) {
    if (a.type !== 'cdk:asset-manifest') continue;
    for (const [hash, f] of Object.entries(readJSON(path.join(dir, a.properties.file)).files ?? {})) {
      if (f.source.path.endsWith('.nested.template.json')) byHash[hash] = f.source.path;
    }
  }
  const ctx = {
    dir, resources: 0,
    nestedFile(r) {
      const m = JSON.stringify(r.Properties?.TemplateURL ?? '').match(/([0-9a-f]{64})\.json/);
      return m ? byHash[m[1]] : undefined;
    },
  };
  const stacks = {};
  const deps = [];
  for (const [id, a] of Object.entries(manifest.artifacts)) {
    if (a.type !== 'aws:cloudformation:stack') continue;
    const parts = a.displayName.split('/').slice(1);
    let scope = stage;
    for (const p of parts.slice(0, -1)) scope = scope.node.tryFindChild(p) ?? new cdk.Stack(scope, p);
    const [, account, region] = a.environment.match(/^aws:\/\/([^/]+)\/(.+)$/);
    const stack = new cdk.Stack(scope, parts[parts.length - 1], {
      env: { account, region }, stackName: a.properties.stackName,
    });
    fill(stack, readJSON(path.join(dir, a.properties.templateFile)), ctx);
    stacks[id] = stack;
    deps.push([id, a.dependencies ?? []]);
  }
  for (const [id, ds] of deps) {
    for (const d of ds) if (stacks[d]) stacks[id].addDependency(stacks[d]);
  }
  total += ctx.resources;
}
app.synth();
console.log('resources', total);
