"""Runs the Custom::SmusmeshPolicyGrant handler (the file named on the command line) against
fake boto3, botocore and cfnresponse modules, the way Lambda runs inline Python code. The
fake DataZone keeps one grant per entity, policy type and principal and, like the service
(aws-ia/terraform-aws-sagemaker-unified-studio examples/quick-setup/README.md, known
issues), answers a second AddPolicyGrant of that identity by replacing the content and
failing with AlreadyExists (ConflictException). Prints OK when every case passes; exits
non-zero otherwise. Run by TestPolicyGrantHandler."""
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambdafake  # noqa: E402
from lambdafake import ClientError  # noqa: E402


def key(kw):
    return (kw["domainIdentifier"], kw["entityType"], kw["entityIdentifier"], kw["policyType"],
            json.dumps(kw["principal"], sort_keys=True))


class FakeDataZone:
    def __init__(self, replaces=True, conflict="ConflictException"):
        self.grants = {}  # identity -> detail
        self.calls = []
        self.replaces = replaces
        self.conflict = conflict

    def add_policy_grant(self, **kw):
        self.calls.append(("add", kw))
        for b in ("domainIdentifier", "entityType", "entityIdentifier", "policyType", "principal", "detail"):
            assert b in kw, b
        k = key(kw)
        if k in self.grants:
            if self.replaces:
                self.grants[k] = kw["detail"]
            raise ClientError(self.conflict)
        self.grants[k] = kw["detail"]
        return {"grantId": "AbCdEf0123"}

    def remove_policy_grant(self, **kw):
        self.calls.append(("remove", kw))
        k = key(kw)
        if k not in self.grants:
            raise ClientError("ResourceNotFoundException")
        del self.grants[k]
        return {}

    def list_policy_grants(self, **kw):
        self.calls.append(("list", kw))
        items = [{"principal": json.loads(k[4]), "detail": d, "grantId": "AbCdEf0123"}
                 for k, d in self.grants.items() if k[:4] == (kw["domainIdentifier"], kw["entityType"], kw["entityIdentifier"], kw["policyType"])]
        # Two pages: the handler must read both.
        if "nextToken" not in kw:
            return {"grantList": [], "nextToken": "page2"}
        return {"grantList": items}

    def ops(self):
        return [c[0] for c in self.calls]


clients, sent, slept = lambdafake.clients, lambdafake.sent, lambdafake.slept
handler = lambdafake.load(sys.argv[1])


def props(profiles=("pp1",), children="true", group="a1b2c3d4-5678-90ab-cdef-111111111111"):
    # As CloudFormation sends them: booleans as strings.
    return {
        "ServiceToken": "arn:aws:lambda:eu-west-1:111111111111:function:f",
        "DomainIdentifier": "dzd_abc123",
        "EntityType": "DOMAIN_UNIT",
        "EntityIdentifier": "unit123",
        "PolicyType": "CREATE_PROJECT_FROM_PROJECT_PROFILE",
        "Detail": {"CreateProjectFromProjectProfile": {"IncludeChildDomainUnits": children, "ProjectProfiles": list(profiles)}},
        "Principal": {"Group": {"GroupIdentifier": group}},
    }


def detail(profiles=("pp1",), children=True):
    return {"createProjectFromProjectProfile": {"includeChildDomainUnits": children, "projectProfiles": list(profiles)}}


class HandlerTest(unittest.TestCase):
    def setUp(self):
        sent.clear()
        slept.clear()
        clients["datazone"] = FakeDataZone()

    def run_handler(self, request, p, old=None, physical=None):
        event = {"RequestType": request, "RequestId": "req-1", "ResourceProperties": p}
        if old is not None:
            event["OldResourceProperties"] = old
        if physical is not None:
            event["PhysicalResourceId"] = physical
        self.assertIsNone(handler.handler(event, None))
        self.assertEqual(len(sent), 1)
        r = sent[0]
        sent.clear()
        return r

    def dz(self):
        return clients["datazone"]

    def test_create_adds_in_api_shape(self):
        r = self.run_handler("Create", props())
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertTrue(r["physical"].startswith("grant-dzd_abc123-"))
        self.assertEqual(self.dz().ops(), ["add"])
        add = self.dz().calls[0][1]
        self.assertEqual(add["detail"], detail())
        self.assertEqual(add["principal"], {"group": {"groupIdentifier": "a1b2c3d4-5678-90ab-cdef-111111111111"}})

    def test_update_detail_in_place(self):
        created = self.run_handler("Create", props())["physical"]
        r = self.run_handler("Update", props(("pp1", "pp2")), old=props(), physical=created)
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertEqual(r["physical"], created)  # same physical ID: no delete follows
        self.assertEqual(list(self.dz().grants.values()), [detail(("pp1", "pp2"))])
        # Add, the service's AlreadyExists, then the check (two pages); nothing removed.
        self.assertEqual(self.dz().ops(), ["add", "add", "list", "list"])

    def test_update_when_service_keeps_old_detail(self):
        # Answered with another code naming AlreadyExists: the same path.
        clients["datazone"] = FakeDataZone(replaces=False, conflict="AlreadyExistsException")
        created = self.run_handler("Create", props())["physical"]
        r = self.run_handler("Update", props(children="false"), old=props(), physical=created)
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertEqual(r["physical"], created)
        self.assertEqual(list(self.dz().grants.values()), [detail(children=False)])
        self.assertEqual(self.dz().ops(), ["add", "add", "list", "list", "remove", "add"])

    def test_update_to_new_principal_is_a_new_grant(self):
        created = self.run_handler("Create", props())["physical"]
        r = self.run_handler("Update", props(group="b1b2c3d4-5678-90ab-cdef-222222222222"), old=props(), physical=created)
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertNotEqual(r["physical"], created)  # CloudFormation deletes the old grant next
        self.assertEqual(len(self.dz().grants), 2)
        r = self.run_handler("Delete", props(), physical=created)
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertEqual(len(self.dz().grants), 1)

    def test_delete_removes(self):
        created = self.run_handler("Create", props())["physical"]
        r = self.run_handler("Delete", props(), physical=created)
        self.assertEqual(r, {"status": "SUCCESS", "data": {}, "physical": created, "reason": None})
        self.assertEqual(self.dz().grants, {})

    def test_delete_of_a_grant_already_gone(self):
        r = self.run_handler("Delete", props(), physical="grant-dzd_abc123-0123")
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertEqual(self.dz().ops(), ["remove"])

    def test_delete_after_failed_create_calls_nothing(self):
        r = self.run_handler("Delete", props(), physical="failed-req-1")
        self.assertEqual(r["status"], "SUCCESS")
        self.assertEqual(self.dz().calls, [])

    def test_failed_create_names_the_grant(self):
        def invalid(**kw):
            raise ClientError("ValidationException")

        self.dz().add_policy_grant = invalid
        r = self.run_handler("Create", props())
        self.assertEqual(r["status"], "FAILED")
        self.assertEqual(r["physical"], "failed-req-1")
        self.assertIn("CREATE_PROJECT_FROM_PROJECT_PROFILE on DOMAIN_UNIT unit123", r["reason"])
        self.assertEqual(slept, [])

    def test_access_denied_is_retried(self):
        dz, state = self.dz(), {"denied": 0}
        real = dz.add_policy_grant

        def flaky(**kw):
            if state["denied"] < 2:
                state["denied"] += 1
                raise ClientError("AccessDeniedException")
            return real(**kw)

        dz.add_policy_grant = flaky
        r = self.run_handler("Create", props())
        self.assertEqual(r["status"], "SUCCESS", r["reason"])
        self.assertEqual(slept, [5, 10])


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    if not result.wasSuccessful() or result.testsRun != 9:
        sys.exit(1)
    print("OK: %d cases" % result.testsRun)
