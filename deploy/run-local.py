#!/usr/bin/env python3
"""Start deploy/compose.yaml as local processes, without a container runtime, and check that it serves.

Each service runs with the environment and arguments that compose.yaml and the Dockerfile stage it is built from
give it (the stage's ENV, COPY --from and ENTRYPOINT), from binaries published exactly as the Dockerfile publishes
them. Only what a container network would provide is replaced, and every replacement is printed:

- each service gets a loopback address (127.0.0.N for a fixed compose address 172.28.0.N, else 127.0.0.100+), and
  service names, compose addresses and 0.0.0.0 in the environment become those loopback addresses;
- a published port "H:C" is served on 127.0.0.1:H;
- a port already taken on this machine is replaced by a free one (in the service's settings and in references to it);
- volumes become folders under --work (a bind mount of ./models becomes --models, the key folder ./secrets becomes
  <work>/secrets, where a key file is made for the run: deploy/secrets is never read or written).

Variables in compose.yaml (${NAME}, ${NAME:-default}, ${NAME:?error}) are substituted as compose does, from the
environment and then deploy/.env; REDIS_PASSWORD, when set in neither, is a random one made for the run.

The run's key file holds two API keys, made here as `actorrec keys create` makes them (ar_<id>_<32 random bytes,
base64url>, stored as its SHA-256): run-ops (admin, metrics) and run-client (recommend). They are never printed.

Then it waits for every service to turn ready (Redis AUTH and PING; the gRPC health check grpc.health.v1.Health/Check on each
.NET service's Grpc endpoint, which needs no key), lists the silos in the membership table, checks the credentials
(/metrics of every .NET service: 401 without a key, 200 with run-ops; a Recommender call to each --click target
without a key and with a wrong one: UNAUTHENTICATED), sends clicks with run-client to the --click target, stops
everything with SIGTERM (as compose down does) and exits non-zero when any step failed. The clicks go through
`actorrec loadtest` with ACTORREC_API_KEY when the published CLI has --api-key; an older CLI sends no key, so then
the script sends them itself as unary Recommender/Click calls (--clicks of them, items from the model's vocabulary).

  deploy/run-local.py --publish /tmp/publish --models /tmp/models          # all services, clicks through the gateway
  deploy/run-local.py ... --services redis,silo1,silo2,silo3 --click silo1,silo2,silo3   # without the gateway

--publish holds one folder per Dockerfile publish output, named after it: server/, gateway/, cli/
(dotnet publish src/ActorRec.Server ... -o <publish>/server, and so on). Needs python3 with PyYAML and redis-server.
"""

import argparse
import base64
import hashlib
import json
import os
import re
import secrets
import shlex
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent

# What the .NET base images set before the Dockerfile's own ENV (the same in runtime and aspnet images); Kestrel
# logs that the configured endpoints override ASPNETCORE_HTTP_PORTS, as it does in the container.
BASE_IMAGE_ENV = {
    "ASPNETCORE_HTTP_PORTS": "8080",
    "DOTNET_RUNNING_IN_CONTAINER": "true",
}

# Passed through from this machine: what a process needs to find dotnet and a temp folder, nothing that configures
# ActorRec.
PASS_THROUGH = ["PATH", "HOME", "DOTNET_ROOT", "TMPDIR", "LANG"]


def log(message):
    print(f"[run-local {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Dockerfile


def parse_dockerfile(path):
    """Stages by name: base, env (inherited from a parent stage), copies from other stages, entrypoint, volumes."""
    text = path.read_text()
    lines = []
    current = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        lines.append(current + stripped)
        current = ""

    stages = {}
    order = []
    stage = None
    for line in lines:
        instruction, _, rest = line.partition(" ")
        instruction = instruction.upper()
        rest = rest.strip()
        if instruction == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else f"#{len(order)}"
            parent = stages.get(words[0])
            stage = {
                "name": name,
                "base": words[0],
                "env": dict(parent["env"]) if parent else {},
                "copies": [],
                "entrypoint": parent["entrypoint"] if parent else None,
                "volumes": list(parent["volumes"]) if parent else [],
            }
            stages[name] = stage
            order.append(name)
        elif instruction == "ENV":
            for word in shlex.split(rest):
                key, _, value = word.partition("=")
                stage["env"][key] = value
        elif instruction == "COPY" and rest.startswith("--from="):
            words = rest.split()
            stage["copies"].append((words[0][len("--from="):], words[1], words[2]))
        elif instruction == "ENTRYPOINT":
            stage["entrypoint"] = json.loads(rest)
        elif instruction == "VOLUME":
            stage["volumes"].extend(json.loads(rest) if rest.startswith("[") else rest.split())
    return stages, order


# ---------------------------------------------------------------------------------------------------------------
# Health checks


def redis_ping(host, port, password=None, timeout=2.0):
    try:
        with socket.create_connection((host, port), timeout) as s:
            # RESP arrays rather than inline commands: the password is sent as one opaque argument.
            commands = [["AUTH", password], ["PING"]] if password else [["PING"]]
            for command in commands:
                s.sendall(f"*{len(command)}\r\n".encode() + b"".join(
                    f"${len(word.encode())}\r\n".encode() + word.encode() + b"\r\n" for word in command))
            answer = b""
            while answer.count(b"\r\n") < len(commands):
                chunk = s.recv(64)
                if not chunk:
                    break
                answer += chunk
            return answer.split(b"\r\n")[len(commands) - 1].startswith(b"+PONG")
    except OSError:
        return False


def interpolate(node, variables):
    """Compose's variable substitution in every string of the file: ${NAME}, ${NAME:-default}, ${NAME:?error}, $$."""
    if isinstance(node, dict):
        return {key: interpolate(value, variables) for key, value in node.items()}
    if isinstance(node, list):
        return [interpolate(value, variables) for value in node]
    if not isinstance(node, str):
        return node

    def replace(match):
        if match.group(0) == "$$":
            return "$"
        name, operator, argument = match.group(1), match.group(2), match.group(3)
        value = variables.get(name)
        if not value and operator == ":-":
            return argument
        if not value and operator == ":?":
            sys.exit(f"compose.yaml: {name}: {argument}")
        return value or ""

    return re.sub(r"\$\$|\$\{(\w+)(?:(:[-?])([^}]*))?\}", replace, node)


def compose_variables(compose_dir):
    """The environment over compose_dir/.env, as compose reads them; a random REDIS_PASSWORD when neither sets one."""
    variables = {}
    dotenv = compose_dir / ".env"
    if dotenv.exists():
        for line in dotenv.read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                variables[key.strip()] = value.strip().strip("'\"")
    variables.update(os.environ)
    if not variables.get("REDIS_PASSWORD"):
        log("REDIS_PASSWORD is set neither in the environment nor in .env: using a random one for this run")
        variables["REDIS_PASSWORD"] = secrets.token_hex(32)
    return variables


def _frame(kind, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def _integer(value, prefix_bits, first=0):
    """An HPACK integer with an N-bit prefix (RFC 7541 5.1)."""
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first | value])
    out = [first | limit]
    value -= limit
    while value >= 128:
        out.append(value % 128 + 128)
        value //= 128
    return bytes(out + [value])


def _literal(name, value):
    # HPACK "literal header field without indexing, new name", no Huffman coding.
    return b"\x00" + _integer(len(name), 7) + name + _integer(len(value), 7) + value


def _decode_headers(block, table):
    """Header fields of an HPACK block; Huffman-coded strings come back as None. Names of static-table entries are
    left as '#<index>' (the gRPC headers looked for here are not among them). table: the connection's dynamic table."""
    position = 0

    def integer(prefix_bits):
        nonlocal position
        limit = (1 << prefix_bits) - 1
        value = block[position] & limit
        position += 1
        if value < limit:
            return value
        shift = 0
        while True:
            byte = block[position]
            position += 1
            value += (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    def string():
        nonlocal position
        huffman = block[position] & 0x80
        length = integer(7)
        raw = block[position:position + length]
        position += length
        return None if huffman else raw.decode("latin-1")

    def entry(index):
        return (f"#{index}", None) if index <= 61 else table[index - 62]

    fields = []
    while position < len(block):
        first = block[position]
        if first & 0x80:
            fields.append(entry(integer(7)))
        elif first & 0x40 or first & 0xE0 == 0:
            indexed = first & 0x40
            index = integer(6 if indexed else 4)
            name = entry(index)[0] if index else string()
            field = (name, string())
            if indexed:
                table.insert(0, field)
            fields.append(field)
        else:
            integer(5)  # dynamic table size update
    return fields


def grpc_call(host, port, method, message, metadata=(), timeout=5.0):
    """One unary gRPC call over cleartext HTTP/2 with prior knowledge: (grpc-status, grpc-message, response message).
    The status is None when it could not be read (connection closed, reset, an undecodable header)."""
    headers = b"".join([
        _literal(b":method", b"POST"),
        _literal(b":scheme", b"http"),
        _literal(b":path", method.encode()),
        _literal(b":authority", f"{host}:{port}".encode()),
        _literal(b"content-type", b"application/grpc"),
        _literal(b"te", b"trailers"),
    ] + [_literal(name.encode(), value.encode()) for name, value in metadata])
    try:
        with socket.create_connection((host, port), timeout) as s:
            s.settimeout(timeout)
            s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + _frame(4, 0, 0, b"")
                      + _frame(1, 0x4, 1, headers)
                      + _frame(0, 0x1, 1, b"\x00" + struct.pack(">I", len(message)) + message))
            buffer = b""
            data = b""
            fields = []
            table = []
            while True:
                while len(buffer) < 9 or len(buffer) < 9 + int.from_bytes(buffer[:3], "big"):
                    chunk = s.recv(65536)
                    if not chunk:
                        return None, "connection closed", b""
                    buffer += chunk
                length = int.from_bytes(buffer[:3], "big")
                kind, flags = buffer[3], buffer[4]
                stream = int.from_bytes(buffer[5:9], "big") & 0x7FFFFFFF
                payload = buffer[9:9 + length]
                buffer = buffer[9 + length:]
                if kind == 4 and not flags & 0x1:
                    s.sendall(_frame(4, 0x1, 0, b""))
                elif kind == 7:
                    return None, "GOAWAY", b""
                elif kind == 3 and stream == 1:
                    return None, "stream reset", b""
                elif kind == 0 and stream == 1:
                    data += payload
                elif kind in (1, 9) and stream == 1:
                    if kind == 1 and flags & 0x20:  # PRIORITY fields before the block
                        payload = payload[5:]
                    fields += _decode_headers(payload, table)
                if kind in (0, 1) and stream == 1 and flags & 0x1:
                    break
            found = dict(fields)
            status = found.get("grpc-status")
            return ((int(status) if status and status.isdigit() else None),
                    urllib.parse.unquote(found.get("grpc-message") or ""), data[5:])
    except OSError as error:
        return None, str(error), b""


def grpc_health(host, port, service=""):
    """grpc.health.v1.Health/Check; returns the status name or an error."""
    names = {0: "UNKNOWN", 1: "SERVING", 2: "NOT_SERVING", 3: "SERVICE_UNKNOWN"}
    request = service.encode()
    status, message, body = grpc_call(host, port, "/grpc.health.v1.Health/Check",
                                      (b"\x0a" + bytes([len(request)]) + request) if request else b"", timeout=3.0)
    if status != 0:
        return f"error: grpc-status {status} {message}".rstrip()
    serving = body[1] if len(body) >= 2 and body[0] == 0x08 else 0
    return names.get(serving, f"status {serving}")


# ---------------------------------------------------------------------------------------------------------------
# API keys and the Recommender API


def make_key_file(path):
    """The run's key file, with the entries `actorrec keys create` writes: {id: key}. The keys stay in memory."""
    keys = {}
    entries = []
    for key_id, scopes in (("run-ops", ["admin", "metrics"]), ("run-client", ["recommend"])):
        key = f"ar_{key_id}_" + base64.urlsafe_b64encode(secrets.token_bytes(32)).rstrip(b"=").decode()
        keys[key_id] = key
        entries.append({"id": key_id, "hash": "sha256:" + hashlib.sha256(key.encode()).hexdigest(),
                        "tenant": "run-local", "scopes": scopes})
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as output:
        json.dump({"keys": entries}, output, indent=2)
    return keys


def _varint(value):
    out = b""
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out += bytes([byte | 0x80])
        else:
            return out + bytes([byte])


def _field(number, value):
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    raw = value.encode()
    return _varint(number << 3 | 2) + _varint(len(raw)) + raw


def _fields(message):
    """Top-level fields of a protobuf message: (number, int or bytes)."""
    position = 0

    def varint():
        nonlocal position
        value = shift = 0
        while True:
            byte = message[position]
            position += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value

    while position < len(message):
        tag = varint()
        wire = tag & 7
        if wire == 0:
            yield tag >> 3, varint()
        elif wire == 2:
            length = varint()
            yield tag >> 3, message[position:position + length]
            position += length
        elif wire in (1, 5):
            position += 8 if wire == 1 else 4
        else:
            return


def click(host, port, session, seq, item, key=None):
    """Recommender/Click (actorrec.v1.ClickEvent: session_id 1, seq 2, item_id 3, k 6; no timestamp: now):
    (grpc-status, message, items answered, model version, error message of the answer)."""
    request = _field(1, session) + _field(2, seq) + _field(3, item) + _field(6, 20)
    metadata = [("authorization", f"Bearer {key}")] if key else []
    status, message, body = grpc_call(host, port, "/actorrec.v1.Recommender/Click", request, metadata)
    items, version, error = 0, "", ""
    if status == 0:
        for number, value in _fields(body):
            if number == 3:
                items += 1
            elif number == 4:
                version = value.decode()
            elif number == 10:
                error = next((v.decode() for n, v in _fields(value) if n == 2), "error")
    return status, message, items, version, error


def http_status(url, key=None, timeout=5.0):
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return f"error: {error}"


def vocabulary_items(models, count):
    """Item ids of a model in the store (its vocabulary.json), so that the clicks get answers from the model."""
    for path in sorted(Path(models).glob("*/vocabulary.json")):
        try:
            items = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if isinstance(items, dict):
            items = items.get("items") or list(items)
        if items:
            return [str(item) for item in items[:count]]
    return [str(n) for n in range(1, count + 1)]


# ---------------------------------------------------------------------------------------------------------------
# Addresses and ports


def port_free(host, port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind((host, port))
            return True
        except OSError:
            return False


def free_port(host):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def parse_url(url):
    match = re.match(r"^(\w+)://([^:/]+|\[[^\]]+\]):(\d+)(.*)$", url)
    return (match.group(1), match.group(2), int(match.group(3)), match.group(4)) if match else None


class Service:
    def __init__(self, name, spec):
        self.name = name
        self.spec = spec
        self.address = None
        self.env = {}
        self.argv = []
        self.cwd = None
        self.kind = None  # "redis" or "dotnet"
        self.grpc = None  # (host, port) of the gRPC endpoint, for .NET services
        self.metrics = None  # (host, port) of the /metrics endpoint, for .NET services
        self.redis = None  # (host, port), for Redis
        self.password = None  # its --requirepass, for Redis
        self.process = None
        self.log_path = None
        self.published = {}  # container port -> host port


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--compose", default=str(DEPLOY / "compose.yaml"))
    parser.add_argument("--dockerfile", default=str(DEPLOY / "Dockerfile"))
    parser.add_argument("--publish", required=True, help="folder with the publish outputs: server/, gateway/, cli/")
    parser.add_argument("--models", required=True, help="host folder for the ./models bind mount (the model store)")
    parser.add_argument("--work", help="folder for volumes and logs (default: a new temp folder)")
    parser.add_argument("--services", help="comma-separated services to start (default: all)")
    parser.add_argument("--click", default="gateway",
                        help="services whose gRPC endpoints get the clicks, comma-separated (default: gateway); 'none' skips them")
    parser.add_argument("--data", default="yoochoose-100k", help="actorrec loadtest --data")
    parser.add_argument("--duration", default="10", help="actorrec loadtest --duration")
    parser.add_argument("--clicks", type=int, default=200,
                        help="clicks per target when the CLI takes no --api-key and the script sends them itself")
    parser.add_argument("--ready-timeout", type=float, default=240, help="seconds to wait for all services to be ready")
    parser.add_argument("--hold", action="store_true", help="after the checks, keep running until Ctrl-C")
    parser.add_argument("--dry-run", action="store_true", help="print each service's command and environment, start nothing")
    args = parser.parse_args()

    import yaml  # Debian: python3-yaml

    compose = interpolate(yaml.safe_load(Path(args.compose).read_text()), compose_variables(Path(args.compose).resolve().parent))
    stages, order = parse_dockerfile(Path(args.dockerfile))
    publish = Path(args.publish).resolve()
    work = Path(args.work or tempfile.mkdtemp(prefix="actorrec-compose-")).resolve()
    work.mkdir(parents=True, exist_ok=True)
    compose_dir = Path(args.compose).resolve().parent
    wanted = set(args.services.split(",")) if args.services else set(compose["services"])
    unknown = wanted - set(compose["services"])
    if unknown:
        sys.exit(f"unknown services: {', '.join(sorted(unknown))}")

    # Loopback addresses: 172.28.0.N -> 127.0.0.N keeps the compose file's numbering readable in the logs.
    services = {name: Service(name, spec) for name, spec in compose["services"].items()}
    hosts = {}
    next_free = 100
    for service in services.values():
        fixed = [n.get("ipv4_address") for n in (service.spec.get("networks") or {}).values() if isinstance(n, dict)]
        fixed = [a for a in fixed if a]
        if fixed:
            service.address = "127.0.0." + fixed[0].split(".")[-1]
            hosts[fixed[0]] = service.address
        else:
            service.address = f"127.0.0.{next_free}"
            next_free += 1
        hosts[service.name] = service.address
        for mapping in service.spec.get("ports") or []:
            host_port, _, container_port = str(mapping).rpartition(":")
            service.published[int(container_port)] = int(host_port)
    log("addresses: " + ", ".join(f"{s.name}={s.address}" for s in services.values()))

    def replace_hosts(value, own):
        value = re.sub(r"(?<![\w.-])0\.0\.0\.0(?![\w.-])", own.address, value)
        for name, address in sorted(hosts.items(), key=lambda item: -len(item[0])):
            value = re.sub(rf"(?<![\w.-]){re.escape(name)}(?![\w.-])", address, value)
        return value

    # Port replacements that other services must follow: (address, old port) -> new port.
    moved = {}

    # The key folder (./secrets, mounted read-only): this run's own file, never deploy/secrets.
    key_folder = work / "secrets"
    keys = make_key_file(key_folder / "keys.json")
    log(f"./secrets -> {key_folder}: a key file for this run (run-ops: admin, metrics; run-client: recommend)")

    def mounts_of(service, stage):
        result = {}
        for volume in service.spec.get("volumes") or []:
            source, _, target = str(volume).partition(":")
            target = target.split(":")[0]
            if source.startswith("."):
                if Path(source).name == "models":
                    result[target] = Path(args.models).resolve()
                elif Path(source).name == "secrets":
                    result[target] = key_folder
                else:
                    result[target] = (compose_dir / source).resolve()
            else:
                result[target] = work / "volumes" / source
        for target in (stage["volumes"] if stage else []):
            result.setdefault(target, work / "volumes" / f"{service.name}{target.replace('/', '-')}")
        return result

    def map_path(value, mounts):
        for target, host in sorted(mounts.items(), key=lambda item: -len(item[0])):
            if value == target or value.startswith(target + "/"):
                return str(host) + value[len(target):]
        return value

    base_env = {key: os.environ[key] for key in PASS_THROUGH if key in os.environ}

    for service in services.values():
        spec = service.spec
        if str(spec.get("image", "")).startswith("redis") and "build" not in spec:
            service.kind = "redis"
            command = list(spec.get("command") or ["redis-server"])
            if command[0] != "redis-server":
                sys.exit(f"{service.name}: expected a redis-server command, got {command}")
            port = 6379
            if "--port" in command:
                port = int(command[command.index("--port") + 1])
            if not port_free(service.address, port):
                new = free_port(service.address)
                log(f"{service.name}: port {port} is taken on {service.address}; using {new}")
                moved[(service.address, port)] = new
                port = new
            data = mounts_of(service, None).get("/data", work / "volumes" / f"{service.name}-data")
            data.mkdir(parents=True, exist_ok=True)
            # The image runs redis-server in /data; here only where it listens and that folder are added.
            service.argv = command + ["--bind", service.address, "--port", str(port), "--dir", str(data)]
            service.cwd = data
            service.env = dict(base_env)
            service.redis = (service.address, port)
            service.password = command[command.index("--requirepass") + 1] if "--requirepass" in command else None
            continue

        build = spec.get("build")
        if not build:
            sys.exit(f"{service.name}: neither a redis image nor a build")
        target = build.get("target") if isinstance(build, dict) else None
        target = target or order[-1]
        stage = stages[target]
        service.kind = "dotnet"
        entry = stage["entrypoint"]
        if not entry or entry[0] != "dotnet":
            sys.exit(f"{service.name}: stage {target} has no 'dotnet <dll>' entrypoint")
        copies = [(source, dest) for _, source, dest in stage["copies"] if source.startswith("/app/")]
        folder = publish / Path(copies[0][0]).name
        service.cwd = folder
        service.argv = ["dotnet", str(folder / entry[1])] + entry[2:] + list(spec.get("command") or [])
        mounts = mounts_of(service, stage)
        for host_dir in mounts.values():
            host_dir.mkdir(parents=True, exist_ok=True)

        env = dict(base_env)
        env.update(BASE_IMAGE_ENV)
        env.update(stage["env"])
        environment = spec.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        env.update({key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in environment.items()})
        for key, value in list(env.items()):
            if key in PASS_THROUGH:
                continue
            env[key] = map_path(replace_hosts(value, service), mounts)

        # Kestrel endpoints: a published port is served where the host would publish it.
        for key in [k for k in env if re.fullmatch(r"Kestrel__Endpoints__\w+__Url", k)]:
            scheme, host, port, rest = parse_url(env[key])
            if port in service.published:
                host, port = "127.0.0.1", service.published[port]
            if not port_free(host, port):
                new = free_port(host)
                log(f"{service.name}: {host}:{port} ({key}) is taken; using {new}")
                port = new
            env[key] = f"{scheme}://{host}:{port}{rest}"
            if key == "Kestrel__Endpoints__Grpc__Url":
                service.grpc = (host, port)
            if key == "Kestrel__Endpoints__Metrics__Url":
                service.metrics = (host, port)

        # Orleans ports of a silo: from the environment, else the defaults of its appsettings.json.
        settings = folder / "appsettings.json"
        if (folder / "ActorRec.Server.dll").exists() and settings.exists():
            cluster = json.loads(settings.read_text()).get("Cluster", {})
            listen = env.get("Cluster__AdvertisedAddress", cluster.get("AdvertisedAddress", "127.0.0.1"))
            for key, default in (("SiloPort", 11111), ("GatewayPort", 30000)):
                port = int(env.get(f"Cluster__{key}", cluster.get(key, default)))
                if not port_free(listen, port):
                    new = free_port(listen)
                    log(f"{service.name}: Orleans {key} {port} is taken on {listen}; using {new}")
                    env[f"Cluster__{key}"] = str(new)
        service.env = env

    # References to a Redis whose port moved.
    for service in services.values():
        for key, value in service.env.items():
            for (address, old), new in moved.items():
                value = re.sub(rf"(?<![\w.]){re.escape(address)}:{old}(?!\d)", f"{address}:{new}", value)
            service.env[key] = value

    # Start in dependency order.
    started = []
    batches = []
    failures = []

    def depends(service):
        depends_on = service.spec.get("depends_on") or []
        return list(depends_on) if not isinstance(depends_on, dict) else list(depends_on.keys())

    def wait_ready(service, deadline):
        last = None
        while time.time() < deadline:
            if service.process.poll() is not None:
                return f"exited with {service.process.returncode}"
            if service.kind == "redis":
                if redis_ping(*service.redis, service.password):
                    return "PONG"
            else:
                last = grpc_health(*service.grpc)
                if last == "SERVING":
                    return last
            time.sleep(1)
        return f"not ready after the deadline (last: {last})"

    def describe(service):
        shown = {k: v for k, v in service.env.items() if k not in PASS_THROUGH}
        line = (f"cd {service.cwd} && " + " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(shown.items()))
                + " " + shlex.join(service.argv))
        # Printed commands name the Redis password, never show it.
        for password in {s.password for s in services.values() if s.password}:
            line = line.replace(password, "<REDIS_PASSWORD>")
        return line

    if args.dry_run:
        for name in compose["services"]:
            if name in wanted:
                log(f"{name}: {describe(services[name])}")
        return 0

    def start(service):
        service.log_path = work / f"{service.name}.log"
        log(f"start {service.name}: {describe(service)}")
        with open(service.log_path, "w") as output:
            service.process = subprocess.Popen(service.argv, cwd=service.cwd, env=service.env, stdout=output,
                                               stderr=subprocess.STDOUT, start_new_session=True)
        started.append(service)

    def stop_all():
        # As compose does: dependents first (the silos leave the cluster while Redis still answers), each stage
        # together, each service given its stop_grace_period after SIGTERM before it is killed.
        for batch in reversed(batches):
            running = [s for s in batch if s.process.poll() is None]
            for service in running:
                service.process.send_signal(signal.SIGTERM)
            signalled = time.time()
            for service in batch:
                grace = service.spec.get("stop_grace_period", "10s")
                seconds = float(str(grace).rstrip("s"))
                try:
                    code = service.process.wait(timeout=max(0.0, signalled + seconds - time.time()))
                    took = time.time() - signalled
                    log(f"{service.name} stopped on SIGTERM after {took:.1f} s: exit {code}")
                    if code != 0 and service in running:
                        failures.append(f"{service.name} exited with {code} on SIGTERM")
                except subprocess.TimeoutExpired:
                    service.process.kill()
                    service.process.wait()
                    failures.append(f"{service.name} outlived its stop_grace_period of {grace}")
                    log(f"{service.name} outlived its stop_grace_period of {grace}: killed")

    try:
        remaining = [services[name] for name in compose["services"] if name in wanted]
        for service in remaining:
            if service.kind == "dotnet" and not Path(service.argv[1]).exists():
                raise SystemExit(f"{service.name}: {service.argv[1]} is not published; see the Dockerfile's publish stages")
        deadline = time.time() + args.ready_timeout
        ready = set()
        while remaining:
            batch = [s for s in remaining if all(d in ready or d not in wanted for d in depends(s))]
            if not batch:
                raise SystemExit("dependency cycle among " + ", ".join(s.name for s in remaining))
            batches.append(batch)
            for service in batch:
                start(service)
            for service in batch:
                result = wait_ready(service, deadline)
                log(f"{service.name}: {result}")
                if result not in ("PONG", "SERVING"):
                    failures.append(f"{service.name}: {result}")
                    raise SystemExit(1)
                ready.add(service.name)
            remaining = [s for s in remaining if s not in batch]

        # The silos' membership table (Orleans' Redis clustering keeps it in the hash <ServiceId>/members/<ClusterId>):
        # every silo started here must be Active in it, with the address it advertises.
        silos = [s for s in started if s.kind == "dotnet" and (s.cwd / "ActorRec.Server.dll").exists()]
        redis = next((s for s in started if s.kind == "redis"), None)
        if redis and silos:
            statuses = {0: "None", 1: "Created", 2: "Joining", 3: "Active", 4: "ShuttingDown", 5: "Stopping", 6: "Dead"}
            key = f"{silos[0].env.get('Cluster__ServiceId', 'actorrec')}/members/{silos[0].env.get('Cluster__ClusterId', 'actorrec')}"
            # The password through redis-cli's environment variable, not its command line.
            entries = subprocess.run(["redis-cli", "-h", redis.redis[0], "-p", str(redis.redis[1]), "hgetall", key],
                                     capture_output=True, text=True,
                                     env={**os.environ, **({"REDISCLI_AUTH": redis.password} if redis.password else {})},
                                     ).stdout.splitlines()
            active = set()
            log(f"membership {key}:")
            for entry in entries:
                if entry.startswith("{"):
                    row = json.loads(entry)
                    address = row["SiloAddress"]["SiloAddress"]
                    status = statuses.get(row.get("Status"), row.get("Status"))
                    log(f"  {row.get('SiloName')} {address} gateway port {row.get('ProxyPort')}: {status}")
                    if status == "Active":
                        active.add(address.split(":")[0])
            missing = [s.name for s in silos if s.env.get("Cluster__AdvertisedAddress") not in active]
            if missing:
                failures.append("not Active in the membership table: " + ", ".join(missing))

        # Credentials: /metrics needs a key with the metrics scope, Recommender calls one with recommend; gRPC health
        # needs none (it answered above).
        for service in started:
            if service.metrics is None:
                continue
            url = f"http://{service.metrics[0]}:{service.metrics[1]}/metrics"
            without, wrong_scope, with_key = (http_status(url), http_status(url, keys["run-client"]),
                                              http_status(url, keys["run-ops"]))
            log(f"{service.name} /metrics: {without} without a key, {wrong_scope} with run-client (recommend), "
                f"{with_key} with run-ops (metrics)")
            if (without, wrong_scope, with_key) != (401, 403, 200):
                failures.append(f"{service.name} /metrics answered {without}, {wrong_scope}, {with_key}; expected 401, 403, 200")

        targets = []
        for name in [] if args.click == "none" else args.click.split(","):
            target = services.get(name)
            if target not in started or target.grpc is None:
                raise SystemExit(f"--click {name}: no gRPC service of that name was started")
            targets.append(target)
            for label, key in (("without a key", None), ("with an unknown key", "ar_run-client_" + "A" * 43)):
                status, message, _, _, _ = click(*target.grpc, f"run-local-refused-{secrets.token_hex(4)}", 1, "1", key)
                log(f"{name}: a click {label}: grpc-status {status} ({message})")
                if status != 16:
                    failures.append(f"{name}: a click {label} got grpc-status {status}, not 16 (UNAUTHENTICATED)")

        cli = publish / "cli" / "actorrec.dll"
        cli_env = {**base_env, "OMP_WAIT_POLICY": "PASSIVE"}
        takes_key = targets and "--api-key" in subprocess.run(
            ["dotnet", str(cli), "loadtest", "--help"], cwd=DEPLOY.parent, env=cli_env, capture_output=True, text=True).stdout
        if targets and not takes_key:
            log("actorrec loadtest of this build takes no --api-key: the script sends the clicks itself (Recommender/Click)")
        items = vocabulary_items(args.models, 50)
        for target in targets:
            url = f"http://{target.grpc[0]}:{target.grpc[1]}"
            if takes_key:
                command = ["dotnet", str(cli), "loadtest", "--url", url, "--data", args.data, "--duration", args.duration]
                log(f"clicks to {target.name} with run-client (ACTORREC_API_KEY): " + shlex.join(command))
                result = subprocess.run(command, cwd=DEPLOY.parent, env={**cli_env, "ACTORREC_API_KEY": keys["run-client"]})
                if result.returncode != 0:
                    failures.append(f"actorrec loadtest against {target.name} exited with {result.returncode}")
                continue
            answered, with_items, versions, errors = 0, 0, set(), {}
            started_at = time.time()
            run = secrets.token_hex(4)
            for n in range(args.clicks):
                session, seq = f"run-local-{run}-{n // 10}", n % 10 + 1
                status, message, count, version, error = click(*target.grpc, session, seq, items[n % len(items)], keys["run-client"])
                if status == 0 and not error:
                    answered += 1
                    with_items += count > 0
                    versions.add(version)
                else:
                    reason = f"grpc-status {status} {message}".strip() if status != 0 else f"answer error {error}"
                    errors[reason] = errors.get(reason, 0) + 1
            took = time.time() - started_at
            log(f"clicks to {target.name} with run-client: {answered} of {args.clicks} answered ({with_items} with "
                f"items) in {took:.1f} s, model {', '.join(sorted(versions)) or '-'}"
                + (f"; errors: {errors}" if errors else ""))
            if answered != args.clicks:
                failures.append(f"{target.name}: {args.clicks - answered} of {args.clicks} clicks not answered")

        if args.hold and not failures:
            log("running; Ctrl-C stops everything")
            try:
                while all(s.process.poll() is None for s in started):
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
    except SystemExit as stop:
        if stop.code not in (None, 0, 1):
            failures.append(str(stop.code))
    finally:
        stop_all()
        log(f"logs and volumes in {work}")

    if failures:
        for failure in failures:
            log("FAILED: " + failure)
        return 1
    log("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
