package stages

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/constructs/datamesh"
)

// ConnectionDef is a connection of a project (see datamesh.NewConnection): exactly one
// kind (athena, redshift, s3, glue, sparkGlue, sparkEmr, iam, hyperPod). Values that
// differ per stage (account, region, partition) are written with CloudFormation's
// pseudo parameters, ${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition}, in hosts,
// ARNs and URIs; roles and secrets may be given by name.
type ConnectionDef struct {
	// Name of the connection, unique in the project (letters, digits, _ . -). Renaming
	// replaces the connection (a new one is created, then the old one deleted).
	Name string `yaml:"name" json:"name" mesh:"required"`
	// Description of the connection (at most 128 characters).
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// AccessRole is the role the connection uses in another account (IAM and HyperPod
	// connections): a role name (optionally with a path), whose ARN is built in the
	// domain's account of each stage, or an ARN.
	AccessRole string `yaml:"accessRole,omitempty" json:"accessRole,omitempty"`
	// AccountID of the resource the connection reaches (default: the project's account).
	AccountID string `yaml:"accountId,omitempty" json:"accountId,omitempty"`
	// Region of the resource the connection reaches (default: the project's region).
	Region string `yaml:"region,omitempty" json:"region,omitempty"`
	// TrustedIdentityPropagation passes the signed-in user's identity to the service.
	// Changing it replaces the connection: rename it in the same change.
	TrustedIdentityPropagation bool `yaml:"trustedIdentityPropagation,omitempty" json:"trustedIdentityPropagation,omitempty"`
	// Athena is an Amazon Athena workgroup.
	Athena *AthenaDef `yaml:"athena,omitempty" json:"athena,omitempty"`
	// Redshift is an Amazon Redshift database.
	Redshift *RedshiftDef `yaml:"redshift,omitempty" json:"redshift,omitempty"`
	// S3 is an Amazon S3 location.
	S3 *S3Def `yaml:"s3,omitempty" json:"s3,omitempty"`
	// Glue is an AWS Glue connection to an external source (Snowflake, JDBC ...).
	Glue *GlueConnectionDef `yaml:"glue,omitempty" json:"glue,omitempty"`
	// SparkGlue is Spark on AWS Glue.
	SparkGlue *SparkGlueDef `yaml:"sparkGlue,omitempty" json:"sparkGlue,omitempty"`
	// SparkEMR is Spark on Amazon EMR.
	SparkEMR *SparkEMRDef `yaml:"sparkEmr,omitempty" json:"sparkEmr,omitempty"`
	// IAM reaches another account with accessRole.
	IAM *IAMConnectionDef `yaml:"iam,omitempty" json:"iam,omitempty"`
	// HyperPod is an Amazon SageMaker HyperPod cluster.
	HyperPod *HyperPodDef `yaml:"hyperPod,omitempty" json:"hyperPod,omitempty"`
}

// AthenaDef is an Athena connection (datamesh.AthenaConnection).
type AthenaDef struct {
	// WorkgroupName of the Athena workgroup.
	WorkgroupName string `yaml:"workgroupName" json:"workgroupName" mesh:"required"`
}

// RedshiftDef is a Redshift connection (datamesh.RedshiftConnection): workgroupName or
// clusterName.
type RedshiftDef struct {
	// WorkgroupName of a Redshift Serverless workgroup.
	WorkgroupName string `yaml:"workgroupName,omitempty" json:"workgroupName,omitempty"`
	// ClusterName of a provisioned cluster.
	ClusterName string `yaml:"clusterName,omitempty" json:"clusterName,omitempty"`
	// DatabaseName to connect to.
	DatabaseName string `yaml:"database" json:"database" mesh:"required"`
	// Host of the endpoint.
	Host string `yaml:"host,omitempty" json:"host,omitempty"`
	// Port of the endpoint (a whole number).
	Port float64 `yaml:"port,omitempty" json:"port,omitempty"`
	// Secret holding the database user name and password: a Secrets Manager secret name
	// (its ARN is built in the domain's account and region of each stage, without the
	// random suffix, which Secrets Manager accepts as a partial ARN) or a full ARN.
	Secret string `yaml:"secret,omitempty" json:"secret,omitempty"`
	// LineageSync imports Redshift lineage.
	LineageSync bool `yaml:"lineageSync,omitempty" json:"lineageSync,omitempty"`
	// LineageSchedule is the cron expression of the lineage import.
	LineageSchedule string `yaml:"lineageSchedule,omitempty" json:"lineageSchedule,omitempty"`
}

// S3Def is an S3 location (datamesh.S3Connection).
type S3Def struct {
	// URI of the location, s3://bucket/prefix/.
	URI string `yaml:"uri" json:"uri" mesh:"required"`
	// AccessGrantLocationID is the S3 Access Grants location of the URI.
	AccessGrantLocationID string `yaml:"accessGrantLocationId,omitempty" json:"accessGrantLocationId,omitempty"`
	// RegisterAccessGrantLocation registers the URI as an S3 Access Grants location.
	RegisterAccessGrantLocation bool `yaml:"registerAccessGrantLocation,omitempty" json:"registerAccessGrantLocation,omitempty"`
}

// GlueConnectionDef is a Glue connection (datamesh.GlueConnection).
type GlueConnectionDef struct {
	// ConnectionType is the Glue connection type (SNOWFLAKE, JDBC ...).
	ConnectionType string `yaml:"connectionType" json:"connectionType" mesh:"required"`
	// Properties of the connection by Glue key (HOST, PORT, DATABASE ...).
	Properties map[string]string `yaml:"properties,omitempty" json:"properties,omitempty"`
	// AthenaProperties for federated queries (spill_bucket ...).
	AthenaProperties map[string]string `yaml:"athenaProperties,omitempty" json:"athenaProperties,omitempty"`
	// SparkProperties for Spark jobs.
	SparkProperties map[string]string `yaml:"sparkProperties,omitempty" json:"sparkProperties,omitempty"`
	// SubnetID places the connection in a VPC.
	SubnetID string `yaml:"subnetId,omitempty" json:"subnetId,omitempty"`
	// SecurityGroupIDs of the connection in the VPC.
	SecurityGroupIDs []string `yaml:"securityGroupIds,omitempty" json:"securityGroupIds,omitempty"`
	// AvailabilityZone of the subnet.
	AvailabilityZone string `yaml:"availabilityZone,omitempty" json:"availabilityZone,omitempty"`
	// Secret holding the source's credentials (a name or an ARN, as for redshift).
	Secret string `yaml:"secret,omitempty" json:"secret,omitempty"`
	// SkipCredentialValidation stops Glue from testing the credentials on create.
	SkipCredentialValidation bool `yaml:"skipCredentialValidation,omitempty" json:"skipCredentialValidation,omitempty"`
	// ValidateFor lists the compute environments to validate for (SPARK, ATHENA, PYTHON).
	ValidateFor []string `yaml:"validateFor,omitempty" json:"validateFor,omitempty"`
	// Description of the Glue connection.
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
}

// SparkGlueDef is Spark on Glue (datamesh.SparkGlueConnection).
type SparkGlueDef struct {
	// WorkerType of the sessions (G.1X ...).
	WorkerType string `yaml:"workerType,omitempty" json:"workerType,omitempty"`
	// GlueVersion of the sessions ("4.0").
	GlueVersion string `yaml:"glueVersion,omitempty" json:"glueVersion,omitempty"`
	// NumberOfWorkers of a session (a whole number).
	NumberOfWorkers float64 `yaml:"numberOfWorkers,omitempty" json:"numberOfWorkers,omitempty"`
	// IdleTimeout ends an idle session: a duration in whole minutes ("60m", "2h").
	IdleTimeout string `yaml:"idleTimeout,omitempty" json:"idleTimeout,omitempty"`
	// GlueConnectionName is a Glue connection the sessions use.
	GlueConnectionName string `yaml:"glueConnectionName,omitempty" json:"glueConnectionName,omitempty"`
	// JavaVirtualEnv names the sessions' Java environment.
	JavaVirtualEnv string `yaml:"javaVirtualEnv,omitempty" json:"javaVirtualEnv,omitempty"`
	// PythonVirtualEnv names the sessions' Python environment.
	PythonVirtualEnv string `yaml:"pythonVirtualEnv,omitempty" json:"pythonVirtualEnv,omitempty"`
}

// SparkEMRDef is Spark on EMR (datamesh.SparkEMRConnection).
type SparkEMRDef struct {
	// ComputeARN of the EMR cluster, EMR Serverless application or EMR on EKS cluster.
	ComputeARN string `yaml:"computeArn" json:"computeArn" mesh:"required"`
	// RuntimeRole the jobs run as: a role name or ARN.
	RuntimeRole string `yaml:"runtimeRole,omitempty" json:"runtimeRole,omitempty"`
	// InstanceProfile is the role of the cluster's instance profile: a role name or ARN.
	InstanceProfile string `yaml:"instanceProfile,omitempty" json:"instanceProfile,omitempty"`
	// LogURI is the s3:// location of the logs.
	LogURI string `yaml:"logUri,omitempty" json:"logUri,omitempty"`
	// ManagedEndpointARN of an EMR on EKS managed endpoint.
	ManagedEndpointARN string `yaml:"managedEndpointArn,omitempty" json:"managedEndpointArn,omitempty"`
	// TrustedCertificatesS3URI is the s3:// location of the trusted certificates.
	TrustedCertificatesS3URI string `yaml:"trustedCertificatesS3Uri,omitempty" json:"trustedCertificatesS3Uri,omitempty"`
	// JavaVirtualEnv names the jobs' Java environment.
	JavaVirtualEnv string `yaml:"javaVirtualEnv,omitempty" json:"javaVirtualEnv,omitempty"`
	// PythonVirtualEnv names the jobs' Python environment.
	PythonVirtualEnv string `yaml:"pythonVirtualEnv,omitempty" json:"pythonVirtualEnv,omitempty"`
}

// IAMConnectionDef is an IAM connection (datamesh.IAMConnection); the connection's
// accessRole is required with it.
type IAMConnectionDef struct {
	// GlueLineageSync imports Glue lineage.
	GlueLineageSync bool `yaml:"glueLineageSync,omitempty" json:"glueLineageSync,omitempty"`
}

// HyperPodDef is a HyperPod cluster (datamesh.HyperPodConnection).
type HyperPodDef struct {
	// ClusterName of the HyperPod cluster.
	ClusterName string `yaml:"clusterName" json:"clusterName" mesh:"required"`
}

// ProducerAccessDef grants a project's own pipeline Lake Formation permissions on the
// Glue database the project produces (see datamesh.NewProducerAccess).
type ProducerAccessDef struct {
	// Role the pipeline runs as: a role name (optionally with a path), whose ARN is built
	// in the domain's account of each stage, or an ARN.
	Role string `yaml:"role" json:"role" mesh:"required"`
	// Database is the Glue database the project produces.
	Database string `yaml:"database" json:"database" mesh:"required"`
	// Tables limits the table permissions to these tables (default: every table).
	Tables []string `yaml:"tables,omitempty" json:"tables,omitempty"`
	// Level is READ_WRITE (default), READ or ALL.
	Level string `yaml:"level,omitempty" json:"level,omitempty"`
	// Grantable lets the role grant the same permissions to others.
	Grantable bool `yaml:"grantable,omitempty" json:"grantable,omitempty"`
	// CatalogID is the account of the Glue Data Catalog (default: the domain's account).
	CatalogID string `yaml:"catalogId,omitempty" json:"catalogId,omitempty"`
}

// resolver turns the role and secret names of a definition into CDK references in one
// scope (nil resolver: validation, where nothing is built).
type resolver struct {
	scope   constructs.Construct
	account string
	region  string
	ids     ids
	roles   map[string]awsiam.IRole
	secrets map[string]awssecretsmanager.ISecret
}

func newResolver(scope constructs.Construct, account, region string) *resolver {
	return &resolver{scope: scope, account: account, region: region, ids: newIDs(),
		roles: map[string]awsiam.IRole{}, secrets: map[string]awssecretsmanager.ISecret{}}
}

// role returns the role named by name or ARN, or nil for "" or a nil resolver.
func (r *resolver) role(name string) awsiam.IRole {
	if r == nil || name == "" {
		return nil
	}
	if role, ok := r.roles[name]; ok {
		return role
	}
	arn := name
	if !strings.HasPrefix(name, "arn:") {
		arn = ReadRoleARN(r.region, r.account, name)
	}
	role := awsiam.Role_FromRoleArn(r.scope, jsii.String(r.ids.of("Role", name)), sub(arn), &awsiam.FromRoleArnOptions{Mutable: jsii.Bool(false)})
	r.roles[name] = role
	return role
}

// SecretARN is the ARN of the Secrets Manager secret a definition names by name, in
// account and region: without the random suffix that Secrets Manager appends, a partial
// ARN, which Secrets Manager resolves when the name does not itself end in a hyphen and
// six characters. An ARN is returned as it is.
func SecretARN(region, account, secret string) string {
	if strings.HasPrefix(secret, "arn:") {
		return secret
	}
	return "arn:" + partitionOf(region) + ":secretsmanager:" + region + ":" + account + ":secret:" + secret
}

// secret returns the secret named by name or ARN, or nil for "" or a nil resolver.
func (r *resolver) secret(name string) awssecretsmanager.ISecret {
	if r == nil || name == "" {
		return nil
	}
	if s, ok := r.secrets[name]; ok {
		return s
	}
	s := awssecretsmanager.Secret_FromSecretAttributes(r.scope, jsii.String(r.ids.of("Secret", name)), &awssecretsmanager.SecretAttributes{
		SecretPartialArn: sub(SecretARN(r.region, r.account, name)),
	})
	r.secrets[name] = s
	return s
}

// sub returns s, through Fn::Sub when it names pseudo parameters (${AWS::AccountId}).
func sub(s string) *string {
	if strings.Contains(s, "${") {
		return awscdk.Fn_Sub(jsii.String(s), nil)
	}
	return jsii.String(s)
}

// subs is sub for a plain string field ("" stays "").
func subs(s string) string {
	if s == "" {
		return ""
	}
	return *sub(s)
}

// props converts the definition into datamesh props for project (nil at validation).
func (c *ConnectionDef) props(project datamesh.IProject, r *resolver) *datamesh.ConnectionProps {
	p := &datamesh.ConnectionProps{
		Project: project, Name: c.Name, Description: c.Description, AccessRole: r.role(c.AccessRole),
		AccountID: subs(c.AccountID), Region: subs(c.Region), TrustedIdentityPropagation: c.TrustedIdentityPropagation,
	}
	if a := c.Athena; a != nil {
		p.Athena = &datamesh.AthenaConnection{WorkgroupName: a.WorkgroupName}
	}
	if d := c.Redshift; d != nil {
		p.Redshift = &datamesh.RedshiftConnection{WorkgroupName: d.WorkgroupName, ClusterName: d.ClusterName, DatabaseName: d.DatabaseName,
			Host: subs(d.Host), Port: int(d.Port), Secret: r.secret(d.Secret), LineageSync: d.LineageSync, LineageSchedule: d.LineageSchedule}
	}
	if d := c.S3; d != nil {
		p.S3 = &datamesh.S3Connection{URI: subs(d.URI), AccessGrantLocationID: d.AccessGrantLocationID, RegisterAccessGrantLocation: d.RegisterAccessGrantLocation}
	}
	if d := c.Glue; d != nil {
		p.Glue = &datamesh.GlueConnection{ConnectionType: d.ConnectionType, Properties: d.Properties, AthenaProperties: d.AthenaProperties,
			SparkProperties: d.SparkProperties, SubnetID: d.SubnetID, SecurityGroupIDs: d.SecurityGroupIDs, AvailabilityZone: d.AvailabilityZone,
			Secret: r.secret(d.Secret), SkipCredentialValidation: d.SkipCredentialValidation, ValidateFor: d.ValidateFor, Description: d.Description}
	}
	if d := c.SparkGlue; d != nil {
		idle, _ := time.ParseDuration(d.IdleTimeout) // checked by validate
		p.SparkGlue = &datamesh.SparkGlueConnection{WorkerType: d.WorkerType, GlueVersion: d.GlueVersion, NumberOfWorkers: int(d.NumberOfWorkers),
			IdleTimeout: idle, GlueConnectionName: d.GlueConnectionName, JavaVirtualEnv: d.JavaVirtualEnv, PythonVirtualEnv: d.PythonVirtualEnv}
	}
	if d := c.SparkEMR; d != nil {
		p.SparkEMR = &datamesh.SparkEMRConnection{ComputeARN: subs(d.ComputeARN), RuntimeRole: r.role(d.RuntimeRole), InstanceProfile: r.role(d.InstanceProfile),
			LogURI: subs(d.LogURI), ManagedEndpointARN: subs(d.ManagedEndpointARN), TrustedCertificatesS3URI: subs(d.TrustedCertificatesS3URI),
			JavaVirtualEnv: d.JavaVirtualEnv, PythonVirtualEnv: d.PythonVirtualEnv}
	}
	if d := c.IAM; d != nil {
		p.IAM = &datamesh.IAMConnection{GlueLineageSync: d.GlueLineageSync}
	}
	if d := c.HyperPod; d != nil {
		p.HyperPod = &datamesh.HyperPodConnection{ClusterName: d.ClusterName}
	}
	return p
}

// props converts the definition into datamesh props for project (nil at validation).
func (a *ProducerAccessDef) props(project datamesh.IProject, r *resolver) *datamesh.ProducerAccessProps {
	return &datamesh.ProducerAccessProps{Project: project, Role: r.role(a.Role), DatabaseName: a.Database, Tables: a.Tables,
		Level: datamesh.ProducerAccessLevel(a.Level), Grantable: a.Grantable, CatalogID: subs(a.CatalogID)}
}

// validateExtras checks what only a definition has in the connections and producer
// access of one project at path (whole numbers, durations and role names as written);
// the constructs check the rest, through the definition's Plan.
func validateExtras(l *plist, path string, conns []*ConnectionDef, access []*ProducerAccessDef) {
	for i, c := range conns {
		if c == nil {
			continue
		}
		cp := fmt.Sprintf("%s.connections[%d]", path, i)
		if c.Name != "" && !slices.ContainsFunc(conns[:i], func(o *ConnectionDef) bool { return o != nil && o.Name == c.Name }) {
			cp = path + ".connections[" + c.Name + "]"
		}
		if d := c.Redshift; d != nil && d.Port != float64(int(d.Port)) {
			l.add(datamesh.ErrInvalidProps, cp+".redshift.port", "%v: a port is a whole number", d.Port)
		}
		if d := c.SparkGlue; d != nil && d.NumberOfWorkers != float64(int(d.NumberOfWorkers)) {
			l.add(datamesh.ErrInvalidProps, cp+".sparkGlue.numberOfWorkers", "%v: a number of workers is a whole number", d.NumberOfWorkers)
		}
		if d := c.SparkGlue; d != nil && d.IdleTimeout != "" {
			if _, err := time.ParseDuration(d.IdleTimeout); err != nil {
				l.add(datamesh.ErrInvalidProps, cp+".sparkGlue.idleTimeout", "%q: write a duration in whole minutes, such as 60m or 2h", d.IdleTimeout)
			}
		}
	}
	for i, a := range access {
		if a == nil {
			continue
		}
		ap := fmt.Sprintf("%s.producerAccess[%d]", path, i)
		if a.Role != "" && !strings.HasPrefix(a.Role, "arn:") && !roleNameRe.MatchString(a.Role) {
			l.add(datamesh.ErrInvalidProps, ap+".role", "%q is not an IAM role name (letters, digits, +=,.@_- and an optional path): name the role the pipeline runs as, or give its ARN", a.Role)
		}
	}
}

// extras builds the connections and producer access of one project in its nested stack.
// The construct ids derive from the connection's name (create-only: a new name is a new
// connection anyway) and from the role and database of a producer access, never from
// their order.
func (b *domainBuilder) extras(nested awscdk.NestedStack, project datamesh.IProject, conns []*ConnectionDef, access []*ProducerAccessDef) {
	if len(conns) == 0 && len(access) == 0 {
		return
	}
	r := newResolver(nested, b.m.settings.accountOf(b.domainName), b.m.settings.Region)
	ids := newIDs()
	for _, c := range conns {
		datamesh.NewConnection(nested, jsii.String(ids.of("Connection", c.Name)), c.props(project, r))
	}
	for _, a := range access {
		datamesh.NewProducerAccess(nested, jsii.String(ids.of("ProducerAccess", a.Role+" "+a.Database)), a.props(project, r))
	}
}
