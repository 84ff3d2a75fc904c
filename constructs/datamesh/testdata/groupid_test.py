"""Runs the Custom::IdcGroupId handler (the file named on the command line) against fake
boto3, botocore and cfnresponse modules, the way Lambda runs inline Python code. Prints OK
when every case passes; exits non-zero otherwise. Run by TestGroupLookupHandler."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambdafake  # noqa: E402
from lambdafake import ClientError  # noqa: E402


class FakeSso:
    def __init__(self):
        self.calls = []

    def describe_instance(self, InstanceArn):
        self.calls.append(InstanceArn)
        return {"IdentityStoreId": "d-0123456789"}


class FakeIds:
    def __init__(self, groups):
        self.groups = groups
        self.calls = []

    def get_group_id(self, IdentityStoreId, AlternateIdentifier):
        self.calls.append((IdentityStoreId, AlternateIdentifier))
        attr = AlternateIdentifier["UniqueAttribute"]
        assert attr["AttributePath"] == "displayName"
        if attr["AttributeValue"] not in self.groups:
            raise ClientError("ResourceNotFoundException")
        return {"GroupId": self.groups[attr["AttributeValue"]], "IdentityStoreId": IdentityStoreId}


clients, sent, slept = lambdafake.clients, lambdafake.sent, lambdafake.slept
handler = lambdafake.load(sys.argv[1])

INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
GID = "a1b2c3d4-5678-90ab-cdef-111111111111"


class HandlerTest(unittest.TestCase):
    def setUp(self):
        sent.clear()
        slept.clear()
        clients["sso-admin"] = FakeSso()
        clients["identitystore"] = FakeIds({"data-governance": GID})

    def run_handler(self, request, **props):
        self.assertEqual(handler.handler({"RequestType": request, "ResourceProperties": props, "PhysicalResourceId": "old"}, None), None)
        self.assertEqual(len(sent), 1)
        return sent[0]

    def test_found_through_instance(self):
        r = self.run_handler("Create", GroupName="data-governance", InstanceArn=INSTANCE)
        self.assertEqual(r, {"status": "SUCCESS", "data": {"GroupId": GID}, "physical": GID, "reason": None})
        self.assertEqual(clients["sso-admin"].calls, [INSTANCE])
        self.assertEqual(clients["identitystore"].calls[0][0], "d-0123456789")

    def test_found_with_store_given(self):
        r = self.run_handler("Update", GroupName="data-governance", IdentityStoreId="d-9999999999")
        self.assertEqual(r["data"], {"GroupId": GID})
        self.assertEqual(clients["sso-admin"].calls, [])
        self.assertEqual(clients["identitystore"].calls[0][0], "d-9999999999")

    def test_not_found_names_group_and_store(self):
        r = self.run_handler("Create", GroupName="data-govrnance", InstanceArn=INSTANCE)
        self.assertEqual(r["status"], "FAILED")
        self.assertIn('IAM Identity Center group "data-govrnance" not found in identity store d-0123456789', r["reason"])

    def test_access_denied_is_retried_then_fails(self):
        calls = []

        def denied(**kw):
            calls.append(kw)
            raise ClientError("AccessDeniedException")

        clients["identitystore"].get_group_id = denied
        r = self.run_handler("Create", GroupName="data-governance", InstanceArn=INSTANCE)
        self.assertEqual(r["status"], "FAILED")
        self.assertIn("AccessDeniedException", r["reason"])
        self.assertEqual(len(calls), 4)
        self.assertEqual(slept, [5, 10, 15])  # 30 s in all, within the 60 s timeout

    def test_access_denied_once_then_found(self):
        ids = clients["identitystore"]
        real, state = ids.get_group_id, {"denied": False}

        def flaky(**kw):
            if not state["denied"]:
                state["denied"] = True
                raise ClientError("AccessDeniedException")
            return real(**kw)

        ids.get_group_id = flaky
        r = self.run_handler("Create", GroupName="data-governance", InstanceArn=INSTANCE)
        self.assertEqual(r["data"], {"GroupId": GID})

    def test_not_found_is_not_retried(self):
        self.run_handler("Create", GroupName="nobody", InstanceArn=INSTANCE)
        self.assertEqual(len(clients["identitystore"].calls), 1)
        self.assertEqual(slept, [])

    def test_delete_calls_nothing(self):
        r = self.run_handler("Delete", GroupName="data-governance", InstanceArn=INSTANCE)
        self.assertEqual(r, {"status": "SUCCESS", "data": {}, "physical": "old", "reason": None})
        self.assertEqual(clients["sso-admin"].calls, [])
        self.assertEqual(clients["identitystore"].calls, [])


if __name__ == "__main__":
    result = unittest.main(argv=[sys.argv[0]], exit=False, verbosity=1).result
    if not result.wasSuccessful() or result.testsRun != 7:
        sys.exit(1)
    print("OK: %d cases" % result.testsRun)
