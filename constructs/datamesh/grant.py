# Custom::SmusmeshPolicyGrant: one DataZone policy grant, updated in place (see
# grantprovider.go). Properties are AWS::DataZone::PolicyGrant's (PascalCase; the API
# takes camelCase; CloudFormation sends booleans as "true"/"false"). A second
# AddPolicyGrant of an entity, policy type and principal replaces the content, then fails
# with AlreadyExists (aws-ia/terraform-aws-sagemaker-unified-studio quick-setup README).
import hashlib
import json
import time

import boto3
import cfnresponse
from botocore.exceptions import ClientError

IDENTITY = ("DomainIdentifier", "EntityType", "EntityIdentifier", "PolicyType", "Principal")

def api(value):
    if isinstance(value, dict):
        return {k[:1].lower() + k[1:]: api(v) for k, v in value.items()}
    if isinstance(value, list):
        return [api(v) for v in value]
    if value in ("true", "false"):
        return value == "true"
    return value

def canonical(value):
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value

def physical_id(p):
    ident = json.dumps([p.get(k) for k in IDENTITY], sort_keys=True)
    return "grant-%s-%s" % (p["DomainIdentifier"], hashlib.sha256(ident.encode()).hexdigest()[:24])

def target(p):
    return {k[:1].lower() + k[1:]: api(p[k]) for k in IDENTITY}

def code(e):
    return e.response.get("Error", {}).get("Code", "")

def granted(dz, p):
    t = target(p)
    want_principal, want_detail = canonical(t["principal"]), canonical(api(p.get("Detail", {})))
    kw = {k: v for k, v in t.items() if k != "principal"}
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
    # Conflict: fine once the list shows the new detail, else remove the old and add.
    try:
        add(dz, p)
        return
    except ClientError as e:
        if code(e) != "ConflictException" and "already" not in str(e).lower():
            raise
    if granted(dz, p):
        return
    remove(dz, p)
    add(dz, p)

def retrying(call, dz, p, tries=4, wait=5):
    # A new role or ownership may not be effective yet (eventual consistency).
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
            # A failed create answered with a physical ID that names no grant.
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
