package stages

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsram"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// DomainSharePermission is the RAM permission that shares a V2 (SageMaker Unified
// Studio) domain with another account (V1 domains use
// AWSRAMDefaultPermissionAmazonDataZoneDomain). Source: AWS's multi-account Terraform
// example, github.com/aws/Unified-Studio-for-Amazon-Sagemaker
// terraform/examples/multi-account/main.tf.
const DomainSharePermission = "arn:aws:ram::aws:permission/AWSRAMPermissionsAmazonDatazoneDomainExtendedServiceAccess"

// ParameterSharePermission is the RAM permission that shares SSM parameters read-only
// (docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-shared-parameters.html).
const ParameterSharePermission = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionSSMParameterReadOnly"

// ParameterName is the SSM parameter a domain stack writes for a value of a domain
// ("domain-id", "domain-arn", "root-domain-unit-id"): <prefix>/<domain>/<value>.
func ParameterName(prefix, domain, value string) string {
	return prefix + "/" + domain + "/" + value
}

// ParameterARN is the ARN another account reads a shared parameter by: Parameter Store
// needs the full ARN for parameters of another account.
func ParameterARN(partition, region, account, name string) string {
	return "arn:" + partition + ":ssm:" + region + ":" + account + ":parameter/" + strings.TrimPrefix(name, "/")
}

// writeParameters writes the domain's ID, ARN and root unit ID as SSM parameters in the
// domain account, and returns the domain-id parameter. They are Advanced parameters: only
// those can be shared with other accounts through RAM
// (docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-shared-parameters.html).
func (m *MeshStage) writeParameters(st awscdk.Stack, dom datamesh.BusinessDomain, prefix, name string) awsssm.StringParameter {
	var domainID awsssm.StringParameter
	for _, p := range []struct {
		id, value string
		v         *string
	}{
		{"DomainIdParameter", "domain-id", dom.DomainID()},
		{"DomainArnParameter", "domain-arn", dom.Resource().AttrArn()},
		{"RootDomainUnitIdParameter", "root-domain-unit-id", dom.RootDomainUnitID()},
	} {
		sp := awsssm.NewStringParameter(st, jsii.String(p.id), &awsssm.StringParameterProps{
			ParameterName: jsii.String(ParameterName(prefix, name, p.value)),
			StringValue:   p.v,
			Description:   jsii.String("smusmesh: " + p.value + " of SMUS domain " + name),
			Tier:          awsssm.ParameterTier_ADVANCED,
		})
		if p.value == "domain-id" {
			domainID = sp
		}
	}
	return domainID
}

// shareNames are the names of the two RAM shares of domain with account: the domain and
// its domain-id parameter. The associated stack accepts invitations by these names.
func (m *MeshStage) shareNames(domain, account string) (dom, param string) {
	base := "smusmesh-" + *m.Stage.StageName() + "-" + strings.ToLower(stackID(domain)) + "-" + account
	return base, base + "-parameters"
}

// associate shares the domain and its domain-id parameter with each associated account of
// the settings, and creates that account's stack, deployed after the domain stack.
func (m *MeshStage) associate(st awscdk.Stack, dom datamesh.BusinessDomain, d *DomainDef, prefix string, domainIDParam awsssm.StringParameter) {
	s := m.settings
	domainAccount := s.accountOf(d.Name)
	for _, a := range s.Associated[d.Name] {
		domShare, paramShare := m.shareNames(d.Name, a.Account)
		awsram.NewCfnResourceShare(st, jsii.String("Share"+a.Account), &awsram.CfnResourceShareProps{
			Name:                    jsii.String(domShare),
			ResourceArns:            jsii.Strings(*dom.Resource().AttrArn()),
			Principals:              jsii.Strings(a.Account),
			PermissionArns:          jsii.Strings(DomainSharePermission),
			AllowExternalPrincipals: jsii.Bool(a.External),
		})
		shares := []string{domShare}
		if a.DomainID == "" && a.DomainIDParameter == "" {
			awsram.NewCfnResourceShare(st, jsii.String("ParameterShare"+a.Account), &awsram.CfnResourceShareProps{
				Name:                    jsii.String(paramShare),
				ResourceArns:            jsii.Strings(*domainIDParam.ParameterArn()),
				Principals:              jsii.Strings(a.Account),
				PermissionArns:          jsii.Strings(ParameterSharePermission),
				AllowExternalPrincipals: jsii.Bool(a.External),
			})
			shares = append(shares, paramShare)
		}
		m.associatedStack(st, d, a, domainAccount, ParameterName(prefix, d.Name, "domain-id"), shares)
	}
}

// associatedStack builds the stack of one associated account: the domain lookup (accept
// the RAM invitations, wait for the domain), the blueprint roles, the Tooling bucket, and
// one blueprint configuration and CREATE_ENVIRONMENT_FROM_BLUEPRINT grant per blueprint.
func (m *MeshStage) associatedStack(st awscdk.Stack, d *DomainDef, a *AssociatedAccount, domainAccount, paramName string, shares []string) {
	s := m.settings
	// The stack deploys in the domain's region (DataZone, RAM and SSM are regional); the
	// blueprints are enabled in the region where the account's environments run.
	region := s.regionOf(a)
	as := awscdk.NewStack(m.Stage, jsii.String(stackID(d.Name)+"Associated"+a.Account), &awscdk.StackProps{
		Env:         &awscdk.Environment{Account: jsii.String(a.Account), Region: jsii.String(s.Region)},
		Description: jsii.String("SMUS domain " + d.Name + " in associated account " + a.Account + ": Tooling bucket and blueprint configurations"),
	})
	// The CDK CLI deploys a stage's stacks in dependency order, across accounts too.
	as.AddStackDependency(st, jsii.String("the domain stack shares the domain and its ID with "+a.Account))
	m.associated[d.Name+"|"+a.Account] = as

	param := a.DomainIDParameter
	if param == "" {
		param = ParameterARN(*as.Partition(), s.Region, domainAccount, paramName)
	}
	lookup := newDomainLookup(as, domainAccount, param, a.DomainID, shares)
	domainID := lookup.GetAttString(jsii.String("DomainId"))
	rootUnit := lookup.GetAttString(jsii.String("RootDomainUnitId"))

	// DataZone acts from the domain's account when it uses these roles.
	roles := datamesh.NewBlueprintRoles(as, &datamesh.BlueprintRolesProps{
		DomainName: d.Name, DomainID: *domainID, DomainAccount: domainAccount, DomainRegion: s.Region,
	})
	bucket := a.ToolingS3Location
	if bucket == "" {
		key := awskms.NewKey(as, jsii.String("ToolingKey"), &awskms.KeyProps{
			Description:       jsii.String("Encrypts the Tooling bucket of SMUS domain " + d.Name + " in this account"),
			EnableKeyRotation: jsii.Bool(true),
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		})
		b := datamesh.NewToolingBucket(as, jsii.String("ToolingBucket"), &datamesh.ToolingBucketProps{DomainID: *domainID, EncryptionKey: key})
		bucket = "s3://" + *b.BucketName()
	}
	base := map[string]*string{"S3Location": jsii.String(bucket)}
	if a.Network != nil {
		base["VpcId"] = jsii.String(a.Network.VPCID)
		base["Subnets"] = jsii.String(strings.Join(a.Network.SubnetIDs, ","))
	}
	tooling := toolingOf(datamesh.IdentityMode(strings.ToUpper(d.Identity)))
	if strings.EqualFold(d.Identity, "") {
		tooling = datamesh.BlueprintTooling
	}
	list := []*datamesh.BlueprintOptions{{Blueprint: tooling}}
	for _, o := range d.blueprintOptions(as, a.Account) {
		if o.Blueprint != tooling {
			list = append(list, o)
		}
	}
	var prev constructs.IDependable
	for _, o := range list {
		b := string(o.Blueprint)
		// Only the parameters the blueprint takes (datamesh.BlueprintParameters), then the
		// definition's own; the regions are the account's.
		params := map[string]*string{}
		for _, k := range datamesh.BlueprintParameters(o.Blueprint) {
			if v, ok := base[k]; ok {
				params[k] = v
			}
		}
		for k, v := range o.Parameters {
			params[k] = jsii.String(v)
		}
		for k, v := range o.RegionalParameters[region] {
			params[k] = jsii.String(v)
		}
		cfg := &awsdatazone.CfnEnvironmentBlueprintConfigurationProps{
			DomainIdentifier:               domainID,
			EnvironmentBlueprintIdentifier: jsii.String(b),
			EnabledRegions:                 jsii.Strings(region),
			RegionalParameters: &[]any{&awsdatazone.CfnEnvironmentBlueprintConfiguration_RegionalParameterProperty{
				Region: jsii.String(region), Parameters: &params,
			}},
		}
		switch {
		case o.ProvisioningRole != nil:
			cfg.ProvisioningRoleArn, cfg.ManageAccessRoleArn = o.ProvisioningRole.RoleArn(), roles.ManageAccess.RoleArn()
		case o.ProjectRoleProvisions || o.Blueprint == datamesh.BlueprintS3Bucket || o.Blueprint == datamesh.BlueprintS3TableCatalog:
			// No role: each project's execution role provisions (as in the domain's account).
		default:
			cfg.ProvisioningRoleArn, cfg.ManageAccessRoleArn = roles.Provisioning.RoleArn(), roles.ManageAccess.RoleArn()
		}
		if len(o.GlobalParameters) > 0 {
			cfg.GlobalParameters = &o.GlobalParameters // map[string]string: CloudFormation's string map
		}
		c := awsdatazone.NewCfnEnvironmentBlueprintConfiguration(as, jsii.String("Blueprint"+b), cfg)
		// One at a time: the service throttles parallel enables.
		if prev != nil {
			c.Node().AddDependency(prev)
		}
		prev = c
		datamesh.NewBlueprintUseGrant(c, domainID, rootUnit, jsii.String(a.Account), c.AttrEnvironmentBlueprintId())
	}
	// Custom blueprints: the domain's account creates them; this account finds each by
	// name and puts its configuration.
	domainArn := "arn:" + *as.Partition() + ":datazone:" + s.Region + ":" + domainAccount + ":domain/*"
	for _, o := range d.customBlueprints(as, a.Account) {
		cr := datamesh.NewCustomBlueprintConfiguration(as, &datamesh.CustomBlueprintConfigurationProps{
			Blueprint: o, DomainID: *domainID, DomainName: d.Name, DomainARN: domainArn, Regions: []string{region},
			ProvisioningRole: roles.Provisioning, ManageAccessRole: roles.ManageAccess,
		})
		if prev != nil {
			cr.Node().AddDependency(prev)
		}
		prev = cr
		datamesh.NewBlueprintUseGrant(cr, domainID, rootUnit, jsii.String(a.Account), cr.GetAttString(jsii.String("BlueprintId")))
	}
}

// lookupCode is the handler of the domain lookup (Python, inline: cfnresponse is
// available to inline code). It accepts the pending invitations of the named RAM shares
// sent by the domain's account, reads the domain ID (given, or from the shared parameter
// by its ARN) and waits until GetDomain answers AVAILABLE from this account; it gives up a
// minute before the Lambda timeout with the last error, so the stack fails with a reason
// instead of waiting for CloudFormation's custom resource timeout.
const lookupCode = `import time,boto3,cfnresponse
def handler(e,c):
  p=e['ResourceProperties'];pid=e.get('PhysicalResourceId','pending')
  if e['RequestType']=='Delete':
    return cfnresponse.send(e,c,cfnresponse.SUCCESS,{},pid)
  ram=boto3.client('ram');ssm=boto3.client('ssm');dz=boto3.client('datazone')
  why='not tried'
  while c.get_remaining_time_in_millis()>60000:
    try:
      for pg in ram.get_paginator('get_resource_share_invitations').paginate():
        for i in pg['resourceShareInvitations']:
          if i['status']=='PENDING' and i['senderAccountId']==p['Owner'] and i['resourceShareName'] in p['Shares']:
            ram.accept_resource_share_invitation(resourceShareInvitationArn=i['resourceShareInvitationArn'])
      d=p.get('DomainId') or ssm.get_parameter(Name=p['Parameter'])['Parameter']['Value']
      r=dz.get_domain(identifier=d)
      if r['status']=='AVAILABLE':
        return cfnresponse.send(e,c,cfnresponse.SUCCESS,{'DomainId':r['id'],'RootDomainUnitId':r['rootDomainUnitId']},r['id'])
      why='domain %s is %s'%(d,r['status'])
    except Exception as x:
      why=str(x)
    time.sleep(20)
  cfnresponse.send(e,c,cfnresponse.FAILED,{},pid,reason=(p['Hint']+' Last error: '+why)[:900])
`

// newDomainLookup creates the custom resource that makes the shared domain usable from
// the associated account before anything there names it: RAM invitations accepted when
// pending (accounts outside the Organization, or RAM sharing with the Organization off),
// shares ASSOCIATED, domain visible. AWS's multi-account Terraform example accepts the
// share before it configures blueprints ("need to accept and associate domain before
// enabling blueprints"); MDAA waits for ASSOCIATED (datazone-l3-construct
// monitor_ram_association.py). Attributes: DomainId, RootDomainUnitId.
func newDomainLookup(as awscdk.Stack, owner, param, domainID string, shares []string) awscdk.CustomResource {
	region, partition := *as.Region(), as.Partition()
	domainArns := awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("arn:"), partition, jsii.String(":datazone:" + region + ":" + owner + ":domain/*")})
	logs := awslogs.NewLogGroup(as, jsii.String("DomainLookupLogs"), &awslogs.LogGroupProps{
		Retention:     awslogs.RetentionDays_ONE_YEAR,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	role := awsiam.NewRole(as, jsii.String("DomainLookupRole"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Accepts the RAM shares of the SMUS domain of " + owner + " and waits until the domain is usable"),
		InlinePolicies: &map[string]awsiam.PolicyDocument{"DomainLookup": awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"), Resources: &[]*string{logs.LogGroupArn()},
			}),
			// Listing invitations has no resource type (Service Authorization Reference, AWS RAM).
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings("ram:GetResourceShareInvitations"), Resources: jsii.Strings("*"),
			}),
			// Only invitations to shares the domain's account owns.
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions:    jsii.Strings("ram:AcceptResourceShareInvitation"),
				Resources:  &[]*string{awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("arn:"), partition, jsii.String(":ram:" + region + ":*:resource-share-invitation/*")})},
				Conditions: &map[string]any{"StringEquals": map[string]any{"ram:ShareOwnerAccountId": owner}},
			}),
			awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
				Actions: jsii.Strings("datazone:GetDomain"), Resources: &[]*string{domainArns},
			}),
		}})},
	})
	if domainID == "" {
		// The one parameter that holds the domain ID, in the domain's account.
		role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("ssm:GetParameter"), Resources: jsii.Strings(param),
		}))
	}
	cdknag.NagSuppressions_AddResourceSuppressions(role, &[]*cdknag.NagPackSuppression{
		{
			Id:        jsii.String("AwsSolutions-IAM5"),
			Reason:    jsii.String("ram:GetResourceShareInvitations has no resource type; it only lists invitations, acceptance is limited to shares the domain's account owns."),
			AppliesTo: &[]any{jsii.String("Resource::*")},
		},
		{
			Id:        jsii.String("AwsSolutions-IAM5"),
			Reason:    jsii.String("Invitation IDs are unknown until the domain stack shares the domain; the ram:ShareOwnerAccountId condition limits acceptance to the domain's account."),
			AppliesTo: &[]any{jsii.String("Resource::arn:<AWS::Partition>:ram:" + region + ":*:resource-share-invitation/*")},
		},
		{
			Id:        jsii.String("AwsSolutions-IAM5"),
			Reason:    jsii.String("The domain ID is what this function looks up; GetDomain is read-only and limited to domains of the domain's account and region."),
			AppliesTo: &[]any{jsii.String("Resource::arn:<AWS::Partition>:datazone:" + region + ":" + owner + ":domain/*")},
		},
	}, jsii.Bool(false))
	fn := awslambda.NewFunction(as, jsii.String("DomainLookupFunction"), &awslambda.FunctionProps{
		Runtime:     awslambda.Runtime_PYTHON_3_14(),
		Handler:     jsii.String("index.handler"),
		Code:        awslambda.Code_FromInline(jsii.String(lookupCode)),
		Timeout:     awscdk.Duration_Minutes(jsii.Number(15)),
		Role:        role,
		LogGroup:    logs,
		Description: jsii.String("smusmesh: accepts the RAM shares of an SMUS domain and waits until the domain is usable from this account"),
	})
	props := map[string]any{
		"Owner":  owner,
		"Shares": shares,
		"Hint": "The SMUS domain shared by " + owner + " is not usable from this account after 14 minutes. Check in AWS RAM that the shares " +
			strings.Join(shares, ", ") + " are ASSOCIATED here (accept the invitations if pending) and that the domain stack deployed.",
	}
	if domainID != "" {
		props["DomainId"] = domainID
	} else {
		props["Parameter"] = param
	}
	cr := awscdk.NewCustomResource(as, jsii.String("DomainLookup"), &awscdk.CustomResourceProps{
		ServiceToken: fn.FunctionArn(),
		ResourceType: jsii.String("Custom::SmusDomainLookup"),
		Properties:   &props,
	})
	// The function must be able to log and read before CloudFormation invokes it.
	cr.Node().AddDependency(role)
	return cr
}
