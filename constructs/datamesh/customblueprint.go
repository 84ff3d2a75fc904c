package datamesh

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// CustomBlueprintParameter is one typed parameter of a custom blueprint: a parameter of
// its CloudFormation template that project profiles and projects may set (the
// CustomParameter of DataZone's CreateEnvironmentBlueprint).
type CustomBlueprintParameter struct {
	// Name is the template parameter's name (letters, digits, _).
	Name string
	// Description shown to project members.
	//
	// Default: none.
	Description string
	// Type is the field type.
	//
	// Default: "String".
	Type string
	// Default value.
	//
	// Default: none.
	Default string
	// Locked parameters cannot be changed by project members (isEditable false).
	//
	// Default: false (editable).
	Locked bool
	// Required parameters must have a value (isOptional false).
	//
	// Default: false (optional).
	Required bool
	// UpdateSupported lets an environment's value change after it is created.
	//
	// Default: false.
	UpdateSupported bool
}

// CustomBlueprintOptions define a custom blueprint: a CloudFormation template of your own
// that projects deploy as an environment, like a managed blueprint.
//
// CloudFormation has no resource type for a blueprint (DataZone's
// CreateEnvironmentBlueprint), and AWS::DataZone::EnvironmentBlueprintConfiguration
// configures managed blueprints only: its handler looks the identifier up among the
// managed blueprints and refuses custom ones
// (aws-cloudformation/aws-cloudformation-resource-providers-datazone,
// aws-datazone-environmentblueprintconfiguration CreateHandler.java). So a custom
// blueprint is one custom resource, Custom::SmusmeshCustomBlueprint, that creates the
// blueprint and puts its configuration (the two calls AWS's MDAA makes from custom
// resources: datazone-constructs custom-blueprint.ts and custom-blueprint-config.ts).
// Projects may use it through the same CREATE_ENVIRONMENT_FROM_BLUEPRINT grant as the
// managed blueprints. Profiles name it as Blueprint(Name).
type CustomBlueprintOptions struct {
	// Name of the blueprint (1-64 characters of letters, digits, _, - and space), unique
	// among the domain's blueprints; profiles name it. Renaming creates a new blueprint
	// and deletes the old one.
	Name string
	// Description of the blueprint.
	//
	// Default: none.
	Description string
	// TemplateURL is the HTTPS URL of the CloudFormation template in S3
	// (https://<bucket>.s3.<region>.amazonaws.com/<key>). The provisioning role deploys it
	// and must be able to read it: a key in the Tooling bucket (amazon-sagemaker-...) is
	// readable by the domain's provisioning role.
	TemplateURL string
	// Category of the blueprint (blueprintCategory), e.g. "TOOLING" for a blueprint that
	// replaces Tooling as a project's first environment (SMUS admin guide,
	// tooling-custom-blueprints). Set only when the blueprint is created.
	//
	// Default: none.
	Category string
	// UserParameters are the template's parameters that profiles and projects may set.
	//
	// Default: none.
	UserParameters []*CustomBlueprintParameter
	// Parameters are regional parameters of the blueprint's configuration, in every
	// enabled region.
	//
	// Default: none.
	Parameters map[string]string
	// Regions where the blueprint is enabled.
	//
	// Default: the domain's Regions.
	Regions []string
	// ProvisioningRole deploys the blueprint's environments.
	//
	// Default: the domain's ProvisioningRole.
	ProvisioningRole awsiam.IRole
}

var customBlueprintName = regexp.MustCompile(`^[\w -]{1,64}$`)

// validateCustomBlueprints reports the problems of the custom blueprints; seen holds the
// managed blueprints' names (a custom blueprint may not reuse one).
func validateCustomBlueprints(pr *problems, list []*CustomBlueprintOptions, seen map[Blueprint]int) {
	names := map[string]int{}
	for i, b := range list {
		f := fmt.Sprintf("CustomBlueprints[%d]", i)
		if b == nil {
			pr.add(ErrMissing, f, "nil", "remove the nil entry")
			continue
		}
		if !customBlueprintName.MatchString(b.Name) {
			pr.add(ErrInvalidProps, f+".Name", b.Name, "a blueprint name is 1-64 letters, digits, _, - or spaces")
		}
		if _, ok := seen[Blueprint(b.Name)]; ok || Blueprint(b.Name).Known() {
			pr.add(ErrDuplicate, f+".Name", b.Name, "a managed blueprint has that name: rename the custom blueprint")
		}
		// The logical ID keeps the name's letters and digits: two names that differ only
		// in spaces or punctuation would share it.
		if j, ok := names[customBlueprintID(b.Name)]; ok {
			pr.add(ErrDuplicate, f+".Name", b.Name, fmt.Sprintf("CustomBlueprints[%d] has the same letters and digits (%q): names are unique in a domain, apart from spaces and punctuation too", j, list[j].Name))
		}
		names[customBlueprintID(b.Name)] = i
		if u := b.TemplateURL; !isToken(u) && !strings.HasPrefix(u, "https://") {
			pr.add(ErrInvalidProps, f+".TemplateURL", u, "the template's HTTPS URL in S3, https://<bucket>.s3.<region>.amazonaws.com/<key>")
		}
		keys := map[string]bool{}
		for j, u := range b.UserParameters {
			uf := fmt.Sprintf("%s.UserParameters[%d]", f, j)
			if u == nil {
				pr.add(ErrMissing, uf, "nil", "remove the nil entry")
				continue
			}
			if !parameterName.MatchString(u.Name) {
				pr.add(ErrInvalidProps, uf+".Name", u.Name, "parameter names match ^[a-zA-Z_][a-zA-Z0-9_]*$")
			}
			if keys[u.Name] {
				pr.add(ErrDuplicate, uf+".Name", u.Name, "define each parameter once")
			}
			keys[u.Name] = true
		}
		checkParametersAndRegions(pr, f, b.Parameters, b.Regions)
	}
}

// customBlueprintCode is the provider's handler (blueprint.py, inline). Create: create
// the blueprint (CreateEnvironmentBlueprint), or, in an associated account, find it by
// name (ListEnvironmentBlueprints, managed false); then put its configuration
// (PutEnvironmentBlueprintConfiguration). Update: update the blueprint in place
// (UpdateEnvironmentBlueprint) unless its name changed, and put the configuration again.
// Delete: delete the configuration, and the blueprint where it was created.
//
//go:embed blueprint.py
var customBlueprintCode string

// customBlueprintProviderID is the construct id of the provider under its scope.
const customBlueprintProviderID = "CustomBlueprintProvider"

// customBlueprintProvider is the Lambda function behind Custom::SmusmeshCustomBlueprint,
// one per stack scope that enables custom blueprints.
type customBlueprintProvider struct {
	constructs.Construct
	fn   awslambda.Function
	role awsiam.Role
}

// FunctionArn is the provider's ARN. (jsii needs an exported method on a Go construct
// type.)
func (p *customBlueprintProvider) FunctionArn() *string { return p.fn.FunctionArn() }

// customBlueprintProviderOf returns the provider under scope for the domain domainID,
// creating it on first use. Its role may call the blueprint APIs on that domain only,
// and pass only the roles the configurations name.
func customBlueprintProviderOf(scope constructs.Construct, domainName string, domainArn *string) *customBlueprintProvider {
	if c := scope.Node().TryFindChild(jsii.String(customBlueprintProviderID)); c != nil {
		if p, ok := c.(*customBlueprintProvider); ok {
			return p
		}
	}
	p := &customBlueprintProvider{}
	constructs.NewConstruct_Override(p, scope, jsii.String(customBlueprintProviderID))
	p.fn, p.role = newProvider(p, providerProps{
		roleDescription:     "Creates and configures the custom blueprints of SMUS domain " + domainName,
		functionDescription: "smusmesh: creates a custom SMUS blueprint from a CloudFormation template and puts its configuration",
		policyName:          "CustomBlueprints",
		code:                customBlueprintCode,
		timeout:             awscdk.Duration_Minutes(jsii.Number(2)),
		statements: []awsiam.PolicyStatement{awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("datazone:CreateEnvironmentBlueprint", "datazone:UpdateEnvironmentBlueprint", "datazone:DeleteEnvironmentBlueprint",
				"datazone:ListEnvironmentBlueprints", "datazone:PutEnvironmentBlueprintConfiguration", "datazone:DeleteEnvironmentBlueprintConfiguration"),
			Resources: &[]*string{domainArn},
		})},
	})
	return p
}

// allow lets the provider pass role (PutEnvironmentBlueprintConfiguration names it) and
// read the template at url when the URL names an S3 object.
func (p *customBlueprintProvider) allow(roles []awsiam.IRole, url string) {
	for _, r := range roles {
		if r != nil {
			r.GrantPassRole(p.role)
		}
	}
	if obj := templateObject(url); obj != "" {
		arn := "arn:" + *awscdk.Stack_Of(p).Partition() + ":s3:::" + obj
		p.role.AddToPrincipalPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Actions: jsii.Strings("s3:GetObject"), Resources: jsii.Strings(arn),
		}))
	}
}

var virtualHosted = regexp.MustCompile(`^https://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com/(.+)$`)

// templateObject is the bucket/key of a virtual-hosted-style S3 URL, or "".
func templateObject(url string) string {
	m := virtualHosted.FindStringSubmatch(url)
	if m == nil {
		return ""
	}
	return m[1] + "/" + m[3]
}

// customBlueprintResource describes one custom blueprint resource: created in the
// domain (Create) or configured in an associated account.
type customBlueprintResource struct {
	opts                       *CustomBlueprintOptions
	domainID, domainArn        *string
	domainName                 string
	create                     bool
	regions                    *[]*string
	provisioning, manageAccess awsiam.IRole
}

// newCustomBlueprint creates the custom resource of one custom blueprint under scope (id
// "Custom"+stackID-like name), with its provider in the stack of scope.
func newCustomBlueprint(scope constructs.Construct, r customBlueprintResource) awscdk.CustomResource {
	o := r.opts
	stack := awscdk.Stack_Of(scope)
	prov := customBlueprintProviderOf(stack, r.domainName, r.domainArn)
	prole := r.provisioning
	if o.ProvisioningRole != nil {
		prole = o.ProvisioningRole
	}
	prov.allow([]awsiam.IRole{prole, r.manageAccess}, o.TemplateURL)
	regions := r.regions
	if len(o.Regions) > 0 {
		regions = jsii.Strings(o.Regions...)
	}
	// A list, not a map keyed by region: a region may be a token (an environment-agnostic
	// stack's AWS::Region), which cannot be a key.
	var regional []any
	for _, reg := range *regions {
		params := o.Parameters
		if params == nil {
			params = map[string]string{}
		}
		regional = append(regional, map[string]any{"Region": reg, "Parameters": params})
	}
	var params []any
	for _, u := range o.UserParameters {
		if u == nil {
			continue
		}
		params = append(params, map[string]any{
			"KeyName": u.Name, "Description": u.Description, "FieldType": or(u.Type, "String"), "DefaultValue": u.Default,
			"IsEditable": !u.Locked, "IsOptional": !u.Required, "IsUpdateSupported": u.UpdateSupported,
		})
	}
	props := map[string]any{
		"DomainId":           r.domainID,
		"Name":               o.Name,
		"Create":             r.create,
		"EnabledRegions":     regions,
		"RegionalParameters": regional,
	}
	if r.create {
		props["TemplateUrl"] = o.TemplateURL
		props["UserParameters"] = params
		if o.Description != "" {
			props["Description"] = o.Description
		}
		if o.Category != "" {
			props["Category"] = o.Category
		}
	}
	if prole != nil {
		props["ProvisioningRoleArn"] = prole.RoleArn()
	}
	if r.manageAccess != nil {
		props["ManageAccessRoleArn"] = r.manageAccess.RoleArn()
	}
	cr := awscdk.NewCustomResource(scope, jsii.String("Custom"+customBlueprintID(o.Name)), &awscdk.CustomResourceProps{
		ServiceToken:   prov.FunctionArn(),
		ResourceType:   jsii.String("Custom::SmusmeshCustomBlueprint"),
		Properties:     &props,
		ServiceTimeout: awscdk.Duration_Minutes(jsii.Number(4)),
	})
	cr.Node().AddDependency(prov.role)
	if res, ok := cr.Node().DefaultChild().(awscdk.CfnResource); ok {
		record(res, meshmeta.Resource{Kind: meshmeta.KindBlueprintConfiguration, Domain: r.domainName, Name: o.Name})
	}
	return cr
}

// customBlueprintID is the construct id part of a custom blueprint: its name's letters
// and digits (spaces and punctuation dropped), stable for the name.
func customBlueprintID(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// enableCustomBlueprint creates custom blueprint o in the domain, after prev, with its
// CREATE_ENVIRONMENT_FROM_BLUEPRINT grant.
func (d *rootDomain) enableCustomBlueprint(scope constructs.Construct, o *CustomBlueprintOptions, prev constructs.IDependable) awscdk.CustomResource {
	cr := newCustomBlueprint(scope, customBlueprintResource{
		opts: o, domainID: d.c.domainID, domainArn: d.c.domainArn(), domainName: d.c.name, create: true,
		regions: d.regions, provisioning: d.provRole, manageAccess: d.accessRole,
	})
	if prev != nil {
		cr.Node().AddDependency(prev)
	}
	id := cr.GetAttString(jsii.String("BlueprintId"))
	b := Blueprint(o.Name)
	d.bpIDs[b] = id
	if d.categories == nil {
		d.categories = map[Blueprint]string{}
	}
	d.categories[b] = o.Category
	d.order = append(d.order, b)
	d.grantBlueprint(cr, o.Name, id)
	return cr
}

// customToolings are the domain's custom blueprints of category TOOLING.
func (d *rootDomain) customToolings() []Blueprint {
	var out []Blueprint
	for _, b := range d.order {
		if d.categories[b] == "TOOLING" {
			out = append(out, b)
		}
	}
	return out
}

// CustomBlueprintConfigurationProps configure a custom blueprint in an associated account
// of its domain (see NewCustomBlueprintConfiguration).
type CustomBlueprintConfigurationProps struct {
	// Blueprint is the custom blueprint, as the domain's BusinessDomainProps.CustomBlueprints
	// defines it; only Name, Parameters, Regions and ProvisioningRole are used here.
	// Required.
	Blueprint *CustomBlueprintOptions
	// DomainID of the shared domain (a token from the domain lookup). Required.
	DomainID string
	// DomainName names the domain in descriptions and metadata.
	//
	// Default: "" (descriptions without the domain's name).
	DomainName string
	// DomainARN of the domain, which the provider may call the blueprint APIs on. Required.
	DomainARN string
	// Regions where the blueprint is enabled in this account; Blueprint.Regions, when set,
	// takes precedence. Required when Blueprint.Regions is empty.
	Regions []string
	// ProvisioningRole and ManageAccessRole of the account's blueprints;
	// Blueprint.ProvisioningRole, when set, takes precedence over ProvisioningRole.
	ProvisioningRole, ManageAccessRole awsiam.IRole
}

// NewCustomBlueprintConfiguration enables in scope's account a custom blueprint that the
// domain's account created: it finds the blueprint by name and puts its configuration.
// It returns the custom resource, whose attribute BlueprintId is the blueprint's ID.
func NewCustomBlueprintConfiguration(scope constructs.Construct, props *CustomBlueprintConfigurationProps) awscdk.CustomResource {
	pr := newProblems("CustomBlueprintConfiguration", *scope.Node().Path())
	if props == nil || props.Blueprint == nil {
		pr.add(ErrMissing, "Blueprint", "", "pass the custom blueprint the domain defines")
		mustValid(pr.err())
	}
	if props.DomainID == "" {
		pr.add(ErrMissing, "DomainID", "", "pass the shared domain's ID (the domain lookup's DomainId)")
	}
	if props.DomainARN == "" {
		pr.add(ErrMissing, "DomainARN", "", "pass the shared domain's ARN")
	}
	mustValid(pr.err())
	cr := newCustomBlueprint(scope, customBlueprintResource{
		opts: props.Blueprint, domainID: jsii.String(props.DomainID), domainArn: jsii.String(props.DomainARN), domainName: props.DomainName,
		regions: jsii.Strings(props.Regions...), provisioning: props.ProvisioningRole, manageAccess: props.ManageAccessRole,
	})
	if strings.HasSuffix(props.DomainARN, ":domain/*") {
		// The domain's ID is known only at deploy time here (the domain lookup): the
		// provider may act on the domains of the domain's account and region.
		prov := customBlueprintProviderOf(awscdk.Stack_Of(scope), props.DomainName, jsii.String(props.DomainARN))
		cdknag.NagSuppressions_AddResourceSuppressions(prov.role, &[]*cdknag.NagPackSuppression{{
			Id:     jsii.String("AwsSolutions-IAM5"),
			Reason: jsii.String("The shared domain's ID is read at deploy time; the blueprint calls are limited to the domains of the domain's account and region."),
			AppliesTo: &[]any{&cdknag.RegexAppliesTo{
				Regex: jsii.String(`/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):datazone:[a-z0-9-]+:\d{12}:domain\/\*$/`),
			}},
		}}, jsii.Bool(true))
	}
	return cr
}
