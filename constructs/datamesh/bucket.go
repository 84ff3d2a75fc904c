package datamesh

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/smusmesh/smusmesh/problem"
)

// ToolingBucketProps configure a ToolingBucket.
type ToolingBucketProps struct {
	// DomainID of the domain whose projects keep their files in the bucket; it names the
	// bucket (ToolingBucketName). Required.
	DomainID string
	// EncryptionKey of the bucket (SSE-KMS). Its key policy gets a statement that lets
	// principals of the bucket's account use it through S3 only. Required: a BusinessDomain
	// passes its domain key (or ToolingOptions.BucketKey).
	EncryptionKey awskms.IKey
}

// Validate reports every problem of the props at once.
func (p *ToolingBucketProps) Validate() error { return p.validate("") }

func (p *ToolingBucketProps) validate(path string) error {
	pr := newProblems("ToolingBucket", path)
	if p == nil {
		pr.add(ErrMissing, "props", "nil", "pass &ToolingBucketProps{DomainID: ..., EncryptionKey: ...}")
		return pr.err()
	}
	if p.DomainID == "" {
		pr.add(ErrMissing, "DomainID", "", "pass the domain's ID (BusinessDomain.DomainID()): it names the bucket")
	}
	if p.EncryptionKey == nil {
		pr.add(ErrMissing, "EncryptionKey", "", "pass the domain's key (BusinessDomain.EncryptionKey()) or a customer-managed key of your own")
	}
	return pr.err()
}

// ToolingBucketName is amazon-sagemaker-<account>-<region>-<domain ID without dzd_>, the
// name AWS's own Terraform examples give the Tooling bucket
// (github.com/aws/Unified-Studio-for-Amazon-Sagemaker terraform/examples/*/main.tf). The
// provisioning role's policy only allows buckets named amazon-sagemaker-* or sagemaker-*.
// The domain ID makes the name unique per domain: a domain created again (new ID) gets a
// new bucket instead of colliding with the retained one.
func ToolingBucketName(account, region, domainID *string) *string {
	id := awscdk.Fn_Select(jsii.Number(1), awscdk.Fn_Split(jsii.String("dzd_"), domainID, nil))
	return awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("amazon-sagemaker-"), account, jsii.String("-"), region, jsii.String("-"), id})
}

// NewToolingBucket creates the S3 bucket the Tooling blueprint keeps project files in:
// SSE-KMS with props.EncryptionKey, versioned, public access blocked, TLS only (bucket
// policy), retained when the stack is deleted or the bucket replaced. Bucket names are
// global and create-only: a retained bucket keeps its name until someone deletes it.
func NewToolingBucket(scope constructs.Construct, id *string, props *ToolingBucketProps) awss3.Bucket {
	path := pathOf(scope, id)
	defer problem.Annotate("ToolingBucket", path)
	mustValid(props.validate(path))
	var account, region *string
	if d, ok := scope.(*rootDomain); ok {
		account, region = d.c.accountOf(), d.c.regionOf() // read already
	} else {
		stack := awscdk.Stack_Of(scope)
		account, region = stack.Account(), stack.Region()
	}
	b := awss3.NewBucket(scope, id, &awss3.BucketProps{
		BucketName:        ToolingBucketName(account, region, optional(props.DomainID)),
		Encryption:        awss3.BucketEncryption_KMS,
		EncryptionKey:     props.EncryptionKey,
		BucketKeyEnabled:  jsii.Bool(true),
		Versioned:         jsii.Bool(true),
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		EnforceSSL:        jsii.Bool(true),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
	})
	// Project roles reach the files through S3; they get the key only through S3 in
	// this account (the pattern of aws/modern-data-architecture-accelerator
	// datazone-l3-construct common-domain-helper.ts createDomainKmsKey), and only the two
	// actions SSE-KMS needs: GenerateDataKey to write, Decrypt to read
	// (repost.aws/knowledge-center/s3-large-file-encryption-kms-key).
	props.EncryptionKey.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("ToolingBucketThroughS3"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{"StringEquals": map[string]any{
			"kms:CallerAccount": account,
			"kms:ViaService":    awscdk.Fn_Join(jsii.String(""), &[]*string{jsii.String("s3."), region, jsii.String(".amazonaws.com")}),
		}},
	}), nil)
	// A rule without findings cannot be narrowed with appliesTo; the suppression sits on
	// this bucket only.
	cdknag.NagSuppressions_AddResourceSuppressions(b, &[]*cdknag.NagPackSuppression{{
		Id: jsii.String("AwsSolutions-S1"),
		Reason: jsii.String("The Tooling bucket holds SMUS project files written by project roles; object access is audited with CloudTrail " +
			"data events if the account enables them, and a log bucket per domain and account would need the same exception itself."),
	}}, jsii.Bool(false))
	return b
}
