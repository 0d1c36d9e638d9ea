"""moto's server mode (a real AWS-compatible endpoint) for the AWS service integration tests, and a
boto3 client of it that sets up and reads back what those tests send: the oracle of what the service
stored. Prints the port it listens on (127.0.0.1, chosen by the system), then reads JSON lines
{"service", "operation", "args"} on stdin, calls boto3 and prints {"result"} or {"error"} per line.
Stops when stdin closes, so it ends with the test process that started it."""
import json
import sys

import boto3
from moto.server import ThreadedMotoServer

server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
endpoint = f"http://{host}:{port}"
print(port, flush=True)

clients = {}


def client(service):
    if service not in clients:
        clients[service] = boto3.client(
            service, endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
        )
    return clients[service]


for line in sys.stdin:
    if not line.strip():
        continue
    request = json.loads(line)
    try:
        result = getattr(client(request["service"]), request["operation"])(**request.get("args", {}))
        result.pop("ResponseMetadata", None)
        if "Body" in result and hasattr(result["Body"], "read"):
            result["Body"] = result["Body"].read().decode("utf-8", "replace")
        print(json.dumps({"result": result}, default=str), flush=True)
    except Exception as error:  # reported to the test, which fails with it
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
server.stop()
