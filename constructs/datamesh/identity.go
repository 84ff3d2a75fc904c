package datamesh

import (
	"fmt"
	"regexp"
)

// IdentityMode is how people sign in to a domain.
type IdentityMode string

const (
	// IdentityModeSSO signs people in through IAM Identity Center: every action in the
	// domain is traced to a person. It is the default and the recommendation.
	IdentityModeSSO IdentityMode = "SSO"
	// IdentityModeIAM signs people in with IAM roles and users, without Identity Center.
	// Audit trails then show roles, not people; projects use the ToolingLite blueprint
	// and bring-your-own project roles.
	IdentityModeIAM IdentityMode = "IAM"
)

// UserAssignment says who may use an SSO domain.
type UserAssignment string

const (
	// UserAssignmentManual admits only the users and groups the mesh assigns (user and
	// group profiles). It is the default: nobody gets in by accident.
	UserAssignmentManual UserAssignment = "MANUAL"
	// UserAssignmentAutomatic admits every user of the Identity Center instance.
	UserAssignmentAutomatic UserAssignment = "AUTOMATIC"
)

// Identity is the identity model of a domain.
type Identity struct {
	// Mode of sign-in.
	//
	// Default: IdentityModeSSO.
	Mode IdentityMode
	// IdentityCenterInstanceARN is the IAM Identity Center instance (SSO only, required
	// there), e.g. arn:aws:sso:::instance/ssoins-0123456789abcdef.
	IdentityCenterInstanceARN string
	// UserAssignment for SSO domains (SSO only).
	//
	// Default: UserAssignmentManual.
	UserAssignment UserAssignment
	// IdentityStoreID of the Identity Center instance (d-0123456789 or a UUID), used to
	// resolve group names (SSOGroup("data-governance")) to group IDs at deploy time (SSO
	// only). Set it when the domain's account may not call sso:DescribeInstance on the
	// instance (an organization instance seen from a member account); it also scopes the
	// resolver's IAM policy to that one identity store.
	//
	// Default: read from the instance with sso:DescribeInstance at deploy time.
	IdentityStoreID string
}

var idcInstanceArn = regexp.MustCompile(`^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`)

// identityStoreID is the pattern of IdentityStoreId in the Identity Store API
// (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_GetGroupId.html).
var identityStoreID = regexp.MustCompile(`^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`)

// resolved returns the identity with defaults applied. The caller's value is not changed.
func (i *Identity) resolved() Identity {
	out := Identity{Mode: IdentityModeSSO}
	if i != nil {
		out = *i
		if out.Mode == "" {
			out.Mode = IdentityModeSSO
		}
	}
	if out.Mode == IdentityModeSSO && out.UserAssignment == "" {
		out.UserAssignment = UserAssignmentManual
	}
	return out
}

// validate reports the problems of the identity under field.
func (i *Identity) validate(p *problems, field string) {
	id := i.resolved()
	switch id.Mode {
	case IdentityModeSSO:
		arn := id.IdentityCenterInstanceARN
		switch {
		case arn == "" && p.unbound:
			// a stage's settings give it
		case arn == "":
			p.add(ErrMissing, field+".IdentityCenterInstanceARN", "", "an SSO domain needs the IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-...); or set Mode to IdentityModeIAM")
		case !isToken(arn) && !idcInstanceArn.MatchString(arn):
			p.add(ErrInvalidProps, field+".IdentityCenterInstanceARN", arn, "must match "+idcInstanceArn.String())
		}
		if id.UserAssignment != UserAssignmentManual && id.UserAssignment != UserAssignmentAutomatic {
			p.add(ErrInvalidProps, field+".UserAssignment", string(id.UserAssignment), "use UserAssignmentManual or UserAssignmentAutomatic")
		}
		if s := id.IdentityStoreID; id.IdentityStoreID != "" && !isToken(s) && !identityStoreID.MatchString(s) {
			p.add(ErrInvalidProps, field+".IdentityStoreID", s, "an identity store ID is d- and 10 hex digits (d-0123456789): see Settings in the IAM Identity Center console")
		}
	case IdentityModeIAM:
		if i.IdentityCenterInstanceARN != "" {
			p.add(ErrIdentityMismatch, field+".IdentityCenterInstanceARN", i.IdentityCenterInstanceARN, "an IAM domain has no Identity Center instance: remove it, or set Mode to IdentityModeSSO")
		}
		if i.UserAssignment != "" {
			p.add(ErrIdentityMismatch, field+".UserAssignment", string(i.UserAssignment), "user assignment applies to SSO domains only: remove it, or set Mode to IdentityModeSSO")
		}
		if i.IdentityStoreID != "" {
			p.add(ErrIdentityMismatch, field+".IdentityStoreID", i.IdentityStoreID, "an IAM domain has no identity store: remove it, or set Mode to IdentityModeSSO")
		}
	default:
		p.add(ErrInvalidProps, field+".Mode", string(id.Mode), fmt.Sprintf("use %q or %q", IdentityModeSSO, IdentityModeIAM))
	}
}
