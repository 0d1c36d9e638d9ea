"""The SigV4 signing peer: botocore's SigV4Auth (the AWS SDK for Python's signer) on the request
AuthBenchmarks' "SigV4 sign (DynamoDB PutItem)" signs, best of five runs of 20,000."""
import time

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

credentials = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token")
body = b'{"TableName": "Comments", "Item": {"pageId": {"S": "home"}, "commentId": {"S": "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"}, "message": {"S": "Hello"}}}'
signer = botocore.auth.SigV4Auth(credentials, "dynamodb", "us-east-1")
runs = 20000
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    for _ in range(runs):
        request = AWSRequest(
            method="POST",
            url="https://dynamodb.us-east-1.amazonaws.com/?Action=PutItem",
            data=body,
            headers={"X-Amz-Target": "DynamoDB_20120810.PutItem", "Content-Type": "application/x-amz-json-1.0"},
        )
        signer.add_auth(request)
    best = min(best, (time.perf_counter() - start) / runs)
print(f"botocore SigV4Auth sign (DynamoDB PutItem): {best * 1e6:.1f} us")
