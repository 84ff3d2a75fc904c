"""Runs an inline Python custom-resource handler the way Lambda runs it, against fake boto3,
botocore and cfnresponse modules: the shared harness of the handler tests (groupid_test.py,
grant_test.py).

    import lambdafake
    lambdafake.clients["datazone"] = FakeDataZone()
    handler = lambdafake.load(sys.argv[1])   # the handler file, as index.py
    handler.handler(event, None)
    lambdafake.sent                          # what it answered CloudFormation
    lambdafake.slept                         # its waits (none really happen)
"""
import sys
import types


class ClientError(Exception):
    """botocore's ClientError, with the error code where boto3 puts it."""

    def __init__(self, code):
        super().__init__(code)
        self.response = {"Error": {"Code": code}}


clients = {}
sent = []
slept = []


def _send(event, context, status, data, physical=None, noEcho=False, reason=None):
    sent.append({"status": status, "data": data, "physical": physical, "reason": reason})


def _install():
    boto3 = types.ModuleType("boto3")
    boto3.client = lambda name: clients[name]
    botocore = types.ModuleType("botocore")
    exceptions = types.ModuleType("botocore.exceptions")
    exceptions.ClientError = ClientError
    botocore.exceptions = exceptions
    cfnresponse = types.ModuleType("cfnresponse")
    cfnresponse.SUCCESS, cfnresponse.FAILED = "SUCCESS", "FAILED"
    cfnresponse.send = _send
    sys.modules.update({"boto3": boto3, "botocore": botocore, "botocore.exceptions": exceptions, "cfnresponse": cfnresponse})


def load(path):
    """Loads the handler file as the module index; its time.sleep only records the wait."""
    _install()
    handler = types.ModuleType("index")
    with open(path) as f:
        exec(compile(f.read(), "index.py", "exec"), handler.__dict__)
    handler.time = types.SimpleNamespace(sleep=slept.append)
    return handler
