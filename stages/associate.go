package stages

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsram"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsssm"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// DomainSharePermission is the RAM permission that shares a V2 (SageMaker Unified
// Studio) domain with another account (gotcha 14).
const DomainSharePermission = "arn:aws:ram::aws:permission/AWSRAMPermissionsAmazonDatazoneDomainExtendedServiceAccess"

// ParameterName is the SSM parameter a domain stack writes for a value of a domain
// ("domain-id", "domain-arn", "root-domain-unit-id"): <prefix>/<domain>/<value>.
func ParameterName(prefix, domain, value string) string {
	return prefix + "/" + domain + "/" + value
}

// writeParameters writes the domain's ID, ARN and root unit ID as SSM parameters in the
// domain account, for associated accounts and other tools (copy or share them).
func (m *MeshStage) writeParameters(st awscdk.Stack, dom datamesh.RootDomain, prefix, name string) {
	for _, p := range []struct {
		id, value string
		v         *string
	}{
		{"DomainIdParameter", "domain-id", dom.DomainId()},
		{"DomainArnParameter", "domain-arn", dom.Resource().AttrArn()},
		{"RootDomainUnitIdParameter", "root-domain-unit-id", dom.RootDomainUnitId()},
	} {
		awsssm.NewStringParameter(st, jsii.String(p.id), &awsssm.StringParameterProps{
			ParameterName: jsii.String(ParameterName(prefix, name, p.value)),
			StringValue:   p.v,
			Description:   jsii.String("smusmesh: " + p.value + " of SMUS domain " + name),
		})
	}
}

// associate shares the domain with each associated account of the settings and creates
// that account's blueprint configuration stack, deployed after the domain stack.
func (m *MeshStage) associate(st awscdk.Stack, dom datamesh.RootDomain, d *DomainDef, prefix string) {
	s := m.settings
	domainAccount := s.accountOf(d.Name)
	for _, a := range s.Associated[d.Name] {
		share := awsram.NewCfnResourceShare(st, jsii.String("Share"+a.Account), &awsram.CfnResourceShareProps{
			Name:                    jsii.String("smusmesh-" + *m.Stage.StageName() + "-" + strings.ToLower(stackID(d.Name)) + "-" + a.Account),
			ResourceArns:            jsii.Strings(*dom.Resource().AttrArn()),
			Principals:              jsii.Strings(a.Account),
			PermissionArns:          jsii.Strings(DomainSharePermission),
			AllowExternalPrincipals: jsii.Bool(a.External),
		})
		_ = share
		region := a.Region
		if region == "" {
			region = s.Region
		}
		as := awscdk.NewStack(m.Stage, jsii.String(stackID(d.Name)+"Associated"+a.Account), &awscdk.StackProps{
			Env:         &awscdk.Environment{Account: jsii.String(a.Account), Region: jsii.String(region)},
			Description: jsii.String("SMUS domain " + d.Name + " blueprints in associated account " + a.Account + ": deploy after the RAM share is ASSOCIATED"),
		})
		// The share must be accepted and ASSOCIATED before blueprints are configured in the
		// associated account (gotcha 14): deploy this stack after the domain stack.
		as.AddStackDependency(st, jsii.String("the domain must be shared (RAM, ASSOCIATED) before its blueprints are configured in "+a.Account))
		m.associated[d.Name+"|"+a.Account] = as

		var domainID *string
		if a.DomainId != "" {
			domainID = jsii.String(a.DomainId)
		} else {
			name := a.DomainIdParameter
			if name == "" {
				name = ParameterName(prefix, d.Name, "domain-id")
			}
			p := awscdk.NewCfnParameter(as, jsii.String("DomainId"), &awscdk.CfnParameterProps{
				Type:        jsii.String("AWS::SSM::Parameter::Value<String>"),
				Default:     jsii.String(name),
				Description: jsii.String("SSM parameter (in this account, or the ARN of a shared parameter) holding the ID of domain " + d.Name + ", written by the domain stack in " + domainAccount),
			})
			domainID = p.ValueAsString()
		}
		// DataZone acts from the domain's account when it uses these roles.
		roles := datamesh.NewBlueprintRoles(as, &datamesh.BlueprintRolesProps{
			DomainName: d.Name, DomainId: domainID, DomainAccount: jsii.String(domainAccount), DomainRegion: jsii.String(s.Region),
		})
		prov, access := roles.Provisioning, roles.ManageAccess
		bucket := a.ToolingS3Location
		if bucket == "" {
			bucket = "s3://amazon-sagemaker-" + a.Account + "-" + region + "-" + strings.ToLower(stackID(d.Name))
		}
		params := map[string]*string{"S3Location": jsii.String(bucket)}
		if a.Network != nil {
			params["VpcId"] = jsii.String(a.Network.VpcId)
			params["Subnets"] = jsii.String(strings.Join(a.Network.SubnetIds, ","))
		}
		list := []string{string(toolingOf(datamesh.IdentityMode(strings.ToUpper(d.Identity))))}
		if strings.EqualFold(d.Identity, "") {
			list[0] = string(datamesh.BlueprintTooling)
		}
		list = append(list, d.Blueprints...)
		var prev awscdk.CfnResource
		for _, b := range list {
			c := awsdatazone.NewCfnEnvironmentBlueprintConfiguration(as, jsii.String("Blueprint"+b), &awsdatazone.CfnEnvironmentBlueprintConfigurationProps{
				DomainIdentifier:               domainID,
				EnvironmentBlueprintIdentifier: jsii.String(b),
				EnabledRegions:                 jsii.Strings(region),
				ProvisioningRoleArn:            prov.RoleArn(),
				ManageAccessRoleArn:            access.RoleArn(),
				RegionalParameters: &[]any{&awsdatazone.CfnEnvironmentBlueprintConfiguration_RegionalParameterProperty{
					Region: jsii.String(region), Parameters: &params,
				}},
			})
			// One at a time: the service throttles parallel enables (gotcha 10).
			if prev != nil {
				c.Node().AddDependency(prev)
			}
			prev = c
		}
	}
}
