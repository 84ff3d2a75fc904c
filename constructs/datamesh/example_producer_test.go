package datamesh_test

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// A producer project: people who may sign in without a role, the project's connections
// (a Redshift warehouse whose credentials stay in Secrets Manager, an Athena workgroup),
// its pipeline's Lake Formation permissions on the database it produces, and a Glue data
// source that publishes that database's tables.
func Example_producerProject() {
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("Corporate"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("eu-west-1")},
	})
	corp := datamesh.NewBusinessDomain(stack, jsii.String("Corporate"), &datamesh.BusinessDomainProps{
		DomainName: "corporate",
		Identity:   &datamesh.Identity{IdentityCenterInstanceARN: "arn:aws:sso:::instance/ssoins-0123456789abcdef"},
		Tooling: &datamesh.ToolingOptions{
			S3Location: "s3://amazon-sagemaker-111111111111-eu-west-1-corporate",
			VPCID:      "vpc-0123456789abcdef0",
			SubnetIDs:  []string{"subnet-0123456789abcdef0"},
		},
		Blueprints: []*datamesh.BlueprintOptions{{Blueprint: datamesh.BlueprintLakehouseCatalog},
			{Blueprint: datamesh.BlueprintDataLake}, {Blueprint: datamesh.BlueprintRedshiftServerless}},
		// Readers sign in and subscribe; they are no project's members.
		Users: []datamesh.Principal{datamesh.SSOGroup("corporate-readers")},
	})
	sql := datamesh.NewProjectProfile(corp, jsii.String("Sql"), &datamesh.ProjectProfileProps{
		Domain: corp, Name: "SQL analytics", Preset: datamesh.PresetSQLAnalytics,
	})
	orders := datamesh.NewProject(corp, jsii.String("Orders"), &datamesh.ProjectProps{
		DomainUnit: corp, Name: "Orders", Profile: sql,
		Members:    []*datamesh.Member{{Principal: datamesh.SSOGroup("orders-team"), Designation: datamesh.DesignationOwner}},
		DataSource: &datamesh.GlueDataSourceOptions{DatabaseName: "orders"},
	})
	secret := awssecretsmanager.Secret_FromSecretNameV2(stack, jsii.String("WarehouseSecret"), jsii.String("orders/redshift"))
	datamesh.NewConnection(orders, jsii.String("Warehouse"), &datamesh.ConnectionProps{
		Project: orders, Name: "warehouse",
		Redshift: &datamesh.RedshiftConnection{WorkgroupName: "orders", DatabaseName: "dev", Secret: secret},
	})
	datamesh.NewConnection(orders, jsii.String("Athena"), &datamesh.ConnectionProps{
		Project: orders, Name: "athena", Athena: &datamesh.AthenaConnection{WorkgroupName: "primary"},
	})
	etl := awsiam.Role_FromRoleArn(stack, jsii.String("Etl"), jsii.String("arn:aws:iam::111111111111:role/orders-etl"), nil)
	datamesh.NewProducerAccess(orders, jsii.String("Pipeline"), &datamesh.ProducerAccessProps{
		Project: orders, Role: etl, DatabaseName: "orders", // read-write on every table (the default)
	})
	tpl := assertions.Template_FromStack(stack, nil)
	for _, typ := range []string{"AWS::DataZone::Connection", "AWS::DataZone::DataSource", "AWS::DataZone::GroupProfile", "AWS::LakeFormation::PrincipalPermissions"} {
		fmt.Printf("%s: %d\n", typ, len(*tpl.FindResources(jsii.String(typ), nil)))
	}
	// Output:
	// AWS::DataZone::Connection: 2
	// AWS::DataZone::DataSource: 1
	// AWS::DataZone::GroupProfile: 2
	// AWS::LakeFormation::PrincipalPermissions: 4
}

// Validate reports every missing field of a connection's kind at once.
func ExampleConnectionProps_Validate() {
	props := &datamesh.ConnectionProps{
		EnvironmentID: "env0123456789", Name: "warehouse",
		Redshift: &datamesh.RedshiftConnection{Port: 70000},
	}
	for _, p := range problem.All(props.Validate()) {
		fmt.Println(p)
	}
	// Output:
	// smusmesh: Connection: Domain: missing required prop: an environment's connection needs the Domain of the environment
	// smusmesh: Connection: Redshift.WorkgroupName: missing required prop: name the Redshift Serverless workgroup (or ClusterName for a provisioned cluster)
	// smusmesh: Connection: Redshift.DatabaseName: missing required prop: name the database (lower-case letters, digits, _ and -)
	// smusmesh: Connection: Redshift.Port "70000": invalid props: a port from 1 to 65535 (0 for the default)
}
