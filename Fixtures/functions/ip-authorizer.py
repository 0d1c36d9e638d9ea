#!/usr/bin/env python3
"""The enhanced request authorizer of "Using Enhanced Request Authorizers in Amazon API Gateway", as a
local Lambda function for `tollgate --function py-ip-authorizer=…`: reads the REQUEST event on stdin,
allows the post's two client IPs (and those in VALID_IPS, comma-separated) to call GET /hello, and
denies every other IP with a Deny policy (403). A missing Authorization header never reaches it
(API Gateway answers 401 first). The post's JWT check is left out: the token is the principal."""
import json
import os
import sys

VALID_IPS = ["58.240.195.186", "201.246.162.38"] + [ip for ip in os.environ.get("VALID_IPS", "").split(",") if ip]

event = json.load(sys.stdin)
token = event["headers"]["Authorization"]
client_ip = event["requestContext"]["identity"]["sourceIp"]
# arn:aws:execute-api:REGION:ACCOUNT:API_ID/STAGE/METHOD/PATH
arn, _, _ = event["methodArn"].partition("/")
stage = event["requestContext"]["stage"]
effect = "Allow" if client_ip in VALID_IPS else "Deny"
print(json.dumps({
    "principalId": token,
    "policyDocument": {
        "Version": "2012-10-17",
        "Statement": [{"Action": "execute-api:Invoke", "Effect": effect, "Resource": f"{arn}/{stage}/GET/hello"}],
    },
    "context": {"clientIp": client_ip},
}))
