"""Runs the Custom::SmusmeshCustomBlueprint handler (the file named on the command line)
against fake boto3 and botocore modules and a fake urllib that records the answer to
CloudFormation. Prints OK when every case passes; exits non-zero otherwise. Run by
TestCustomBlueprintHandler."""
import json
import os
import sys
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambdafake  # noqa: E402
from lambdafake import ClientError  # noqa: E402


class FakeDataZone:
    def __init__(self, existing=None, missing=False):
        self.calls = []
        self.existing = existing or []
        self.missing = missing

    def _call(self, name, kw):
        self.calls.append((name, kw))

    def create_environment_blueprint(self, **kw):
        self._call("create", kw)
        return {"id": "bp-new"}

    def update_environment_blueprint(self, **kw):
        self._call("update", kw)

    def list_environment_blueprints(self, **kw):
        self._call("list", kw)
        if "nextToken" not in kw:
            return {"items": [{"name": "Other", "id": "bp-other"}], "nextToken": "p2"}
        return {"items": self.existing}

    def put_environment_blueprint_configuration(self, **kw):
        self._call("put", kw)

    def delete_environment_blueprint_configuration(self, **kw):
        self._call("delete-config", kw)
        if self.missing:
            raise ClientError("ResourceNotFoundException")

    def delete_environment_blueprint(self, **kw):
        self._call("delete", kw)


class Context:
    log_group_name = "/aws/lambda/blueprints"


answers = []
lambdafake.clients["datazone"] = None
handler = lambdafake.load(sys.argv[1])
handler.urllib = types.SimpleNamespace(request=types.SimpleNamespace(
    Request=lambda url, data, method, headers: (url, method, json.loads(data)),
    urlopen=lambda req, timeout: answers.append(req)))

PROPS = {"DomainId": "dzd_abc", "Name": "Team bucket", "Create": "true", "Description": "Buckets",
         "TemplateUrl": "https://b.s3.eu-west-1.amazonaws.com/t.yaml", "Category": "TOOLING",
         "UserParameters": [{"KeyName": "prefix", "Description": "", "FieldType": "String", "DefaultValue": "team",
                             "IsEditable": "true", "IsOptional": "false", "IsUpdateSupported": "false"}],
         "EnabledRegions": ["eu-west-1"], "RegionalParameters": [{"Region": "eu-west-1", "Parameters": {"costCenter": "42"}}],
         "ProvisioningRoleArn": "arn:aws:iam::111111111111:role/prov", "ManageAccessRoleArn": "arn:aws:iam::111111111111:role/access"}


def event(request, props=None, old=None, pid=None):
    e = {"RequestType": request, "ResponseURL": "https://cfn/answer", "StackId": "s", "RequestId": "r",
         "LogicalResourceId": "CustomTeambucket", "ResourceProperties": props or PROPS}
    if old is not None:
        e["OldResourceProperties"] = old
    if pid:
        e["PhysicalResourceId"] = pid
    return e


class HandlerTest(unittest.TestCase):
    def setUp(self):
        answers.clear()

    def run_handler(self, dz, e):
        handler.dz = dz
        handler.handler(e, Context())
        self.assertEqual(len(answers), 1, "one answer to CloudFormation")
        return answers[0][2]

    def test_create_makes_the_blueprint_then_its_configuration(self):
        dz = FakeDataZone()
        body = self.run_handler(dz, event("Create"))
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual(body["Data"], {"BlueprintId": "bp-new"})
        self.assertEqual(body["PhysicalResourceId"], "dzd_abc|bp-new")
        (c, create), (p, put) = dz.calls
        self.assertEqual((c, p), ("create", "put"))
        self.assertEqual(create["name"], "Team bucket")
        self.assertEqual(create["blueprintCategory"], "TOOLING")
        self.assertEqual(create["provisioningProperties"], {"cloudFormation": {"templateUrl": PROPS["TemplateUrl"]}})
        # CloudFormation's strings become the API's booleans.
        self.assertEqual(create["userParameters"], [{"keyName": "prefix", "fieldType": "String", "defaultValue": "team",
                                                     "isEditable": True, "isOptional": False, "isUpdateSupported": False}])
        self.assertEqual(put["environmentBlueprintIdentifier"], "bp-new")
        self.assertEqual(put["regionalParameters"], {"eu-west-1": {"costCenter": "42"}})
        self.assertEqual(put["provisioningRoleArn"], PROPS["ProvisioningRoleArn"])

    def test_update_keeps_the_blueprint(self):
        dz = FakeDataZone()
        body = self.run_handler(dz, event("Update", old=PROPS, pid="dzd_abc|bp-1"))
        self.assertEqual(body["PhysicalResourceId"], "dzd_abc|bp-1")
        self.assertEqual([c for c, _ in dz.calls], ["update", "put"])
        self.assertEqual(dz.calls[0][1]["identifier"], "bp-1")
        self.assertNotIn("blueprintCategory", dz.calls[0][1])

    def test_rename_creates_a_new_blueprint(self):
        dz = FakeDataZone()
        body = self.run_handler(dz, event("Update", old=dict(PROPS, Name="Old"), pid="dzd_abc|bp-1"))
        self.assertEqual(body["PhysicalResourceId"], "dzd_abc|bp-new")
        self.assertEqual([c for c, _ in dz.calls], ["create", "put"])

    def test_associated_account_finds_it_by_name(self):
        dz = FakeDataZone(existing=[{"name": "Team bucket", "id": "bp-7"}])
        props = {k: v for k, v in PROPS.items() if k not in ("TemplateUrl", "UserParameters", "Category", "Description")}
        body = self.run_handler(dz, event("Create", dict(props, Create="false")))
        self.assertEqual(body["Data"], {"BlueprintId": "bp-7"})
        self.assertEqual([c for c, _ in dz.calls], ["list", "list", "put"])
        self.assertFalse(dz.calls[0][1]["managed"])

    def test_associated_account_before_the_domain_fails_with_the_reason(self):
        dz = FakeDataZone()
        body = self.run_handler(dz, event("Create", dict(PROPS, Create="false")))
        self.assertEqual(body["Status"], "FAILED")
        self.assertIn("does not exist in domain dzd_abc", body["Reason"])

    def test_delete_removes_configuration_and_blueprint(self):
        dz = FakeDataZone(missing=True)
        body = self.run_handler(dz, event("Delete", pid="dzd_abc|bp-1"))
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual([c for c, _ in dz.calls], ["delete-config", "delete"])

    def test_delete_after_a_failed_create_does_nothing(self):
        dz = FakeDataZone()
        body = self.run_handler(dz, event("Delete", pid="none"))
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual(dz.calls, [])

    def test_service_error_fails_with_it(self):
        dz = FakeDataZone()

        def denied(**kw):
            raise ClientError("AccessDeniedException")
        dz.create_environment_blueprint = denied
        body = self.run_handler(dz, event("Create"))
        self.assertEqual(body["Status"], "FAILED")
        self.assertIn("AccessDeniedException", body["Reason"])


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    if not result.wasSuccessful() or result.testsRun != 8:
        sys.exit(1)
    print("OK: %d cases" % result.testsRun)
