"""A throwaway PostgreSQL server on 127.0.0.1 for the rate-limit store tests: initdb into a temp
directory (run as the `postgres` OS user when this runs as root, since the server refuses root),
start it on a free port with trust authentication for the user `tollgate`, and print the port.
Then read commands on stdin, one per line, answering "ok" or "error: ..." to each:
  stop     stop the server at once (pg_ctl -m immediate: as if it were killed)
  start    start it again on the same port, with the same data
Stops the server and deletes the directory when stdin closes, so it ends with the test process."""
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile


def bindir():
    for name in ("pg_ctl", "initdb", "postgres"):
        found = shutil.which(name)
        if found and os.path.exists(os.path.join(os.path.dirname(os.path.realpath(found)), "postgres")):
            return os.path.dirname(os.path.realpath(found))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        sys.exit("no PostgreSQL server found: apt-get install postgresql (make setup)")
    return os.path.dirname(candidates[-1])


BIN = bindir()
root = tempfile.mkdtemp(prefix="tollgate-pg-")
as_user = []
if os.geteuid() == 0:
    user = pwd.getpwnam("postgres")
    os.chown(root, user.pw_uid, user.pw_gid)
    as_user = ["runuser", "-u", "postgres", "--"]
data = os.path.join(root, "data")
log = os.path.join(root, "server.log")


def run(*command):
    subprocess.run(as_user + list(command), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)


with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]

run(os.path.join(BIN, "initdb"), "-D", data, "-A", "trust", "-U", "tollgate", "-E", "UTF8", "--no-sync")
options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"


def start():
    run(os.path.join(BIN, "pg_ctl"), "-D", data, "-l", log, "-w", "-o", options, "start")


def stop():
    run(os.path.join(BIN, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop")


start()
print(port, flush=True)
try:
    for line in sys.stdin:
        command = line.strip()
        try:
            if command == "stop":
                stop()
            elif command == "start":
                start()
            elif command:
                raise ValueError(f"unknown command {command}")
            print("ok", flush=True)
        except Exception as error:  # reported to the test, which fails with it
            print(f"error: {error}", flush=True)
finally:
    try:
        stop()
    except Exception:
        pass
    shutil.rmtree(root, ignore_errors=True)
