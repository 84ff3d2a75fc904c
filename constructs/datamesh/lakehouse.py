import json, time, urllib.request
import boto3
from botocore.exceptions import ClientError
dz = boto3.client("datazone")

def send(e, c, ok, data, reason=""):
    p = e["ResourceProperties"]
    body = json.dumps({"Status": "SUCCESS" if ok else "FAILED",
        "Reason": (reason or "see " + c.log_group_name)[:1000],
        "PhysicalResourceId": e.get("PhysicalResourceId") or "lakehouse-" + p["ProjectId"],
        "StackId": e["StackId"], "RequestId": e["RequestId"],
        "LogicalResourceId": e["LogicalResourceId"], "Data": data}).encode()
    urllib.request.urlopen(urllib.request.Request(e["ResponseURL"], data=body, method="PUT",
        headers={"Content-Type": ""}), timeout=30)

def items(call, **kw):
    while True:
        r = call(**kw)
        yield from r.get("items", [])
        if not r.get("nextToken"):
            return
        kw["nextToken"] = r["nextToken"]

def lookup(p):
    d, pr = p["DomainId"], p["ProjectId"]
    cs = list(items(dz.list_connections, domainIdentifier=d, projectIdentifier=pr))
    c = [x for x in cs if x.get("name") == p["ConnectionName"]] or [x for x in cs if x.get("type") == "LAKEHOUSE"]
    if len(c) != 1:
        return None
    for env in items(dz.list_environments, domainIdentifier=d, projectIdentifier=pr):
        if env.get("status") != "ACTIVE":
            continue
        res = dz.get_environment(domainIdentifier=d, identifier=env["id"]).get("provisionedResources", [])
        role = next((r["value"] for r in res if r.get("name") == "userRoleArn"), "")
        if role:
            return {"ConnectionId": c[0]["connectionId"], "UserRoleArn": role}
    return None

def handler(e, c):
    p = e["ResourceProperties"]
    what = "project %s (%s) in domain %s" % (p.get("ProjectName"), p.get("ProjectId"), p.get("DomainId"))
    try:
        if e["RequestType"] == "Delete":
            return send(e, c, True, {})
        last = ""
        while c.get_remaining_time_in_millis() > 60000:
            try:
                found = lookup(p)
                if found:
                    print(json.dumps(found))
                    return send(e, c, True, found)
                last = "not created yet"
            except ClientError as x:
                last = str(x)
            print(what + ": " + last)
            time.sleep(20)
        send(e, c, False, {}, "No Lakehouse connection %s with the project's user role for %s after %d minutes (%s). "
            "Check the project's Lakehouse Database (DataLake) environment in the portal; once it is ACTIVE, deploy again." %
            (p["ConnectionName"], what, int(p["WaitMinutes"]), last))
    except Exception as x:
        send(e, c, False, {}, "Lakehouse connection lookup for %s failed: %s" % (what, x))
