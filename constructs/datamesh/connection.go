package datamesh

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdatazone"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssecretsmanager"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/smusmesh/smusmesh/internal/meshmeta"
	"github.com/smusmesh/smusmesh/problem"
)

// ConnectionProps configure a Connection (AWS::DataZone::Connection): how a project, or
// one environment of a project, reaches a compute or data service. Set exactly one of
// Project and EnvironmentID, and exactly one kind (Athena, Redshift, S3, Glue, SparkGlue,
// SparkEMR, IAM, HyperPod).
//
// Name, Project, EnvironmentID and TrustedIdentityPropagation are create-only: changing
// one replaces the connection. A new Name is safe (the new connection is created, then the
// old one deleted); changing Project, EnvironmentID or TrustedIdentityPropagation under
// the same Name is not (the new connection would take a name the old one still holds):
// rename it in the same change. Every other field updates in place.
type ConnectionProps struct {
	// Project the connection belongs to (ProjectIdentifier), as AWS's own project
	// connections are made (aws/Unified-Studio-for-Amazon-Sagemaker,
	// cloudformation/project/create_connection.yaml).
	//
	// Default: none; set it or EnvironmentID.
	Project IProject
	// EnvironmentID is the ID of the environment the connection belongs to
	// (EnvironmentIdentifier), for a connection of one environment only. Domain is then
	// required.
	//
	// Default: none; set it or Project.
	EnvironmentID string
	// Domain of EnvironmentID. With Project it is the project's domain and may be left
	// unset.
	//
	// Default: the project's domain.
	Domain IDomain
	// Name of the connection, unique in its project: 1-64 characters of letters, digits,
	// _ . - starting with a letter, digit or _. Required. Create-only.
	Name string
	// Description of the connection, at most 128 characters.
	//
	// Default: none.
	Description string
	// AccessRole is the role the connection uses to reach resources in another account or
	// region (AwsLocation.AccessRole): an IAM connection's role, or the role of a HyperPod
	// cluster's account. Its trust policy must let the project's role assume it (SMUS user
	// guide, compute-prerequisite-redshift).
	//
	// Default: none (the project's own role).
	AccessRole awsiam.IRole
	// AccountID of the resource the connection reaches (AwsLocation.AwsAccountId).
	//
	// Default: the project's account.
	AccountID string
	// Region of the resource the connection reaches (AwsLocation.AwsRegion).
	//
	// Default: the project's region.
	Region string
	// TrustedIdentityPropagation makes the connection pass the signed-in user's Identity
	// Center identity to the service (EnableTrustedIdentityPropagation). Create-only.
	//
	// Default: false.
	TrustedIdentityPropagation bool

	// Athena is an Amazon Athena connection.
	Athena *AthenaConnection
	// Redshift is an Amazon Redshift connection (a Serverless workgroup or a cluster).
	Redshift *RedshiftConnection
	// S3 is an Amazon S3 location.
	S3 *S3Connection
	// Glue is an AWS Glue connection to an external source (Snowflake, JDBC ...).
	Glue *GlueConnection
	// SparkGlue is Spark on AWS Glue (interactive sessions).
	SparkGlue *SparkGlueConnection
	// SparkEMR is Spark on Amazon EMR (a cluster, EMR Serverless or EMR on EKS).
	SparkEMR *SparkEMRConnection
	// IAM is an IAM connection: AccessRole reaches the resources of another account.
	IAM *IAMConnection
	// HyperPod is an Amazon SageMaker HyperPod cluster.
	HyperPod *HyperPodConnection

	// RemovalPolicy of the connection.
	//
	// Default: awscdk.RemovalPolicy_DESTROY: a connection holds no data, and a retained
	// one keeps its name, so that creating it again would fail.
	RemovalPolicy awscdk.RemovalPolicy
}

// AthenaConnection reaches an Amazon Athena workgroup (Props.AthenaProperties).
type AthenaConnection struct {
	// WorkgroupName of the Athena workgroup. Required.
	WorkgroupName string
}

// RedshiftConnection reaches an Amazon Redshift database (Props.RedshiftProperties): set
// exactly one of WorkgroupName and ClusterName.
type RedshiftConnection struct {
	// WorkgroupName of a Redshift Serverless workgroup (Storage.WorkgroupName).
	//
	// Default: none; set it or ClusterName.
	WorkgroupName string
	// ClusterName of a provisioned cluster (Storage.ClusterName).
	//
	// Default: none; set it or WorkgroupName.
	ClusterName string
	// DatabaseName to connect to (lower-case letters, digits, _ and -). Required.
	DatabaseName string
	// Host is the endpoint of the workgroup or cluster.
	//
	// Default: none (the service resolves it from the workgroup or cluster).
	Host string
	// Port of the endpoint.
	//
	// Default: none (Redshift's 5439).
	Port int
	// Secret holds the database user name and password (Credentials.SecretArn). Passwords
	// are never written into a template: anyone who may read the stack would read them.
	//
	// Default: none (no Credentials: the project's role signs in, which the portal calls a
	// federated user).
	Secret awssecretsmanager.ISecret
	// LineageSync turns on the import of Redshift lineage (LineageSync.Enabled).
	//
	// Default: false.
	LineageSync bool
	// LineageSchedule is the cron expression of the lineage import, minutes and hours
	// first ("cron(0 2 * * ? *)").
	//
	// Default: none (the service's schedule).
	LineageSchedule string
}

// S3Connection reaches an Amazon S3 location (Props.S3Properties).
type S3Connection struct {
	// URI of the location, s3://bucket/prefix/ (ending in /, as AWS's template says).
	// Required.
	URI string
	// AccessGrantLocationID is the S3 Access Grants location of the URI.
	//
	// Default: none.
	AccessGrantLocationID string
	// RegisterAccessGrantLocation registers the URI as an S3 Access Grants location.
	//
	// Default: false.
	RegisterAccessGrantLocation bool
}

// GlueConnection is an AWS Glue connection to an external source (Props.GlueProperties,
// GlueConnectionInput), as AWS's Snowflake example makes one.
type GlueConnection struct {
	// ConnectionType is the Glue connection type (SNOWFLAKE, JDBC, BIGQUERY ...). Required.
	ConnectionType string
	// Properties of the connection, by the Glue key (HOST, PORT, DATABASE, WAREHOUSE ...).
	//
	// Default: none.
	Properties map[string]string
	// AthenaProperties for federated Athena queries (spill_bucket, spill_prefix ...).
	//
	// Default: none.
	AthenaProperties map[string]string
	// SparkProperties for Spark jobs.
	//
	// Default: none.
	SparkProperties map[string]string
	// SubnetID, SecurityGroupIDs and AvailabilityZone place the connection in a VPC
	// (PhysicalConnectionRequirements).
	//
	// Default: none (no VPC).
	SubnetID string
	// SecurityGroupIDs of the connection in the VPC.
	//
	// Default: none.
	SecurityGroupIDs []string
	// AvailabilityZone of SubnetID.
	//
	// Default: none.
	AvailabilityZone string
	// Secret holds the source's credentials (AuthenticationConfiguration.SecretArn, with
	// AuthenticationType BASIC). Passwords are never written into a template.
	//
	// Default: none (no AuthenticationConfiguration).
	Secret awssecretsmanager.ISecret
	// SkipCredentialValidation stops Glue from testing the credentials when the
	// connection is created (ValidateCredentials false).
	//
	// Default: false (Glue validates them).
	SkipCredentialValidation bool
	// ValidateFor lists the compute environments the connection is validated for
	// (SPARK, ATHENA, PYTHON).
	//
	// Default: none.
	ValidateFor []string
	// Description of the Glue connection.
	//
	// Default: none.
	Description string
}

// SparkGlueConnection is Spark on AWS Glue (Props.SparkGlueProperties).
type SparkGlueConnection struct {
	// WorkerType of the sessions (G.1X, G.2X, Z.2X ...).
	//
	// Default: none (the service's).
	WorkerType string
	// GlueVersion of the sessions ("4.0", "5.0").
	//
	// Default: none (the service's).
	GlueVersion string
	// NumberOfWorkers of a session, 1-1000.
	//
	// Default: 0 (the service's).
	NumberOfWorkers int
	// IdleTimeout ends an idle session, in whole minutes from 1 to 3000.
	//
	// Default: 0 (the service's).
	IdleTimeout time.Duration
	// GlueConnectionName is a Glue connection the sessions use (a VPC, a source).
	//
	// Default: none.
	GlueConnectionName string
	// JavaVirtualEnv and PythonVirtualEnv name the sessions' environments.
	//
	// Default: none.
	JavaVirtualEnv string
	// PythonVirtualEnv names the sessions' Python environment.
	//
	// Default: none.
	PythonVirtualEnv string
}

// SparkEMRConnection is Spark on Amazon EMR (Props.SparkEmrProperties).
type SparkEMRConnection struct {
	// ComputeARN of the EMR cluster, EMR Serverless application or EMR on EKS virtual
	// cluster. Required.
	ComputeARN string
	// RuntimeRole the jobs run as (EMR Serverless, EMR on EKS).
	//
	// Default: none.
	RuntimeRole awsiam.IRole
	// InstanceProfile is the role of the cluster's instance profile (InstanceProfileArn,
	// which the schema types as a role ARN).
	//
	// Default: none.
	InstanceProfile awsiam.IRole
	// LogURI is the s3:// location of the logs.
	//
	// Default: none.
	LogURI string
	// ManagedEndpointARN of an EMR on EKS managed endpoint.
	//
	// Default: none.
	ManagedEndpointARN string
	// TrustedCertificatesS3URI is the s3:// location of the trusted certificates.
	//
	// Default: none.
	TrustedCertificatesS3URI string
	// JavaVirtualEnv names the jobs' Java environment.
	//
	// Default: none.
	JavaVirtualEnv string
	// PythonVirtualEnv names the jobs' Python environment.
	//
	// Default: none.
	PythonVirtualEnv string
}

// IAMConnection reaches another account's resources with ConnectionProps.AccessRole
// (Props.IamProperties), which is required with it.
type IAMConnection struct {
	// GlueLineageSync turns on the import of Glue lineage.
	//
	// Default: false.
	GlueLineageSync bool
}

// HyperPodConnection reaches an Amazon SageMaker HyperPod cluster
// (Props.HyperPodProperties).
type HyperPodConnection struct {
	// ClusterName of the HyperPod cluster. Required.
	ClusterName string
}

// Connection is an AWS::DataZone::Connection of a project or an environment.
type Connection interface {
	constructs.Construct
	// ConnectionID is the connection's ID, a token until deploy.
	ConnectionID() *string
	// ConnectionName is the connection's name.
	ConnectionName() string
	// Kind is the kind of connection (ConnectionKindAthena ...).
	Kind() ConnectionKind
	// Resource is the underlying CfnConnection.
	Resource() awsdatazone.CfnConnection
}

// ConnectionKind is the kind of a connection, in the service's spelling (the connection's
// Type attribute).
type ConnectionKind string

// The kinds of connection NewConnection makes.
const (
	ConnectionKindAthena    ConnectionKind = "ATHENA"
	ConnectionKindRedshift  ConnectionKind = "REDSHIFT"
	ConnectionKindS3        ConnectionKind = "S3"
	ConnectionKindGlue      ConnectionKind = "GLUE"
	ConnectionKindSparkGlue ConnectionKind = "SPARK_GLUE"
	ConnectionKindSparkEMR  ConnectionKind = "SPARK_EMR"
	ConnectionKindIAM       ConnectionKind = "IAM"
	ConnectionKindHyperPod  ConnectionKind = "HYPERPOD"
)

type connection struct {
	constructs.Construct
	cfn  awsdatazone.CfnConnection
	name string
	kind ConnectionKind
}

func (c *connection) ConnectionID() *string               { return c.cfn.AttrConnectionId() }
func (c *connection) ConnectionName() string              { return c.name }
func (c *connection) Kind() ConnectionKind                { return c.kind }
func (c *connection) Resource() awsdatazone.CfnConnection { return c.cfn }

// Patterns of the registry schema of AWS::DataZone::Connection
// (internal/cfnschema/schemas/aws-datazone-connection.json).
var (
	connectionName     = regexp.MustCompile(`^[\w][\w.\-]*$`)
	athenaWorkgroup    = regexp.MustCompile(`^[a-zA-Z0-9._-]+$`)
	redshiftDatabase   = regexp.MustCompile(`^[a-z0-9_-]+$`)
	redshiftStorage    = regexp.MustCompile(`^[a-z0-9-]+$`)
	hyperPodCluster    = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9])*$`)
	emrComputeARN      = regexp.MustCompile(`^arn:aws(-(cn|us-gov|iso(-[bef])?))?:(elasticmapreduce|emr-serverless|emr-containers):.*`)
	glueVersion        = regexp.MustCompile(`^\w+\.\w+$`)
	noSpace            = regexp.MustCompile(`^\S*$`)
	subnetID           = regexp.MustCompile(`^subnet-[a-z0-9]+$`)
	accessGrantID      = regexp.MustCompile(`^[a-zA-Z0-9-]+$`)
	glueWorkerType     = regexp.MustCompile(`^[GZ]\S*$`)
	lineageSchedule    = regexp.MustCompile(`^cron\((\b[0-5]?[0-9]\b) (\b2[0-3]\b|\b[0-1]?[0-9]\b) ([-?*,/\dLW]){1,83} ([-*,/\d]|[a-zA-Z]{3}){1,23} ([-?#*,/\dL]|[a-zA-Z]{3}){1,13} ([^\)]+)\)$`)
	glueComputeEnvs    = []string{"SPARK", "ATHENA", "PYTHON"}
	connectionKindList = "Athena, Redshift, S3, Glue, SparkGlue, SparkEMR, IAM or HyperPod"
)

// connectionKind is one kind set in the props: its field and its kind.
type connectionKind struct {
	field string
	kind  ConnectionKind
}

// kinds returns the kinds set, in field order.
func (p *ConnectionProps) kinds() []connectionKind {
	var out []connectionKind
	add := func(set bool, field string, kind ConnectionKind) {
		if set {
			out = append(out, connectionKind{field, kind})
		}
	}
	add(p.Athena != nil, "Athena", ConnectionKindAthena)
	add(p.Redshift != nil, "Redshift", ConnectionKindRedshift)
	add(p.S3 != nil, "S3", ConnectionKindS3)
	add(p.Glue != nil, "Glue", ConnectionKindGlue)
	add(p.SparkGlue != nil, "SparkGlue", ConnectionKindSparkGlue)
	add(p.SparkEMR != nil, "SparkEMR", ConnectionKindSparkEMR)
	add(p.IAM != nil, "IAM", ConnectionKindIAM)
	add(p.HyperPod != nil, "HyperPod", ConnectionKindHyperPod)
	return out
}

// Validate reports every problem of the props at once.
func (p *ConnectionProps) Validate() error { return p.validate("") }

func (p *ConnectionProps) validate(path string) error {
	at := &site{}
	if p != nil {
		at.project = projectOf(p.Project)
	}
	pr := newProblems("Connection", path)
	p.check(pr, at)
	return pr.err()
}

// check adds the problems of the props placed at at (at.project: the project, at.role:
// the access role as a plan names it).
func (p *ConnectionProps) check(pr *problems, at *site) {
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &ConnectionProps{Project: ..., Name: ..., Athena: &AthenaConnection{...}}")
		return
	}
	switch {
	case at.placed && p.EnvironmentID == "":
	case p.Project == nil && p.EnvironmentID == "":
		pr.add(ErrMissing, "Project", "", "set the Project the connection belongs to (or EnvironmentID and Domain for one environment)")
	case p.Project != nil && p.EnvironmentID != "":
		pr.add(ErrInvalidProps, "EnvironmentID", p.EnvironmentID, "a connection belongs to a project or to one environment: set Project or EnvironmentID, not both")
	case p.EnvironmentID != "" && p.Domain == nil:
		pr.add(ErrMissing, "Domain", "", "an environment's connection needs the Domain of the environment")
	}
	if p.Project != nil && p.Domain != nil && p.Project.DomainUnit() != nil && p.Project.DomainUnit().Domain() != nil &&
		p.Project.DomainUnit().Domain().DomainName() != p.Domain.DomainName() {
		pr.add(ErrInvalidProps, "Domain", p.Domain.DomainName(), fmt.Sprintf("the project belongs to domain %q: leave Domain unset", p.Project.DomainUnit().Domain().DomainName()))
	}
	switch n := p.Name; {
	case n == "":
		pr.add(ErrMissing, "Name", "", "name the connection (letters, digits, _ . -)")
	case isToken(n):
	case len(n) > 64 || !connectionName.MatchString(n):
		pr.add(ErrInvalidName, "Name", n, `a connection name is 1-64 characters of letters, digits, _ . - and starts with a letter, digit or _`)
	}
	if len(p.Description) > 128 {
		pr.add(ErrInvalidProps, "Description", p.Description[:32]+"...", "must be at most 128 characters")
	}
	if p.AccountID != "" && !isToken(p.AccountID) && !accountID.MatchString(p.AccountID) {
		pr.add(ErrInvalidProps, "AccountID", p.AccountID, "an account ID is 12 digits")
	}
	if p.Region != "" && !isToken(p.Region) && !regionName.MatchString(p.Region) {
		pr.add(ErrInvalidProps, "Region", p.Region, "a region name such as eu-west-1")
	}
	kinds := p.kinds()
	switch len(kinds) {
	case 0:
		pr.add(ErrMissing, "Athena", "", "set the kind of connection: one of "+connectionKindList)
	case 1:
	default:
		var names []string
		for _, k := range kinds {
			names = append(names, k.field)
		}
		pr.add(ErrInvalidProps, kinds[1].field, strings.Join(names, ", "), "a connection is of one kind: keep one of "+strings.Join(names, ", ")+" and make the others connections of their own")
	}
	if a := p.Athena; a != nil {
		matchOrMissing(pr, "Athena.WorkgroupName", a.WorkgroupName, 128, athenaWorkgroup, "name the Athena workgroup (letters, digits, . _ -)")
	}
	if r := p.Redshift; r != nil {
		p.validateRedshift(pr, r)
	}
	if s := p.S3; s != nil {
		switch {
		case s.URI == "":
			pr.add(ErrMissing, "S3.URI", "", "name the location, s3://bucket/prefix/")
		case isToken(s.URI):
		case !strings.HasPrefix(s.URI, "s3://") || len(s.URI) <= len("s3://") || !strings.HasSuffix(s.URI, "/") || len(s.URI) > 2048:
			pr.add(ErrInvalidProps, "S3.URI", s.URI, "an S3 connection's URI starts with s3:// and ends with / (s3://bucket/prefix/)")
		}
		if id := s.AccessGrantLocationID; id != "" && !isToken(id) && (len(id) > 64 || !accessGrantID.MatchString(id)) {
			pr.add(ErrInvalidProps, "S3.AccessGrantLocationID", id, "an S3 Access Grants location ID is at most 64 letters, digits and -")
		}
	}
	if g := p.Glue; g != nil {
		p.validateGlue(pr, g)
	}
	if s := p.SparkGlue; s != nil {
		if s.WorkerType != "" && !isToken(s.WorkerType) && !glueWorkerType.MatchString(s.WorkerType) {
			pr.add(ErrInvalidProps, "SparkGlue.WorkerType", s.WorkerType, "a Glue worker type starts with G or Z (G.1X, G.2X, Z.2X)")
		}
		if s.GlueVersion != "" && !isToken(s.GlueVersion) && !glueVersion.MatchString(s.GlueVersion) {
			pr.add(ErrInvalidProps, "SparkGlue.GlueVersion", s.GlueVersion, `a Glue version is major.minor ("4.0", "5.0")`)
		}
		if s.NumberOfWorkers < 0 || s.NumberOfWorkers > 1000 {
			pr.add(ErrInvalidProps, "SparkGlue.NumberOfWorkers", fmt.Sprint(s.NumberOfWorkers), "between 1 and 1000 (0 for the service's default)")
		}
		if t := s.IdleTimeout; t != 0 && (t < time.Minute || t > 3000*time.Minute || t%time.Minute != 0) {
			pr.add(ErrInvalidProps, "SparkGlue.IdleTimeout", t.String(), "whole minutes from 1 to 3000 (0 for the service's default)")
		}
		for _, f := range [][2]string{{"SparkGlue.GlueConnectionName", s.GlueConnectionName}, {"SparkGlue.JavaVirtualEnv", s.JavaVirtualEnv}, {"SparkGlue.PythonVirtualEnv", s.PythonVirtualEnv}} {
			if v := f[1]; v != "" && !isToken(v) && (len(v) > 255 || !noSpace.MatchString(v)) {
				pr.add(ErrInvalidProps, f[0], v, "at most 255 characters without spaces")
			}
		}
	}
	if e := p.SparkEMR; e != nil {
		matchOrMissing(pr, "SparkEMR.ComputeARN", e.ComputeARN, 2048, emrComputeARN, "the ARN of an EMR cluster, EMR Serverless application or EMR on EKS virtual cluster")
		for _, f := range [][2]string{{"SparkEMR.LogURI", e.LogURI}, {"SparkEMR.TrustedCertificatesS3URI", e.TrustedCertificatesS3URI}} {
			if v := f[1]; v != "" && !isToken(v) && !strings.HasPrefix(v, "s3://") {
				pr.add(ErrInvalidProps, f[0], v, "an s3:// location")
			}
		}
	}
	if p.IAM != nil && p.AccessRole == nil && at.role == "" {
		pr.add(ErrMissing, "AccessRole", "", "an IAM connection reaches another account with AccessRole: pass the role (awsiam.Role_FromRoleArn for an existing one)")
	}
	if h := p.HyperPod; h != nil {
		matchOrMissing(pr, "HyperPod.ClusterName", h.ClusterName, 63, hyperPodCluster, "name the HyperPod cluster (letters, digits and -)")
	}
	// What the constructor would refuse: a name the project already has.
	if pj := at.project; pj != nil && p.Name != "" && !isToken(p.Name) {
		if other, ok := pj.reserved["connection|"+p.Name]; ok {
			pr.add(ErrDuplicate, "Name", p.Name, fmt.Sprintf("project %q already has a connection of that name (%s): connection names are unique in a project", pj.name, other))
		}
	}
}

// matchOrMissing reports an empty value, or one longer than max or not matching re.
func matchOrMissing(pr *problems, field, v string, max int, re *regexp.Regexp, fix string) {
	switch {
	case v == "":
		pr.add(ErrMissing, field, "", fix)
	case isToken(v):
	case len(v) > max || !re.MatchString(v):
		pr.add(ErrInvalidProps, field, v, fix)
	}
}

func (p *ConnectionProps) validateRedshift(pr *problems, r *RedshiftConnection) {
	switch {
	case r.WorkgroupName == "" && r.ClusterName == "":
		pr.add(ErrMissing, "Redshift.WorkgroupName", "", "name the Redshift Serverless workgroup (or ClusterName for a provisioned cluster)")
	case r.WorkgroupName != "" && r.ClusterName != "":
		pr.add(ErrInvalidProps, "Redshift.ClusterName", r.ClusterName, "a Redshift connection reaches a workgroup or a cluster: set WorkgroupName or ClusterName, not both")
	case r.WorkgroupName != "" && !isToken(r.WorkgroupName) && (len(r.WorkgroupName) < 3 || len(r.WorkgroupName) > 64 || !redshiftStorage.MatchString(r.WorkgroupName)):
		pr.add(ErrInvalidProps, "Redshift.WorkgroupName", r.WorkgroupName, "a workgroup name is 3-64 lower-case letters, digits and -")
	case r.ClusterName != "" && !isToken(r.ClusterName) && (len(r.ClusterName) > 63 || !redshiftStorage.MatchString(r.ClusterName)):
		pr.add(ErrInvalidProps, "Redshift.ClusterName", r.ClusterName, "a cluster name is at most 63 lower-case letters, digits and -")
	}
	matchOrMissing(pr, "Redshift.DatabaseName", r.DatabaseName, 64, redshiftDatabase, "name the database (lower-case letters, digits, _ and -)")
	if r.Host != "" && !isToken(r.Host) && (len(r.Host) > 256 || !noSpace.MatchString(r.Host)) {
		pr.add(ErrInvalidProps, "Redshift.Host", r.Host, "a host name without spaces, at most 256 characters")
	}
	if r.Port < 0 || r.Port > 65535 {
		pr.add(ErrInvalidProps, "Redshift.Port", fmt.Sprint(r.Port), "a port from 1 to 65535 (0 for the default)")
	}
	if r.LineageSchedule != "" {
		if !r.LineageSync {
			pr.add(ErrInvalidProps, "Redshift.LineageSchedule", r.LineageSchedule, "a lineage schedule needs LineageSync: true")
		} else if !isToken(r.LineageSchedule) && !lineageSchedule.MatchString(r.LineageSchedule) {
			pr.add(ErrInvalidProps, "Redshift.LineageSchedule", r.LineageSchedule, `a cron expression, minutes and hours first: "cron(0 2 * * ? *)"`)
		}
	}
}

func (p *ConnectionProps) validateGlue(pr *problems, g *GlueConnection) {
	if strings.TrimSpace(g.ConnectionType) == "" {
		pr.add(ErrMissing, "Glue.ConnectionType", "", "set the Glue connection type (SNOWFLAKE, JDBC, BIGQUERY ...)")
	}
	if g.SubnetID != "" && !isToken(g.SubnetID) && !subnetID.MatchString(g.SubnetID) {
		pr.add(ErrInvalidProps, "Glue.SubnetID", g.SubnetID, "a subnet ID, subnet-0123456789abcdef0")
	}
	if g.SubnetID == "" && (len(g.SecurityGroupIDs) > 0 || g.AvailabilityZone != "") {
		pr.add(ErrMissing, "Glue.SubnetID", "", "security groups and availability zone place the connection in a subnet: set SubnetID")
	}
	if len(g.SecurityGroupIDs) > 50 {
		pr.add(ErrLimit, "Glue.SecurityGroupIDs", fmt.Sprint(len(g.SecurityGroupIDs)), "at most 50 security groups")
	}
	for i, e := range g.ValidateFor {
		if !isToken(e) && !slices.Contains(glueComputeEnvs, e) {
			pr.add(ErrInvalidProps, fmt.Sprintf("Glue.ValidateFor[%d]", i), e, "use "+strings.Join(glueComputeEnvs, ", "))
		}
	}
	if len(g.Description) > 2048 {
		pr.add(ErrInvalidProps, "Glue.Description", g.Description[:32]+"...", "must be at most 2048 characters")
	}
	for i, m := range []map[string]string{g.Properties, g.AthenaProperties, g.SparkProperties} {
		f := []string{"Glue.Properties", "Glue.AthenaProperties", "Glue.SparkProperties"}[i]
		for _, k := range sortedKeys(m) {
			if v := m[k]; v == "" || len(v) > 2048 {
				pr.add(ErrInvalidProps, f+"["+k+"]", v, "a property value is 1-2048 characters")
			}
		}
	}
}

// stringMap renders m for jsii (nil when empty), keys in order.
func stringMap(m map[string]string) *map[string]*string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]*string, len(m))
	for _, k := range sortedKeys(m) {
		out[k] = jsii.String(m[k])
	}
	return &out
}

func optionalNumber(n int) *float64 {
	if n == 0 {
		return nil
	}
	return jsii.Number(float64(n))
}

func roleARN(r awsiam.IRole) *string {
	if r == nil {
		return nil
	}
	return r.RoleArn()
}

// NewConnection creates an AWS::DataZone::Connection of a project or of one environment.
// Invalid props panic with every problem (see Validate).
func NewConnection(scope constructs.Construct, id *string, props *ConnectionProps) Connection {
	path := pathOf(scope, id)
	defer problem.Annotate("Connection", path)
	mustValid(props.validate(path))
	if p := projectOf(props.Project); p != nil && !isToken(props.Name) {
		p.reserve("connection|"+props.Name, path)
	}
	kind := props.kinds()[0].kind
	c := &connection{name: props.Name, kind: kind}
	constructs.NewConstruct_Override(c, scope, id)
	var core *domainCore
	if props.Project != nil {
		core = props.Project.DomainUnit().Domain().core()
	} else {
		core = props.Domain.core()
	}
	cp := &awsdatazone.CfnConnectionProps{
		DomainIdentifier: core.domainID,
		Name:             jsii.String(props.Name),
		Description:      optional(props.Description),
		Props:            props.render(),
	}
	if props.Project != nil {
		cp.ProjectIdentifier = props.Project.ProjectID()
	} else {
		cp.EnvironmentIdentifier = jsii.String(props.EnvironmentID)
	}
	if props.TrustedIdentityPropagation {
		cp.EnableTrustedIdentityPropagation = jsii.Bool(true)
	}
	if props.AccessRole != nil || props.AccountID != "" || props.Region != "" {
		cp.AwsLocation = &awsdatazone.CfnConnection_AwsLocationProperty{
			AccessRole: roleARN(props.AccessRole), AwsAccountId: optional(props.AccountID), AwsRegion: optional(props.Region),
		}
	}
	c.cfn = awsdatazone.NewCfnConnection(c, jsii.String("Resource"), cp)
	removal := props.RemovalPolicy
	if removal == "" {
		removal = awscdk.RemovalPolicy_DESTROY
	}
	applyRemoval(c.cfn, removal)
	record(c.cfn, meshmeta.Resource{Kind: meshmeta.KindConnection, Domain: core.name, Name: props.Name})
	// AWS's own project connections are created for a project whose environments exist
	// (aws/Unified-Studio-for-Amazon-Sagemaker, cloudformation/project/create_connection.yaml
	// takes the project's ID as a parameter). When the project has a Lakehouse lookup (a
	// data source), it waits until the project's environments have made their connections:
	// the connection waits for it too (docs/deploy.md, Decisions on weak evidence).
	if l, ok := props.Project.(interface{ lakehouseLookup() awscdk.CustomResource }); ok && l.lakehouseLookup() != nil {
		c.cfn.Node().AddDependency(l.lakehouseLookup())
	}
	return c
}

// render is the Props of the connection.
func (p *ConnectionProps) render() *awsdatazone.CfnConnection_ConnectionPropertiesInputProperty {
	out := &awsdatazone.CfnConnection_ConnectionPropertiesInputProperty{}
	switch {
	case p.Athena != nil:
		out.AthenaProperties = &awsdatazone.CfnConnection_AthenaPropertiesInputProperty{WorkgroupName: jsii.String(p.Athena.WorkgroupName)}
	case p.Redshift != nil:
		r := p.Redshift
		storage := &awsdatazone.CfnConnection_RedshiftStoragePropertiesProperty{}
		if r.WorkgroupName != "" {
			storage.WorkgroupName = jsii.String(r.WorkgroupName)
		} else {
			storage.ClusterName = jsii.String(r.ClusterName)
		}
		rp := &awsdatazone.CfnConnection_RedshiftPropertiesInputProperty{
			Storage: storage, DatabaseName: jsii.String(r.DatabaseName), Host: optional(r.Host), Port: optionalNumber(r.Port),
		}
		if r.Secret != nil {
			rp.Credentials = &awsdatazone.CfnConnection_RedshiftCredentialsProperty{SecretArn: r.Secret.SecretArn()}
		}
		if r.LineageSync {
			ls := &awsdatazone.CfnConnection_RedshiftLineageSyncConfigurationInputProperty{Enabled: jsii.Bool(true)}
			if r.LineageSchedule != "" {
				ls.Schedule = &awsdatazone.CfnConnection_LineageSyncScheduleProperty{Schedule: jsii.String(r.LineageSchedule)}
			}
			rp.LineageSync = ls
		}
		out.RedshiftProperties = rp
	case p.S3 != nil:
		s := &awsdatazone.CfnConnection_S3PropertiesInputProperty{S3Uri: jsii.String(p.S3.URI), S3AccessGrantLocationId: optional(p.S3.AccessGrantLocationID)}
		if p.S3.RegisterAccessGrantLocation {
			s.RegisterS3AccessGrantLocation = jsii.Bool(true)
		}
		out.S3Properties = s
	case p.Glue != nil:
		g := p.Glue
		in := &awsdatazone.CfnConnection_GlueConnectionInputProperty{
			// AWS's example names the Glue connection as the DataZone one.
			Name:                 jsii.String(p.Name),
			ConnectionType:       jsii.String(g.ConnectionType),
			Description:          optional(g.Description),
			ConnectionProperties: stringMap(g.Properties),
			AthenaProperties:     stringMap(g.AthenaProperties),
			SparkProperties:      stringMap(g.SparkProperties),
			ValidateCredentials:  jsii.Bool(!g.SkipCredentialValidation),
		}
		if g.SubnetID != "" {
			phys := &awsdatazone.CfnConnection_PhysicalConnectionRequirementsProperty{SubnetId: jsii.String(g.SubnetID), AvailabilityZone: optional(g.AvailabilityZone)}
			if len(g.SecurityGroupIDs) > 0 {
				phys.SecurityGroupIdList = jsii.Strings(g.SecurityGroupIDs...)
			}
			in.PhysicalConnectionRequirements = phys
		}
		if g.Secret != nil {
			in.AuthenticationConfiguration = &awsdatazone.CfnConnection_AuthenticationConfigurationInputProperty{
				AuthenticationType: jsii.String("BASIC"), SecretArn: g.Secret.SecretArn(),
			}
		}
		if len(g.ValidateFor) > 0 {
			in.ValidateForComputeEnvironments = jsii.Strings(g.ValidateFor...)
		}
		out.GlueProperties = &awsdatazone.CfnConnection_GluePropertiesInputProperty{GlueConnectionInput: in}
	case p.SparkGlue != nil:
		s := p.SparkGlue
		sp := &awsdatazone.CfnConnection_SparkGluePropertiesInputProperty{
			WorkerType: optional(s.WorkerType), GlueVersion: optional(s.GlueVersion),
			NumberOfWorkers: optionalNumber(s.NumberOfWorkers), IdleTimeout: optionalNumber(int(s.IdleTimeout / time.Minute)),
			GlueConnectionName: optional(s.GlueConnectionName), JavaVirtualEnv: optional(s.JavaVirtualEnv),
			PythonVirtualEnv: optional(s.PythonVirtualEnv),
		}
		out.SparkGlueProperties = sp
	case p.SparkEMR != nil:
		e := p.SparkEMR
		out.SparkEmrProperties = &awsdatazone.CfnConnection_SparkEmrPropertiesInputProperty{
			ComputeArn: jsii.String(e.ComputeARN), RuntimeRole: roleARN(e.RuntimeRole), InstanceProfileArn: roleARN(e.InstanceProfile),
			LogUri: optional(e.LogURI), ManagedEndpointArn: optional(e.ManagedEndpointARN),
			TrustedCertificatesS3Uri: optional(e.TrustedCertificatesS3URI),
			JavaVirtualEnv:           optional(e.JavaVirtualEnv), PythonVirtualEnv: optional(e.PythonVirtualEnv),
		}
	case p.IAM != nil:
		ip := &awsdatazone.CfnConnection_IamPropertiesInputProperty{}
		if p.IAM.GlueLineageSync {
			ip.GlueLineageSyncEnabled = jsii.Bool(true)
		}
		out.IamProperties = ip
	case p.HyperPod != nil:
		out.HyperPodProperties = &awsdatazone.CfnConnection_HyperPodPropertiesInputProperty{ClusterName: jsii.String(p.HyperPod.ClusterName)}
	}
	return out
}
