"""Runs the Custom::SmusmeshLakehouseConnection handler (the file named on the command line)
against fake boto3 and botocore modules and a fake urllib that records the answer to
CloudFormation, the way Lambda runs inline Python code. Prints OK when every case passes;
exits non-zero otherwise. Run by TestLakehouseLookupHandler."""
import json
import os
import sys
import types
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambdafake  # noqa: E402
from lambdafake import ClientError  # noqa: E402


class FakeDataZone:
    """A project whose connections and environments appear after `ready` calls."""

    def __init__(self, connections, environments, ready=0, errors=0):
        self.connections, self.environments = connections, environments
        self.ready, self.errors, self.calls = ready, errors, 0

    def list_connections(self, **kw):
        self.calls += 1
        if self.errors:
            self.errors -= 1
            raise ClientError("AccessDeniedException")
        if self.calls <= self.ready:
            return {"items": []}
        # Two pages: the handler must read both.
        if "nextToken" not in kw:
            return {"items": self.connections[:1], "nextToken": "page2"}
        return {"items": self.connections[1:]}

    def list_environments(self, **kw):
        return {"items": self.environments}

    def get_environment(self, domainIdentifier, identifier):
        return {"provisionedResources": [{"name": "userRoleArn", "value": "arn:aws:iam::111111111111:role/datazone_usr_role_" + identifier}]}


class Context:
    log_group_name = "/aws/lambda/lookup"

    def __init__(self, millis):
        self.millis = millis

    def get_remaining_time_in_millis(self):
        # Each 20 s wait uses 20 s of the invocation.
        return self.millis - 20000 * len(lambdafake.slept)


answers = []
# The handler makes its client at import; each case swaps in its own (handler.dz).
lambdafake.clients["datazone"] = None
handler = lambdafake.load(sys.argv[1])
handler.urllib = types.SimpleNamespace(request=types.SimpleNamespace(
    Request=lambda url, data, method, headers: (url, method, json.loads(data)),
    urlopen=lambda req, timeout: answers.append(req)))

LAKEHOUSE = {"connectionId": "conn-lake", "name": "project.default_lakehouse", "type": "LAKEHOUSE"}
ATHENA = {"connectionId": "conn-athena", "name": "project.athena", "type": "ATHENA"}
ACTIVE = [{"id": "env-tooling", "status": "ACTIVE"}]


def event(request="Create"):
    return {"RequestType": request, "ResponseURL": "https://cfn/answer", "StackId": "s", "RequestId": "r",
            "LogicalResourceId": "LakehouseConnection",
            "ResourceProperties": {"DomainId": "dzd_abc123", "ProjectId": "p123", "ProjectName": "CRM Master Data",
                                   "ConnectionName": "project.default_lakehouse", "WaitMinutes": "14"}}


class HandlerTest(unittest.TestCase):
    def setUp(self):
        answers.clear()
        lambdafake.slept.clear()

    def run_handler(self, dz, request="Create", millis=900000):
        handler.dz = dz
        handler.handler(event(request), Context(millis))
        self.assertEqual(len(answers), 1, "one answer to CloudFormation")
        url, method, body = answers[0]
        self.assertEqual((url, method), ("https://cfn/answer", "PUT"))
        return body

    def test_finds_the_connection_by_name_across_pages(self):
        body = self.run_handler(FakeDataZone([ATHENA, LAKEHOUSE], ACTIVE))
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual(body["Data"], {"ConnectionId": "conn-lake", "UserRoleArn": "arn:aws:iam::111111111111:role/datazone_usr_role_env-tooling"})
        self.assertEqual(body["PhysicalResourceId"], "lakehouse-p123")

    def test_waits_until_the_environment_created_it(self):
        body = self.run_handler(FakeDataZone([ATHENA, LAKEHOUSE], ACTIVE, ready=2))
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual(lambdafake.slept, [20, 20])

    def test_retries_service_errors(self):
        body = self.run_handler(FakeDataZone([ATHENA, LAKEHOUSE], ACTIVE, errors=1))
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual(lambdafake.slept, [20])

    def test_falls_back_to_the_one_lakehouse_connection(self):
        other = dict(LAKEHOUSE, name="lakehouse")
        body = self.run_handler(FakeDataZone([ATHENA, other], ACTIVE))
        self.assertEqual(body["Data"]["ConnectionId"], "conn-lake")

    def test_gives_up_before_the_lambda_timeout_naming_the_project(self):
        body = self.run_handler(FakeDataZone([ATHENA], ACTIVE), millis=100000)
        self.assertEqual(body["Status"], "FAILED")
        self.assertIn("CRM Master Data (p123)", body["Reason"])
        self.assertIn("project.default_lakehouse", body["Reason"])
        self.assertEqual(len(lambdafake.slept), 2)  # 100 s left: two waits, then one minute stays

    def test_no_active_environment_is_not_found_yet(self):
        body = self.run_handler(FakeDataZone([LAKEHOUSE], [{"id": "env-tooling", "status": "CREATING"}]), millis=80000)
        self.assertEqual(body["Status"], "FAILED")

    def test_delete_does_nothing(self):
        dz = FakeDataZone([], [])
        body = self.run_handler(dz, request="Delete")
        self.assertEqual(body["Status"], "SUCCESS")
        self.assertEqual(dz.calls, 0)


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    if not result.wasSuccessful() or result.testsRun != 7:
        sys.exit(1)
    print("OK: %d cases" % result.testsRun)
