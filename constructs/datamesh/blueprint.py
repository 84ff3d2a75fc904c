import json, urllib.request
import boto3
from botocore.exceptions import ClientError
dz = boto3.client("datazone")

def send(e, c, ok, data, pid, reason=""):
    body = json.dumps({"Status": "SUCCESS" if ok else "FAILED",
        "Reason": (reason or "see " + c.log_group_name)[:1000],
        "PhysicalResourceId": pid or "none",
        "StackId": e["StackId"], "RequestId": e["RequestId"],
        "LogicalResourceId": e["LogicalResourceId"], "Data": data}).encode()
    urllib.request.urlopen(urllib.request.Request(e["ResponseURL"], data=body, method="PUT",
        headers={"Content-Type": ""}), timeout=30)

def flag(v):
    # CloudFormation passes every property to Lambda as a string.
    return v is True or str(v).lower() == "true"

def user_parameters(p):
    out = []
    for u in p.get("UserParameters", []):
        q = {"keyName": u["KeyName"], "fieldType": u.get("FieldType") or "String",
             "isEditable": flag(u.get("IsEditable")), "isOptional": flag(u.get("IsOptional")),
             "isUpdateSupported": flag(u.get("IsUpdateSupported"))}
        for k, a in (("Description", "description"), ("DefaultValue", "defaultValue")):
            if u.get(k):
                q[a] = u[k]
        out.append(q)
    return out

def find(d, name):
    kw = {"domainIdentifier": d, "managed": False, "name": name}
    while True:
        r = dz.list_environment_blueprints(**kw)
        for b in r.get("items", []):
            if b.get("name") == name:
                return b["id"]
        if not r.get("nextToken"):
            return None
        kw["nextToken"] = r["nextToken"]

def blueprint(e, p):
    # Create or update the blueprint in the domain's account; an associated account
    # (Create false) finds it by name.
    d, name = p["DomainId"], p["Name"]
    if not flag(p.get("Create")):
        bid = find(d, name)
        if not bid:
            raise ValueError("custom blueprint %s does not exist in domain %s: deploy the domain's stack first" % (name, d))
        return bid
    kw = {"domainIdentifier": d, "provisioningProperties": {"cloudFormation": {"templateUrl": p["TemplateUrl"]}},
          "userParameters": user_parameters(p)}
    if p.get("Description"):
        kw["description"] = p["Description"]
    old = e.get("OldResourceProperties", {})
    if e["RequestType"] == "Update" and old.get("Name") == name and old.get("DomainId") == d:
        dz.update_environment_blueprint(identifier=e["PhysicalResourceId"].split("|")[-1], **kw)
        return e["PhysicalResourceId"].split("|")[-1]
    if p.get("Category"):
        kw["blueprintCategory"] = p["Category"]
    return dz.create_environment_blueprint(name=name, **kw)["id"]

def configure(p, bid):
    regional = {r["Region"]: r.get("Parameters") or {} for r in p.get("RegionalParameters", [])}
    kw = {"domainIdentifier": p["DomainId"], "environmentBlueprintIdentifier": bid,
          "enabledRegions": p["EnabledRegions"], "regionalParameters": regional}
    for k, a in (("ProvisioningRoleArn", "provisioningRoleArn"), ("ManageAccessRoleArn", "manageAccessRoleArn")):
        if p.get(k):
            kw[a] = p[k]
    dz.put_environment_blueprint_configuration(**kw)

def gone(call, **kw):
    # Deleting what is already gone succeeds.
    try:
        call(**kw)
    except ClientError as x:
        if x.response.get("Error", {}).get("Code") != "ResourceNotFoundException":
            raise

def delete(e, p):
    pid = e.get("PhysicalResourceId", "")
    if "|" not in pid:
        return
    bid = pid.split("|")[-1]
    gone(dz.delete_environment_blueprint_configuration, domainIdentifier=p["DomainId"], environmentBlueprintIdentifier=bid)
    if flag(p.get("Create")):
        gone(dz.delete_environment_blueprint, domainIdentifier=p["DomainId"], identifier=bid)

def handler(e, c):
    p = e["ResourceProperties"]
    pid = e.get("PhysicalResourceId")
    try:
        if e["RequestType"] == "Delete":
            delete(e, p)
            return send(e, c, True, {}, pid)
        bid = blueprint(e, p)
        configure(p, bid)
        pid = p["DomainId"] + "|" + bid
        print(json.dumps({"BlueprintId": bid}))
        send(e, c, True, {"BlueprintId": bid}, pid)
    except (ClientError, ValueError, KeyError) as x:
        send(e, c, False, {}, pid, "custom blueprint %s in domain %s: %s" % (p.get("Name"), p.get("DomainId"), x))
    except Exception as x:
        send(e, c, False, {}, pid, "custom blueprint %s: unexpected %s" % (p.get("Name"), x))
