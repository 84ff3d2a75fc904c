# Keeps one DataZone policy grant for a CloudFormation custom resource
# (Custom::SmusmeshPolicyGrant). DataZone keeps one grant per entity, policy type and
# principal, and AWS::DataZone::PolicyGrant has no update handler: a changed detail
# replaces the grant, and the new grant collides with the old one (AlreadyExists). This
# resource updates the grant in place instead.
#
# Properties mirror AWS::DataZone::PolicyGrant (DomainIdentifier, EntityType,
# EntityIdentifier, PolicyType, Detail, Principal; nested keys in PascalCase); the API takes
# the same members in camelCase. CloudFormation passes booleans to custom resources as
# the strings "true" and "false".
#
# Create and Update: AddPolicyGrant. The service answers a grant whose entity, policy type
# and principal already hold a grant by replacing the grant's content and then failing
# with AlreadyExists (aws-ia/terraform-aws-sagemaker-unified-studio,
# examples/quick-setup/README.md, known issues), so a conflict is success once
# ListPolicyGrants shows the principal's grant with the new detail; if it does not, the
# old grant is removed and the new one added. An update that changes the entity, policy
# type or principal adds the new grant under a new physical ID; CloudFormation then
# deletes the old one. Delete: RemovePolicyGrant; a grant already gone is success.
import hashlib
import json
import time

import boto3
import cfnresponse
from botocore.exceptions import ClientError

IDENTITY = ("DomainIdentifier", "EntityType", "EntityIdentifier", "PolicyType", "Principal")


def api(value):
    # PascalCase CloudFormation shape -> camelCase API shape; "true"/"false" -> booleans.
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: api(v) for k, v in value.items()}
    if isinstance(value, list):
        return [api(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    return value


def canonical(value):
    # Compares details and principals whatever the order of their lists.
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def physical_id(p):
    ident = json.dumps([p.get(k) for k in IDENTITY], sort_keys=True)
    return "grant-%s-%s" % (p["DomainIdentifier"], hashlib.sha256(ident.encode()).hexdigest()[:24])


def target(p):
    return {
        "domainIdentifier": p["DomainIdentifier"],
        "entityType": p["EntityType"],
        "entityIdentifier": p["EntityIdentifier"],
        "policyType": p["PolicyType"],
        "principal": api(p["Principal"]),
    }


def code(e):
    return e.response.get("Error", {}).get("Code", "")


def granted(dz, p):
    # True when the principal's grant on the entity has exactly the wanted detail.
    t = target(p)
    want_principal, want_detail = canonical(t["principal"]), canonical(api(p.get("Detail", {})))
    kw = {k: t[k] for k in ("domainIdentifier", "entityType", "entityIdentifier", "policyType")}
    while True:
        r = dz.list_policy_grants(**kw)
        for g in r.get("grantList", []):
            if canonical(g.get("principal")) == want_principal and canonical(g.get("detail")) == want_detail:
                return True
        if not r.get("nextToken"):
            return False
        kw["nextToken"] = r["nextToken"]


def add(dz, p):
    dz.add_policy_grant(detail=api(p.get("Detail", {})), **target(p))


def remove(dz, p):
    try:
        dz.remove_policy_grant(**target(p))
    except ClientError as e:
        if code(e) != "ResourceNotFoundException":
            raise


def put(dz, p):
    try:
        add(dz, p)
        return
    except ClientError as e:
        if code(e) != "ConflictException":
            raise
    if granted(dz, p):
        return
    remove(dz, p)
    add(dz, p)


def retrying(call, dz, p, tries=4, wait=5):
    # A role or ownership created moments ago may not be effective yet (IAM and DataZone
    # authorization are eventually consistent).
    for attempt in range(1, tries + 1):
        try:
            return call(dz, p)
        except ClientError as e:
            if attempt == tries or code(e) != "AccessDeniedException":
                raise
            time.sleep(wait * attempt)


def handler(event, context):
    request = event["RequestType"]
    p = event["ResourceProperties"]
    physical = event.get("PhysicalResourceId")
    what = "%s on %s %s" % (p.get("PolicyType"), p.get("EntityType"), p.get("EntityIdentifier"))
    try:
        dz = boto3.client("datazone")
        if request == "Delete":
            # A create that failed answered with a physical ID that names no grant.
            if physical and physical.startswith("grant-"):
                retrying(remove, dz, p)
            cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, physical)
            return
        retrying(put, dz, p)
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, physical_id(p))
    except Exception as e:
        print("policy grant %s failed: %s" % (what, e))
        if request == "Create":
            physical = "failed-" + event.get("RequestId", "")
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physical,
                         reason="DataZone policy grant %s: %s" % (what, e))
