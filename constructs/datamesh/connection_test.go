package datamesh_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
	"github.com/smusmesh/smusmesh/problem"
)

// TestConnectionsOfEveryKind renders one connection of each kind on a project (and one on
// an environment); every template passes the registry schema, and each connection's
// Props carry exactly what its options say, as AWS's own template writes them
// (aws/Unified-Studio-for-Amazon-Sagemaker, cloudformation/project/create_connection.yaml).
func TestConnectionsOfEveryKind(t *testing.T) {
	m := newMesh()
	p := m.consumer("Orders", "Orders", m.sales)
	secret := awssecretsmanager.Secret_FromSecretCompleteArn(m.stack, jsii.String("Secret"),
		jsii.String("arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift-orders-AbCdEf"))
	access := role(m.stack, "Access", "smus-access")
	cases := []struct {
		id    string
		props *datamesh.ConnectionProps
		want  map[string]any // Props
	}{
		{"Athena", &datamesh.ConnectionProps{Name: "athena", Athena: &datamesh.AthenaConnection{WorkgroupName: "orders-wg"}},
			map[string]any{"AthenaProperties": map[string]any{"WorkgroupName": "orders-wg"}}},
		{"Redshift", &datamesh.ConnectionProps{Name: "redshift", Description: "Orders warehouse", Redshift: &datamesh.RedshiftConnection{
			WorkgroupName: "orders", DatabaseName: "dev", Host: "orders.111111111111.eu-west-1.redshift-serverless.amazonaws.com", Port: 5439,
			Secret: secret, LineageSync: true, LineageSchedule: "cron(0 2 * * ? *)"}},
			map[string]any{"RedshiftProperties": map[string]any{
				"Storage": map[string]any{"WorkgroupName": "orders"}, "DatabaseName": "dev",
				"Host": "orders.111111111111.eu-west-1.redshift-serverless.amazonaws.com", "Port": float64(5439),
				"Credentials": map[string]any{"SecretArn": "arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift-orders-AbCdEf"},
				"LineageSync": map[string]any{"Enabled": true, "Schedule": map[string]any{"Schedule": "cron(0 2 * * ? *)"}}}}},
		{"RedshiftCluster", &datamesh.ConnectionProps{Name: "cluster", Redshift: &datamesh.RedshiftConnection{ClusterName: "legacy", DatabaseName: "sales"}},
			map[string]any{"RedshiftProperties": map[string]any{"Storage": map[string]any{"ClusterName": "legacy"}, "DatabaseName": "sales"}}},
		{"S3", &datamesh.ConnectionProps{Name: "landing", S3: &datamesh.S3Connection{URI: "s3://orders-landing/raw/"}},
			map[string]any{"S3Properties": map[string]any{"S3Uri": "s3://orders-landing/raw/"}}},
		{"Glue", &datamesh.ConnectionProps{Name: "snowflake", Glue: &datamesh.GlueConnection{
			ConnectionType: "SNOWFLAKE", Properties: map[string]string{"HOST": "acme.snowflakecomputing.com", "PORT": "443"},
			AthenaProperties: map[string]string{"spill_bucket": "orders-spill"}, SubnetID: "subnet-0123456789abcdef0",
			SecurityGroupIDs: []string{"sg-0123456789abcdef0"}, AvailabilityZone: "eu-west-1a", Secret: secret, ValidateFor: []string{"SPARK", "ATHENA"}}},
			map[string]any{"GlueProperties": map[string]any{"GlueConnectionInput": map[string]any{
				"Name": "snowflake", "ConnectionType": "SNOWFLAKE", "ValidateCredentials": true,
				"ConnectionProperties":           map[string]any{"HOST": "acme.snowflakecomputing.com", "PORT": "443"},
				"AthenaProperties":               map[string]any{"spill_bucket": "orders-spill"},
				"PhysicalConnectionRequirements": map[string]any{"SubnetId": "subnet-0123456789abcdef0", "SecurityGroupIdList": []any{"sg-0123456789abcdef0"}, "AvailabilityZone": "eu-west-1a"},
				"AuthenticationConfiguration":    map[string]any{"AuthenticationType": "BASIC", "SecretArn": "arn:aws:secretsmanager:eu-west-1:111111111111:secret:redshift-orders-AbCdEf"},
				"ValidateForComputeEnvironments": []any{"SPARK", "ATHENA"}}}}},
		{"SparkGlue", &datamesh.ConnectionProps{Name: "spark", SparkGlue: &datamesh.SparkGlueConnection{WorkerType: "G.1X", GlueVersion: "4.0", NumberOfWorkers: 10, IdleTimeout: time.Hour}},
			map[string]any{"SparkGlueProperties": map[string]any{"WorkerType": "G.1X", "GlueVersion": "4.0", "NumberOfWorkers": float64(10), "IdleTimeout": float64(60)}}},
		{"SparkEMR", &datamesh.ConnectionProps{Name: "emr", SparkEMR: &datamesh.SparkEMRConnection{
			ComputeARN: "arn:aws:emr-serverless:eu-west-1:111111111111:/applications/00f0abcdef", RuntimeRole: access}},
			map[string]any{"SparkEmrProperties": map[string]any{"ComputeArn": "arn:aws:emr-serverless:eu-west-1:111111111111:/applications/00f0abcdef",
				"RuntimeRole": "arn:aws:iam::111111111111:role/smus-access"}}},
		{"IAM", &datamesh.ConnectionProps{Name: "other-account", AccessRole: access, IAM: &datamesh.IAMConnection{GlueLineageSync: true}},
			map[string]any{"IamProperties": map[string]any{"GlueLineageSyncEnabled": true}}},
		{"HyperPod", &datamesh.ConnectionProps{Name: "hyperpod", AccessRole: access, AccountID: "222222222222", Region: "eu-west-1",
			HyperPod: &datamesh.HyperPodConnection{ClusterName: "training"}},
			map[string]any{"HyperPodProperties": map[string]any{"ClusterName": "training"}}},
	}
	for _, c := range cases {
		c.props.Project = p
		datamesh.NewConnection(p, jsii.String(c.id), c.props)
	}
	env := datamesh.NewConnection(m.stack, jsii.String("EnvConnection"), &datamesh.ConnectionProps{
		Domain: m.domain, EnvironmentID: "env0123456789", Name: "env-athena", TrustedIdentityPropagation: true,
		Athena: &datamesh.AthenaConnection{WorkgroupName: "primary"}})
	if env.Kind() != "ATHENA" || env.ConnectionName() != "env-athena" {
		t.Errorf("Kind %q, ConnectionName %q", env.Kind(), env.ConnectionName())
	}
	_, raw := template(t, m.stack)
	got := resources(raw, "AWS::DataZone::Connection")
	if len(got) != len(cases)+1 {
		t.Fatalf("%d connections, want %d: %v", len(got), len(cases)+1, keys(got))
	}
	byName := map[string]map[string]any{}
	for _, r := range got {
		byName[props(r)["Name"].(string)] = r
	}
	for _, c := range cases {
		r := byName[c.props.Name]
		if r == nil {
			t.Errorf("%s: no connection named %q", c.id, c.props.Name)
			continue
		}
		pr := props(r)
		if !reflect.DeepEqual(pr["Props"], c.want) {
			t.Errorf("%s: Props\n got %v\nwant %v", c.id, pr["Props"], c.want)
		}
		if pr["ProjectIdentifier"] == nil || pr["EnvironmentIdentifier"] != nil {
			t.Errorf("%s: a project connection names its project only: %v", c.id, pr)
		}
		// A connection holds no data, and a retained one would keep its name.
		if r["DeletionPolicy"] != "Delete" {
			t.Errorf("%s: DeletionPolicy %v, want Delete", c.id, r["DeletionPolicy"])
		}
		if meta(r)["kind"] != "Connection" {
			t.Errorf("%s: metadata %v", c.id, meta(r))
		}
	}
	if loc := props(byName["hyperpod"])["AwsLocation"]; !reflect.DeepEqual(loc, map[string]any{
		"AccessRole": "arn:aws:iam::111111111111:role/smus-access", "AwsAccountId": "222222222222", "AwsRegion": "eu-west-1"}) {
		t.Errorf("HyperPod AwsLocation %v", loc)
	}
	if loc := props(byName["other-account"])["AwsLocation"]; !reflect.DeepEqual(loc, map[string]any{"AccessRole": "arn:aws:iam::111111111111:role/smus-access"}) {
		t.Errorf("IAM AwsLocation %v", loc)
	}
	if _, ok := props(byName["athena"])["AwsLocation"]; ok {
		t.Error("a connection without AccessRole, AccountID or Region has no AwsLocation")
	}
	e := props(byName["env-athena"])
	if e["EnvironmentIdentifier"] != "env0123456789" || e["ProjectIdentifier"] != nil || e["EnableTrustedIdentityPropagation"] != true {
		t.Errorf("environment connection %v", e)
	}
	if _, ok := props(byName["athena"])["EnableTrustedIdentityPropagation"]; ok {
		t.Error("EnableTrustedIdentityPropagation is only written when true")
	}
}

func TestConnectionPropsValidate(t *testing.T) {
	m := newMesh()
	p := m.consumer("Orders", "Orders", m.sales)
	other := datamesh.NewBusinessDomain(m.stack, jsii.String("Other"), func() *datamesh.BusinessDomainProps {
		d := ssoDomainProps()
		d.DomainName = "other"
		return d
	}())
	athena := &datamesh.AthenaConnection{WorkgroupName: "wg"}
	cases := []struct {
		name  string
		props *datamesh.ConnectionProps
		want  []string // field: value, in order
	}{
		{"nil", nil, []string{"props"}},
		{"neither project nor environment", &datamesh.ConnectionProps{Name: "a", Athena: athena}, []string{"Project"}},
		{"both", &datamesh.ConnectionProps{Project: p, EnvironmentID: "env1", Name: "a", Athena: athena}, []string{"EnvironmentID"}},
		{"environment without domain", &datamesh.ConnectionProps{EnvironmentID: "env1", Name: "a", Athena: athena}, []string{"Domain"}},
		{"domain of another project", &datamesh.ConnectionProps{Project: p, Domain: other, Name: "a", Athena: athena}, []string{"Domain"}},
		{"bad name and description", &datamesh.ConnectionProps{Project: p, Name: "-a b", Description: strings.Repeat("x", 129), Athena: athena},
			[]string{"Name", "Description"}},
		{"no kind", &datamesh.ConnectionProps{Project: p, Name: "a"}, []string{"Athena"}},
		{"two kinds", &datamesh.ConnectionProps{Project: p, Name: "a", Athena: athena, S3: &datamesh.S3Connection{URI: "s3://b/"}}, []string{"S3"}},
		{"athena without workgroup", &datamesh.ConnectionProps{Project: p, Name: "a", Athena: &datamesh.AthenaConnection{}}, []string{"Athena.WorkgroupName"}},
		{"redshift without storage and database", &datamesh.ConnectionProps{Project: p, Name: "a", Redshift: &datamesh.RedshiftConnection{Port: 70000}},
			[]string{"Redshift.WorkgroupName", "Redshift.DatabaseName", "Redshift.Port"}},
		{"redshift workgroup and cluster", &datamesh.ConnectionProps{Project: p, Name: "a", Redshift: &datamesh.RedshiftConnection{WorkgroupName: "wg1", ClusterName: "c", DatabaseName: "dev"}},
			[]string{"Redshift.ClusterName"}},
		{"redshift schedule without sync", &datamesh.ConnectionProps{Project: p, Name: "a", Redshift: &datamesh.RedshiftConnection{WorkgroupName: "wg1", DatabaseName: "Dev", LineageSchedule: "daily"}},
			[]string{"Redshift.DatabaseName", "Redshift.LineageSchedule"}},
		{"s3 uri", &datamesh.ConnectionProps{Project: p, Name: "a", S3: &datamesh.S3Connection{URI: "s3://bucket/prefix"}}, []string{"S3.URI"}},
		{"glue", &datamesh.ConnectionProps{Project: p, Name: "a", Glue: &datamesh.GlueConnection{SecurityGroupIDs: []string{"sg-1"}, ValidateFor: []string{"SPARK", "HIVE"},
			Properties: map[string]string{"HOST": ""}}},
			[]string{"Glue.ConnectionType", "Glue.SubnetID", "Glue.ValidateFor[1]", "Glue.Properties[HOST]"}},
		{"spark glue", &datamesh.ConnectionProps{Project: p, Name: "a", SparkGlue: &datamesh.SparkGlueConnection{WorkerType: "Standard", GlueVersion: "4", NumberOfWorkers: 1001, IdleTimeout: 90 * time.Second}},
			[]string{"SparkGlue.WorkerType", "SparkGlue.GlueVersion", "SparkGlue.NumberOfWorkers", "SparkGlue.IdleTimeout"}},
		{"spark emr", &datamesh.ConnectionProps{Project: p, Name: "a", SparkEMR: &datamesh.SparkEMRConnection{ComputeARN: "arn:aws:glue:eu-west-1:111111111111:x", LogURI: "/logs"}},
			[]string{"SparkEMR.ComputeARN", "SparkEMR.LogURI"}},
		{"iam without role", &datamesh.ConnectionProps{Project: p, Name: "a", IAM: &datamesh.IAMConnection{}}, []string{"AccessRole"}},
		{"hyperpod", &datamesh.ConnectionProps{Project: p, Name: "a", AccountID: "1234", Region: "Europe", HyperPod: &datamesh.HyperPodConnection{ClusterName: "-x"}},
			[]string{"AccountID", "Region", "HyperPod.ClusterName"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.props.Validate()
			var got []string
			for _, e := range problem.All(err) {
				var p *problem.Problem
				if !errors.As(e, &p) {
					t.Fatalf("not a Problem: %v", e)
				}
				got = append(got, p.Field)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("fields %v, want %v\n%v", got, c.want, err)
			}
			if !errors.Is(err, datamesh.ErrMissing) && !errors.Is(err, datamesh.ErrInvalidProps) && !errors.Is(err, datamesh.ErrInvalidName) && !errors.Is(err, datamesh.ErrLimit) {
				t.Errorf("error matches no sentinel: %v", err)
			}
		})
	}
	// Names are unique in a project: a second connection of one name is refused.
	datamesh.NewConnection(p, jsii.String("First"), &datamesh.ConnectionProps{Project: p, Name: "wg", Athena: athena})
	second := &datamesh.ConnectionProps{Project: p, Name: "wg", Athena: athena}
	if err := second.Validate(); !errors.Is(err, datamesh.ErrDuplicate) {
		t.Errorf("Validate of a second connection of one name: %v, want ErrDuplicate (what the constructor refuses)", err)
	}
	if err := build(func() { datamesh.NewConnection(p, jsii.String("Second"), second) }); !errors.Is(err, datamesh.ErrDuplicate) || !strings.Contains(err.Error(), "Orders/First") {
		t.Errorf("second connection of one name: %v", err)
	}
	// The constructor refuses what Validate reports.
	if err := build(func() {
		datamesh.NewConnection(p, jsii.String("Bad"), &datamesh.ConnectionProps{Project: p, Name: "a"})
	}); !errors.Is(err, datamesh.ErrMissing) ||
		!strings.Contains(err.Error(), "Orders/Bad") {
		t.Errorf("NewConnection: %v", err)
	}
}
