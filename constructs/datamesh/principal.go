package datamesh

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// PrincipalType is the kind of person or group a Principal names.
type PrincipalType string

const (
	// PrincipalSSOUser is an IAM Identity Center user (SSO domains).
	PrincipalSSOUser PrincipalType = "SSO_USER"
	// PrincipalSSOGroup is an IAM Identity Center group (SSO domains).
	PrincipalSSOGroup PrincipalType = "SSO_GROUP"
	// PrincipalIAMRole is an IAM role (any domain; IAM domains use only IAM principals).
	PrincipalIAMRole PrincipalType = "IAM_ROLE"
	// PrincipalIAMUser is an IAM user.
	PrincipalIAMUser PrincipalType = "IAM_USER"
)

// Principal is a person or group that the mesh names: an owner, a member, a grantee.
// Create one with SSOUser, SSOGroup, IAMRole or IAMUser. The domain creates one user or
// group profile per distinct principal, before any owner or membership that names it.
type Principal struct {
	// Type of principal.
	Type PrincipalType
	// Identifier is the Identity Center user name or user ID, the group display name or
	// group ID, or the IAM ARN.
	Identifier string
}

// SSOUser names an IAM Identity Center user by user name (the UserName attribute, which is
// not always the e-mail address) or user ID (a UUID).
func SSOUser(id string) Principal { return Principal{Type: PrincipalSSOUser, Identifier: id} }

// SSOGroup names an IAM Identity Center group by display name or group ID (a UUID). DataZone
// takes groups by ID only: a display name is resolved to the ID at deploy time by a lookup
// in the domain's stack (see IsGroupID and Identity.IdentityStoreID).
func SSOGroup(id string) Principal { return Principal{Type: PrincipalSSOGroup, Identifier: id} }

// IAMRole names an IAM role by ARN.
func IAMRole(arn string) Principal { return Principal{Type: PrincipalIAMRole, Identifier: arn} }

// IAMUser names an IAM user by ARN.
func IAMUser(arn string) Principal { return Principal{Type: PrincipalIAMUser, Identifier: arn} }

// IsGroup reports whether the principal is a group.
func (p Principal) IsGroup() bool { return p.Type == PrincipalSSOGroup }

// String is a readable form, "SSO_USER:jane@example.com".
func (p Principal) String() string { return string(p.Type) + ":" + p.Identifier }

// key identifies the principal in maps and logical IDs.
func (p Principal) key() string { return p.String() }

// userIdentifier is the schema pattern of UserIdentifier (UserProfile, Owner, PolicyGrant).
var userIdentifier = regexp.MustCompile(`(^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$|^[a-zA-Z_0-9+=,.@-]+$|^arn:aws:iam::\d{12}:.+$)`)
var iamRoleArn = regexp.MustCompile(`^arn:aws[^:]*:iam::\d{12}:role/[\w+=,.@/-]+$`)
var iamUserArn = regexp.MustCompile(`^arn:aws[^:]*:iam::\d{12}:user/[\w+=,.@/-]+$`)

// validate reports problems of the principal under field, given the domain's identity mode.
func (p Principal) validate(pr *problems, field string, mode IdentityMode) {
	if p.Identifier == "" {
		pr.add(ErrMissing, field+".Identifier", "", "name the user or group (Identity Center ID or name, or IAM ARN)")
		return
	}
	if isToken(p.Identifier) {
		return
	}
	switch p.Type {
	case PrincipalSSOUser:
		if !userIdentifier.MatchString(p.Identifier) {
			pr.add(ErrInvalidProps, field+".Identifier", p.Identifier, "an SSO user is an Identity Center user ID or a user name of letters, digits and _+=,.@-")
		}
	case PrincipalSSOGroup:
		if strings.TrimSpace(p.Identifier) == "" {
			pr.add(ErrInvalidProps, field+".Identifier", p.Identifier, "an SSO group is an Identity Center group ID or name")
		}
	case PrincipalIAMRole:
		if !iamRoleArn.MatchString(p.Identifier) {
			pr.add(ErrInvalidProps, field+".Identifier", p.Identifier, "an IAM role principal is a role ARN, arn:aws:iam::123456789012:role/Name")
		}
	case PrincipalIAMUser:
		if !iamUserArn.MatchString(p.Identifier) {
			pr.add(ErrInvalidProps, field+".Identifier", p.Identifier, "an IAM user principal is a user ARN, arn:aws:iam::123456789012:user/Name")
		}
	default:
		pr.add(ErrInvalidProps, field+".Type", string(p.Type), "create principals with SSOUser, SSOGroup, IAMRole or IAMUser")
		return
	}
	if mode == IdentityModeIAM && (p.Type == PrincipalSSOUser || p.Type == PrincipalSSOGroup) {
		pr.add(ErrIdentityMismatch, field, p.String(), "an IAM domain has no Identity Center users or groups: use IAMRole or IAMUser, or make the domain an SSO domain")
	}
}

// idFor returns a construct id for a principal that is readable, stable and unique:
// a cleaned prefix of the identifier plus a short hash of the whole key.
func idFor(prefix string, parts ...string) string {
	whole := strings.Join(parts, "|")
	sum := sha256.Sum256([]byte(whole))
	var b strings.Builder
	for _, r := range parts[len(parts)-1] {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
		if b.Len() >= 24 {
			break
		}
	}
	return prefix + b.String() + hex.EncodeToString(sum[:4])
}
