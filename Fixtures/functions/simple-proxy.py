#!/usr/bin/env python3
"""LambdaForSimpleProxy from "Authorizing Access Through a Proxy Resource … Using Amazon Cognito User
Pools" (Node.js there), as a local Lambda function: greets the user from the Cognito claims API
Gateway put in the proxy event and answers with the post's CORS header."""
import json
import sys

event = json.load(sys.stdin)
claims = event["requestContext"]["authorizer"]["claims"]
body = {
    "message": "Hello, " + claims["given_name"] + " " + claims["family_name"] + "!"
    + " You are authenticated to your API using Cognito user pools!",
    "method": "This is an authorized " + event["httpMethod"] + " to Lambda from your API using a proxy resource.",
    "body": event["body"],
}
print(json.dumps({"statusCode": 200, "headers": {"Access-Control-Allow-Origin": "*"}, "body": json.dumps(body)}))
