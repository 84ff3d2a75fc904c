# Resolves an IAM Identity Center group display name to its group ID for a
# CloudFormation custom resource (Custom::IdcGroupId). Inline code: cfnresponse is
# provided by Lambda for inline Python functions. Delete does nothing: a lookup
# owns no state.
import time

import boto3
import cfnresponse
from botocore.exceptions import ClientError


def lookup(props, sso=None, ids=None):
    store = props.get("IdentityStoreId")
    if not store:
        sso = sso or boto3.client("sso-admin")
        store = sso.describe_instance(InstanceArn=props["InstanceArn"])["IdentityStoreId"]
    name = props["GroupName"]
    ids = ids or boto3.client("identitystore")
    try:
        return ids.get_group_id(
            IdentityStoreId=store,
            AlternateIdentifier={"UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": name}},
        )["GroupId"]
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") == "ResourceNotFoundException":
            raise LookupError(
                'IAM Identity Center group "%s" not found in identity store %s: '
                "create the group or fix its name (the display name, case included), or name it by group ID" % (name, store)
            )
        raise


def lookup_retrying(props, tries=4, wait=5):
    # A role created moments ago may not be usable yet (IAM is eventually consistent).
    for attempt in range(1, tries + 1):
        try:
            return lookup(props)
        except ClientError as e:
            if attempt == tries or e.response.get("Error", {}).get("Code") != "AccessDeniedException":
                raise
            time.sleep(wait * attempt)


def handler(event, context):
    physical = event.get("PhysicalResourceId")
    try:
        if event["RequestType"] == "Delete":
            cfnresponse.send(event, context, cfnresponse.SUCCESS, {}, physical)
            return
        group_id = lookup_retrying(event["ResourceProperties"])
        cfnresponse.send(event, context, cfnresponse.SUCCESS, {"GroupId": group_id}, group_id)
    except Exception as e:
        print("lookup failed: %s" % e)
        cfnresponse.send(event, context, cfnresponse.FAILED, {}, physical or "unresolved", reason=str(e))
