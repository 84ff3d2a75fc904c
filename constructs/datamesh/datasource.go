package datamesh

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslakeformation"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
)

// A project's Glue data source (AWS::DataZone::DataSource of type GLUE) imports the tables
// of a Glue database into the catalog and publishes them as the project's assets. A Master
// Data project has one, with its data contract attached as a form; any project may have one
// (ProjectProps.DataSource), made the same way, without a contract.

// glueSourceExtras are what the caller adds to a data source: the Master Data project its
// contract's tables, description and form.
type glueSourceExtras struct {
	// include is the default of the INCLUDE filters (nil: every table).
	include []string
	// description is the default description.
	description string
	// catalog is the Glue catalog ID (the stack's account).
	catalog *string
	// form is the asset form every imported asset gets (nil: none).
	form *awsdatazone.CfnDataSource_FormInputProperty
}

// glueSource is what addGlueDataSource made.
type glueSource struct {
	ds     awsdatazone.CfnDataSource
	lookup awscdk.CustomResource
	grants []awslakeformation.CfnPrincipalPermissions
}

// addGlueDataSource renders the Glue data source of project p under scope, named
// "<key> Glue": the construct ids (DataSource, LakehouseLookupMember, LakehouseConnection,
// PublisherDatabase, PublisherTables) are the same for a project and for a Master Data
// project of the same scope and id, so turning one into the other keeps them. Unless the
// options name a connection or an environment, the project's Lakehouse connection and user
// role are looked up at deploy time; the role the data source reads as is granted what it
// needs on the database before the first run.
func addGlueDataSource(scope constructs.Construct, p *project, key string, o *GlueDataSourceOptions, x glueSourceExtras, core *domainCore, removal awscdk.RemovalPolicy) glueSource {
	var out glueSource
	include := o.Include
	if len(include) == 0 {
		include = x.include
	}
	var filters []any
	for _, e := range include {
		filters = append(filters, &awsdatazone.CfnDataSource_FilterExpressionProperty{Expression: jsii.String(e), Type: jsii.String("INCLUDE")})
	}
	for _, e := range o.Exclude {
		filters = append(filters, &awsdatazone.CfnDataSource_FilterExpressionProperty{Expression: jsii.String(e), Type: jsii.String("EXCLUDE")})
	}
	rel := &awsdatazone.CfnDataSource_RelationalFilterConfigurationProperty{DatabaseName: jsii.String(o.DatabaseName)}
	if len(filters) > 0 {
		rel.FilterExpressions = &filters
	}
	glue := &awsdatazone.CfnDataSource_GlueRunConfigurationInputProperty{
		RelationalFilterConfigurations: &[]any{rel},
		AutoImportDataQualityResult:    jsii.Bool(!o.NoDataQualityResults),
		CatalogName:                    optional(o.CatalogName),
	}
	if o.DataAccessRole != nil {
		glue.DataAccessRole = o.DataAccessRole.RoleArn()
	}
	conn := optional(o.ConnectionIdentifier)
	var publisher *string // the role the data source reads the catalog as
	if o.ConnectionIdentifier == "" && o.EnvironmentIdentifier == "" {
		name := or(o.LakehouseConnectionName, DefaultLakehouseConnectionName)
		out.lookup = lakehouseConnection(scope, p, core, name)
		conn = out.lookup.GetAttString(jsii.String("ConnectionId"))
		publisher = out.lookup.GetAttString(jsii.String("UserRoleArn"))
	}
	if o.DataAccessRole != nil {
		publisher = o.DataAccessRole.RoleArn()
	}
	desc := or(o.Description, x.description)
	props := &awsdatazone.CfnDataSourceProps{
		DomainIdentifier:      core.domainID,
		ProjectIdentifier:     p.ProjectID(),
		Name:                  jsii.String(truncate(key+" Glue", 256)),
		Description:           optional(desc),
		Type:                  jsii.String("GLUE"),
		EnableSetting:         jsii.String("ENABLED"),
		ConnectionIdentifier:  conn,
		EnvironmentIdentifier: optional(o.EnvironmentIdentifier),
		PublishOnImport:       jsii.Bool(!o.NoPublishOnImport),
		Recommendation: &awsdatazone.CfnDataSource_RecommendationConfigurationProperty{
			EnableBusinessNameGeneration: jsii.Bool(!o.NoBusinessNameGeneration),
		},
		Configuration: &awsdatazone.CfnDataSource_DataSourceConfigurationInputProperty{GlueRunConfiguration: glue},
	}
	if x.form != nil {
		props.AssetFormsInput = &[]any{x.form}
	}
	if o.Schedule != "" {
		props.Schedule = &awsdatazone.CfnDataSource_ScheduleConfigurationProperty{Schedule: jsii.String(o.Schedule), Timezone: optional(o.Timezone)}
	}
	out.ds = awsdatazone.NewCfnDataSource(scope, jsii.String("DataSource"), props)
	applyRemoval(out.ds, removal)
	record(out.ds, meshmeta.Resource{Kind: meshmeta.KindDataSource, Domain: core.name, Name: p.name})
	if publisher != nil {
		catalog := x.catalog
		if catalog == nil {
			catalog = awscdk.Stack_Of(scope).Account()
		}
		out.grants = publisherGrants(scope, p, publisher, o.DatabaseName, catalog)
		deps := make([]constructs.IDependable, len(out.grants))
		for i, g := range out.grants {
			deps[i] = g
		}
		out.ds.Node().AddDependency(deps...) // the first run can read what it publishes
	}
	return out
}

// publisherGrants grants the role the data source runs as what it needs to import and
// publish the tables of database, as MDAA's SageMaker project construct does for its Glue
// data sources: DESCRIBE on the database, SELECT and DESCRIBE on every table, each with
// grant option (DataZone grants subscribers access on the publisher's behalf).
func publisherGrants(scope constructs.Construct, p *project, role *string, database string, catalog *string) []awslakeformation.CfnPrincipalPermissions {
	db := jsii.String(database)
	principal := &awslakeformation.CfnPrincipalPermissions_DataLakePrincipalProperty{DataLakePrincipalIdentifier: role}
	dbGrant := awslakeformation.NewCfnPrincipalPermissions(scope, jsii.String("PublisherDatabase"), &awslakeformation.CfnPrincipalPermissionsProps{
		Principal:                  principal,
		Resource:                   &awslakeformation.CfnPrincipalPermissions_ResourceProperty{Database: &awslakeformation.CfnPrincipalPermissions_DatabaseResourceProperty{CatalogId: catalog, Name: db}},
		Permissions:                jsii.Strings(string(PermissionDescribe)),
		PermissionsWithGrantOption: jsii.Strings(string(PermissionDescribe)),
	})
	tables := awslakeformation.NewCfnPrincipalPermissions(scope, jsii.String("PublisherTables"), &awslakeformation.CfnPrincipalPermissionsProps{
		Principal: principal,
		Resource: &awslakeformation.CfnPrincipalPermissions_ResourceProperty{Table: &awslakeformation.CfnPrincipalPermissions_TableResourceProperty{
			CatalogId: catalog, DatabaseName: db, TableWildcard: map[string]any{},
		}},
		Permissions:                jsii.Strings(string(PermissionSelect), string(PermissionDescribe)),
		PermissionsWithGrantOption: jsii.Strings(string(PermissionSelect), string(PermissionDescribe)),
	})
	// The table grant follows the database grant, in the order MDAA deploys them.
	tables.Node().AddDependency(dbGrant)
	for _, g := range []awscdk.CfnResource{dbGrant, tables} {
		record(g, meshmeta.Resource{Kind: meshmeta.KindDataAccess, Name: p.name, Product: p.name, Publisher: true})
	}
	return []awslakeformation.CfnPrincipalPermissions{dbGrant, tables}
}

// projectDataSourceDescription is the default description of a project's own data source.
func projectDataSourceDescription(project, database string) string {
	return truncate(fmt.Sprintf("Imports the tables of Glue database %s and publishes them as assets of project %s", database, project), 2048)
}
