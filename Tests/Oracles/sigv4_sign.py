"""Signs requests with botocore's SigV4Auth, the AWS SDK for Python's own signer: the oracle of
Tollgate's SigV4 verifier. Reads a JSON list of requests on stdin, each
{"method", "url", "headers": {..}, "body", "accessKey", "secretKey", "region", "time": epoch seconds,
 "sessionToken"?}, and prints a JSON list of the headers botocore sends for each."""
import datetime
import json
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

out = []
for spec in json.load(sys.stdin):
    moment = datetime.datetime.fromtimestamp(spec["time"], datetime.timezone.utc).replace(tzinfo=None)
    botocore.auth.get_current_datetime = lambda moment=moment: moment
    request = AWSRequest(method=spec["method"], url=spec["url"], data=spec.get("body", "").encode(), headers=spec.get("headers", {}))
    credentials = Credentials(spec["accessKey"], spec["secretKey"], spec.get("sessionToken"))
    botocore.auth.SigV4Auth(credentials, "execute-api", spec["region"]).add_auth(request)
    out.append({name: value if isinstance(value, str) else value.decode() for name, value in request.headers.items()})
print(json.dumps(out))
