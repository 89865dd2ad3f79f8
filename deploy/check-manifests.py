#!/usr/bin/env python3
"""Offline checks of deploy/kubernetes/*.yaml and deploy/compose.yaml, for machines without a cluster or Docker.

Not a schema validation (no API server or schema here): the checks are the mistakes that a schema would not catch
either, or that only show up once pods run. Kubernetes:
- every object has apiVersion, kind and metadata.name, with the apiVersion its kind has in Kubernetes 1.25+;
- a Deployment's selector matches its pod template, and no two Deployments' selectors take each other's pods;
- probe ports exist among the container's ports (gRPC probes need a number: Kubernetes takes no port name there);
- ConfigMaps, keys, claims and service accounts that pods reference are defined;
- Services and PodDisruptionBudgets select pods of some workload, Service target ports exist on those pods, and a
  budget leaves at least one pod evictable (a budget that allows no eviction blocks every node drain);
- a silo with Cluster__Kubernetes=true has POD_NAME, POD_NAMESPACE and POD_IP from the downward API, ORLEANS_* ids
  equal to its Cluster__* ids, the orleans/* pod labels with those ids, and a service account bound to a Role that
  may get, list, watch and patch pods;
- terminationGracePeriodSeconds exceeds the drain timeout and the .NET host's 30 s shutdown timeout;
- Secrets that pods reference are defined, or are the ones created apart from the files (EXTERNAL_SECRETS), and a
  $(NAME) in an env value or in args names a variable defined before it (Kubernetes leaves any other as it is);
- Redis requires a password (--requirepass) and every Cluster__Redis carries one; silos behind gateways open their
  Orleans client gateway (Cluster__ClientGateway=true);
- pods with Orleans ports (silo, gateway: no authentication) are selected by NetworkPolicies whose every rule that
  admits those ports admits them only from pods selected by a podSelector that takes some silo or gateway here;
- ServiceMonitors (monitoring/*.yaml) select a Service, scrape a port it has, and send a bearer credential from a
  Secret; ActorRec pods carry no prometheus.io/scrape annotation (a job driven by it sends its key to any pod).
Both (the API, src/ActorRec.Api/Security): a silo or gateway whose Kestrel endpoint (its own or the image's, from the
Dockerfile) is on an address other than loopback has credentials, an API key file (Security__ApiKeysFile), keys in
the settings or JWT (a key or authority); Security__AllowAnonymous appears nowhere, whatever its value; a key file (and
a JWT public key file) lies in a volume mounted read-only as a whole folder (no subPath, no single-file bind mount:
either hides a replaced file from the server, which reads it again when it changes), from the Secret made apart in
Kubernetes.
Compose: Redis with an append-only file fsynced every second and a password, stop_grace_period above the same bounds,
silos without the public API behind a gateway that publishes gRPC, with their client gateway open and their Orleans
ports published nowhere, Cluster__Redis with a password.
Exits non-zero, listing every problem, when any check fails.

  deploy/check-manifests.py [deploy folder]
"""

import re
import sys
from pathlib import Path

import yaml  # Debian: python3-yaml

DEPLOY = Path(__file__).resolve().parent
HOST_SHUTDOWN_SECONDS = 30  # .NET's default HostOptions.ShutdownTimeout; the server does not change it
DEFAULT_DRAIN_SECONDS = 10  # ServingOptions.DrainTimeout
API_VERSIONS = {
    "ConfigMap": "v1", "Service": "v1", "ServiceAccount": "v1", "PersistentVolumeClaim": "v1",
    "Deployment": "apps/v1", "StatefulSet": "apps/v1",
    "PodDisruptionBudget": "policy/v1",
    "Role": "rbac.authorization.k8s.io/v1", "RoleBinding": "rbac.authorization.k8s.io/v1",
    "NetworkPolicy": "networking.k8s.io/v1", "Secret": "v1",
    "ServiceMonitor": "monitoring.coreos.com/v1",
}
# Created with kubectl rather than applied from these files, so that an apply never overwrites them: name -> keys.
EXTERNAL_SECRETS = {"actorrec-redis": {"password"}, "actorrec-api-keys": {"keys.json"}, "actorrec-metrics-key": {"key"}}
# Which Dockerfile stage an image or a compose build target is: its ENV gives the default Kestrel endpoints.
IMAGE_STAGES = {"actorrec": "server", "actorrec-gateway": "gateway"}
LOOPBACK = re.compile(r"^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$", re.IGNORECASE)
# Orleans' ports, by container port name and number: no authentication, cluster-internal only.
ORLEANS_PORTS = {"silo", "gateway", 11111, 30000}
DOWNWARD = {"POD_NAME": "metadata.name", "POD_NAMESPACE": "metadata.namespace", "POD_IP": "status.podIP"}
HOSTING_VERBS = {"get", "list", "watch", "patch"}

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def seconds(value):
    """'00:00:10' (a .NET TimeSpan) or '40s' / '1m30s' (compose) in seconds."""
    value = str(value)
    if ":" in value:
        hours, minutes, secs = value.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(secs)
    total = 0.0
    for amount, unit in re.findall(r"([\d.]+)(ms|h|m|s)", value):
        total += float(amount) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return total


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in (selector or {}).items())


def check_kubernetes(folder):
    objects = []
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*/*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                objects.append((str(path.relative_to(folder)), doc))

    by_kind = {}
    for file, doc in objects:
        kind = doc.get("kind")
        name = (doc.get("metadata") or {}).get("name")
        where = f"{file} {kind}/{name}"
        if not doc.get("apiVersion") or not kind or not name:
            problem(where, "needs apiVersion, kind and metadata.name")
            continue
        if kind in API_VERSIONS and doc["apiVersion"] != API_VERSIONS[kind]:
            problem(where, f"apiVersion {doc['apiVersion']}, expected {API_VERSIONS[kind]}")
        if name in by_kind.setdefault(kind, {}):
            problem(where, "defined twice")
        by_kind[kind][name] = (file, doc)

    config_maps = {name: doc.get("data") or {} for name, (_, doc) in by_kind.get("ConfigMap", {}).items()}
    workloads = {**by_kind.get("Deployment", {}), **by_kind.get("StatefulSet", {})}

    # Pod templates with their replicas.
    pods = []
    for name, (file, doc) in workloads.items():
        where = f"{file} {doc['kind']}/{name}"
        spec = doc.get("spec") or {}
        selector = (spec.get("selector") or {}).get("matchLabels")
        template = spec.get("template") or {}
        labels = (template.get("metadata") or {}).get("labels") or {}
        if not selector:
            problem(where, "needs spec.selector.matchLabels")
        elif not matches(selector, labels):
            problem(where, f"selector {selector} does not match its template labels {labels}")
        pods.append((where, name, labels, template.get("spec") or {}, spec.get("replicas", 1), selector or {}))

    for where, name, labels, _, _, _ in pods:
        for other_where, other, _, _, _, selector in pods:
            if other != name and matches(selector, labels):
                problem(other_where, f"its selector also takes the pods of {where}")

    for where, name, labels, spec, replicas, _ in pods:
        check_pod(where, spec, labels, config_maps, by_kind)
    check_network_policies(pods, by_kind)
    for name, (file, doc) in workloads.items():
        annotations = ((doc.get("spec") or {}).get("template", {}).get("metadata") or {}).get("annotations") or {}
        if str(annotations.get("prometheus.io/scrape", "")).lower() == "true":
            problem(f"{file} {doc['kind']}/{name}", "prometheus.io/scrape: a job driven by the annotation sends its "
                                                    "credential to every pod that sets it; use the ServiceMonitor")
    services = by_kind.get("Service", {})
    for name, (file, doc) in by_kind.get("ServiceMonitor", {}).items():
        where = f"{file} ServiceMonitor/{name}"
        selector = ((doc.get("spec") or {}).get("selector") or {}).get("matchLabels") or {}
        chosen = [s for s in services.values() if selector and matches(selector, (s[1].get("metadata") or {}).get("labels") or {})]
        if not chosen:
            problem(where, f"selector {selector} matches no Service")
        for endpoint in (doc.get("spec") or {}).get("endpoints") or []:
            for _, service in chosen:
                if endpoint.get("port") not in [p.get("name") for p in (service.get("spec") or {}).get("ports") or []]:
                    problem(where, f"port {endpoint.get('port')} is not a port of Service/{service['metadata']['name']}")
            authorization = endpoint.get("authorization") or {}
            credentials = authorization.get("credentials") or {}
            if authorization.get("type", "Bearer") != "Bearer" or not credentials:
                problem(where, f"endpoint {endpoint.get('port')} sends no bearer credential; /metrics needs a key")
            elif credentials.get("key") not in EXTERNAL_SECRETS.get(credentials.get("name"), set()) | set(
                    (by_kind.get("Secret", {}).get(credentials.get("name"), (None, {}))[1].get("data") or {})):
                problem(where, f"credential from Secret {credentials.get('name')} key {credentials.get('key')}, "
                               "which is neither defined nor created apart")

    def selected(selector):
        return [(where, spec, replicas) for where, _, labels, spec, replicas, _ in pods if matches(selector, labels)]

    for name, (file, doc) in by_kind.get("Service", {}).items():
        where = f"{file} Service/{name}"
        spec = doc.get("spec") or {}
        targets = selected(spec.get("selector"))
        if not targets:
            problem(where, f"selector {spec.get('selector')} matches no pod template")
        for port in spec.get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            for pod_where, pod_spec, _ in targets:
                if not any(has_port(c, target) for c in pod_spec.get("containers") or []):
                    problem(where, f"targetPort {target} is not a container port of {pod_where}")

    for name, (file, doc) in by_kind.get("PodDisruptionBudget", {}).items():
        where = f"{file} PodDisruptionBudget/{name}"
        spec = doc.get("spec") or {}
        targets = selected((spec.get("selector") or {}).get("matchLabels"))
        if not targets:
            problem(where, "selector matches no pod template")
            continue
        total = sum(replicas for _, _, replicas in targets)
        if "minAvailable" in spec and isinstance(spec["minAvailable"], int) and spec["minAvailable"] >= total:
            problem(where, f"minAvailable {spec['minAvailable']} of {total} pods allows no eviction")
        if "maxUnavailable" in spec and spec["maxUnavailable"] in (0, "0%"):
            problem(where, "maxUnavailable 0 allows no eviction")
        if "maxUnavailable" in spec and len(targets) > 1:
            problem(where, "maxUnavailable needs the pods of a single workload; use minAvailable")

    for name, (file, doc) in by_kind.get("RoleBinding", {}).items():
        role = (doc.get("roleRef") or {}).get("name")
        if role not in by_kind.get("Role", {}):
            problem(f"{file} RoleBinding/{name}", f"binds Role {role}, which is not defined")

    return len(objects)


def has_port(container, port):
    for defined in container.get("ports") or []:
        if port in (defined.get("name"), defined.get("containerPort")):
            return True
    return False


def check_pod(where, spec, labels, config_maps, by_kind):
    account = spec.get("serviceAccountName")
    if account and account not in by_kind.get("ServiceAccount", {}):
        problem(where, f"serviceAccountName {account} is not defined")
    volumes = {}
    for volume in spec.get("volumes") or []:
        volumes[volume.get("name")] = volume
        claim = (volume.get("persistentVolumeClaim") or {}).get("claimName")
        if claim and claim not in by_kind.get("PersistentVolumeClaim", {}):
            problem(where, f"claim {claim} is not defined")
        secret = volume.get("secret")
        if secret is not None:
            defined = by_kind.get("Secret", {}).get(secret.get("secretName"))
            keys = EXTERNAL_SECRETS.get(secret.get("secretName")) if defined is None else \
                set((defined[1].get("data") or {}) | (defined[1].get("stringData") or {}))
            if keys is None:
                problem(where, f"Secret {secret.get('secretName')} is neither defined nor among the secrets created apart")
            for item in secret.get("items") or []:
                if keys is not None and item.get("key") not in keys:
                    problem(where, f"Secret {secret.get('secretName')} has no key {item.get('key')}")

    for container in spec.get("containers") or []:
        cwhere = f"{where} container {container.get('name')}"
        if not container.get("name") or not container.get("image"):
            problem(cwhere, "needs name and image")

        env = {}
        sources = {}
        for ref in container.get("envFrom") or []:
            name = (ref.get("configMapRef") or {}).get("name")
            if name not in config_maps:
                problem(cwhere, f"envFrom ConfigMap {name} is not defined")
            else:
                env.update(config_maps[name])
        for variable in container.get("env") or []:
            source = variable.get("valueFrom")
            if source is None:
                env[variable["name"]] = str(variable.get("value", ""))
            elif "configMapKeyRef" in source:
                ref = source["configMapKeyRef"]
                if ref.get("key") not in config_maps.get(ref.get("name"), {}):
                    problem(cwhere, f"{variable['name']}: ConfigMap {ref.get('name')} has no key {ref.get('key')}")
                else:
                    env[variable["name"]] = str(config_maps[ref["name"]][ref["key"]])
            elif "fieldRef" in source:
                sources[variable["name"]] = source["fieldRef"].get("fieldPath")
            elif "secretKeyRef" in source:
                ref = source["secretKeyRef"]
                defined = by_kind.get("Secret", {}).get(ref.get("name"))
                keys = EXTERNAL_SECRETS.get(ref.get("name"), set()) if defined is None else \
                    set((defined[1].get("data") or {}) | (defined[1].get("stringData") or {}))
                if ref.get("key") not in keys:
                    problem(cwhere, f"{variable['name']}: Secret {ref.get('name')} with key {ref.get('key')} is neither "
                                    f"defined nor among the secrets created apart ({', '.join(EXTERNAL_SECRETS)})")
                env[variable["name"]] = f"<secret {ref.get('name')}/{ref.get('key')}>"
            for reference in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", str(variable.get("value", ""))):
                if reference not in env and reference not in sources:
                    problem(cwhere, f"{variable['name']}: $({reference}) is not a variable defined before it")
        for word in (container.get("command") or []) + (container.get("args") or []):
            for reference in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", str(word)):
                if reference not in env and reference not in sources:
                    problem(cwhere, f"args: $({reference}) is not a variable of the container")

        image = str(container.get("image", ""))
        if image.startswith("redis") and "--requirepass" not in (container.get("command") or []) + (container.get("args") or []):
            problem(cwhere, "Redis without a password (--requirepass)")
        if image.startswith("actorrec") and "Cluster__Redis" in env and "password=" not in env["Cluster__Redis"]:
            problem(cwhere, "Cluster__Redis carries no password")
        if (image.startswith("actorrec:") and env.get("Serving__PublicApi", "true").lower() == "false"
                and env.get("Cluster__ClientGateway", "false").lower() != "true"):
            problem(cwhere, "a silo behind gateways needs Cluster__ClientGateway=true, or no gateway reaches it")

        for kind in ("readinessProbe", "livenessProbe", "startupProbe"):
            probe = container.get(kind)
            if not probe:
                continue
            if "grpc" in probe:
                port = probe["grpc"].get("port")
                if not isinstance(port, int):
                    problem(cwhere, f"{kind}: a gRPC probe port must be a number, not {port!r}")
                elif not has_port(container, port):
                    problem(cwhere, f"{kind}: port {port} is not a container port")
            for handler in ("tcpSocket", "httpGet"):
                if handler in probe and not has_port(container, probe[handler].get("port")):
                    problem(cwhere, f"{kind}: port {probe[handler].get('port')} is not a container port")
        if "readinessProbe" not in container:
            problem(cwhere, "has no readiness probe")

        stage = IMAGE_STAGES.get(image.split(":")[0])
        if stage:
            mounts = {}
            for mount in container.get("volumeMounts") or []:
                volume = volumes.get(mount.get("name")) or {}
                kind = "a Secret" if "secret" in volume else "a volume that is no Secret"
                mounts[mount.get("mountPath")] = (bool(mount.get("readOnly")), bool(mount.get("subPath")), kind)
            check_security(cwhere, env, stage, mounts)

        drain = seconds(env.get("Serving__DrainTimeout", f"00:00:{DEFAULT_DRAIN_SECONDS:02d}"))
        grace = spec.get("terminationGracePeriodSeconds", 30)
        if str(container.get("image", "")).startswith("actorrec") and grace <= max(drain, HOST_SHUTDOWN_SECONDS):
            problem(cwhere, f"terminationGracePeriodSeconds {grace} leaves no margin over the drain ({drain:g} s) "
                            f"and the host's {HOST_SHUTDOWN_SECONDS} s shutdown timeout")

        if env.get("Cluster__Kubernetes", "").lower() == "true":
            check_kubernetes_hosting(cwhere, spec, labels, env, sources, by_kind)


def dockerfile_env(path):
    """Each stage's ENV (with its parent stage's), as the images set them."""
    stages = {}
    current = None
    text = re.sub(r"\\\n", " ", path.read_text())
    for line in text.splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0].upper() == "FROM":
            parent = stages.get(words[1], {})
            current = stages.setdefault(words[3] if len(words) > 3 and words[2].upper() == "AS" else words[1], dict(parent))
        elif words[0].upper() == "ENV" and current is not None:
            for word in words[1:]:
                key, _, value = word.partition("=")
                current[key] = value
    return stages


STAGE_ENV = {}


def check_security(where, env, stage, mounts):
    """The API's credentials: where the service listens beyond loopback, and how its key files are mounted.

    env: its environment (names as in the files, Section__Key); stage: the Dockerfile stage of its image, whose ENV
    gives the endpoints it does not set; mounts: mount path -> (read-only, single file, what is mounted there)."""
    settings = {**STAGE_ENV.get(stage, {}), **env}
    security = {key.replace(":", "__").lower(): value for key, value in settings.items()
                if key.replace(":", "__").lower().startswith("security__")}
    for key in security:
        if key.startswith("security__allowanonymous"):
            problem(where, "sets Security__AllowAnonymous: shipped files authenticate every caller (API keys or JWT)")
    urls = [value for key, value in settings.items() if re.fullmatch(r"Kestrel__Endpoints__\w+__Url", key)]
    if not urls:
        urls = [settings.get("ASPNETCORE_URLS") or "http://+:8080"]
    open_urls = []
    for url in urls:
        for one in str(url).split(";"):
            match = re.match(r"^\w+://([^/]+?)(:\d+)?(/.*)?$", one.strip())
            if match and not LOOPBACK.match(match.group(1)):
                open_urls.append(one.strip())
    key_file = security.get("security__apikeysfile", "").strip()
    public_key = security.get("security__jwt__publickeyfile", "").strip()
    credentials = (key_file or public_key or security.get("security__jwt__authority", "").strip()
                   or any(k.startswith("security__apikeys__") for k in security))
    if open_urls and not credentials and str(security.get("security__allowanonymous", "")).lower() != "true":
        problem(where, f"listens on {', '.join(open_urls)} without credentials: the service refuses to start "
                       "(set Security__ApiKeysFile, or Security__Jwt__*)")
    for setting, path in (("Security__ApiKeysFile", key_file), ("Security__Jwt__PublicKeyFile", public_key)):
        if not path:
            continue
        folder = max((m for m in mounts if path.startswith(m.rstrip("/") + "/") or path == m), key=len, default=None)
        if folder is None:
            problem(where, f"{setting} {path} lies in no mounted volume: the image has no such file")
            continue
        read_only, single, kind = mounts[folder]
        if not read_only:
            problem(where, f"{setting} {path}: {folder} is not mounted read-only")
        if single or folder == path:
            problem(where, f"{setting} {path}: mounted as a single file, which never shows a replaced key file; "
                           "mount its folder")
        if kind == "a volume that is no Secret":
            problem(where, f"{setting} {path}: {folder} is {kind} (the Secret actorrec-api-keys, made apart, holds keys.json)")


def check_network_policies(pods, by_kind):
    """Pods with Orleans ports: every NetworkPolicy rule that admits those ports admits only silos and gateways."""
    policies = [(f"{file} NetworkPolicy/{name}", doc.get("spec") or {}) for name, (file, doc) in by_kind.get("NetworkPolicy", {}).items()]
    orleans_pods = [(where, labels, spec) for where, _, labels, spec, _, _ in pods
                    if any(port.get("name") in ORLEANS_PORTS or port.get("containerPort") in ORLEANS_PORTS
                           for c in spec.get("containers") or [] for port in c.get("ports") or [])]
    for policy_where, policy in policies:
        selector = (policy.get("podSelector") or {}).get("matchLabels") or {}
        if not any(matches(selector, labels) for _, _, labels, _, _, _ in pods):
            problem(policy_where, f"podSelector {selector} matches no pod template")

    # Silos and gateways: the pods of ActorRec's own images.
    cluster = [labels for _, _, labels, spec, _, _ in pods
               if any(str(c.get("image", "")).startswith("actorrec") for c in spec.get("containers") or [])]

    def peer_is_cluster(peer):
        selector = (peer.get("podSelector") or {}).get("matchLabels")
        return set(peer) == {"podSelector"} and selector and any(matches(selector, labels) for labels in cluster)

    for where, labels, spec in orleans_pods:
        applying = [(w, p) for w, p in policies if matches((p.get("podSelector") or {}).get("matchLabels") or {}, labels)
                    and "Ingress" in (p.get("policyTypes") or ["Ingress"])]
        if not applying:
            problem(where, "has Orleans ports (silo, gateway) but no NetworkPolicy restricts who reaches them")
        for policy_where, policy in applying:
            for rule in policy.get("ingress") or []:
                ports = [p.get("port") for p in rule.get("ports") or []]
                if ports and not ORLEANS_PORTS & set(ports):
                    continue
                peers = rule.get("from") or []
                if not peers or not all(peer_is_cluster(peer) for peer in peers):
                    problem(policy_where, f"admits the Orleans ports of {where} from {peers or 'anywhere'}, not only "
                                          "from pods of the cluster and its gateways")


def check_kubernetes_hosting(where, spec, labels, env, sources, by_kind):
    for variable, path in DOWNWARD.items():
        if sources.get(variable) != path:
            problem(where, f"{variable} must come from the downward API ({path})")
    for suffix, variable, label in (("ServiceId", "ORLEANS_SERVICE_ID", "orleans/serviceId"),
                                    ("ClusterId", "ORLEANS_CLUSTER_ID", "orleans/clusterId")):
        configured = env.get(f"Cluster__{suffix}", "actorrec")
        if variable in env and env[variable] != configured:
            problem(where, f"{variable} {env[variable]!r} differs from Cluster__{suffix} {configured!r}")
        if labels.get(label) != configured:
            problem(where, f"pod label {label} should be {configured!r}")
    if not env.get("Cluster__Redis"):
        problem(where, "Cluster__Kubernetes needs Cluster__Redis")
    if spec.get("automountServiceAccountToken") is False:
        problem(where, "the Kubernetes hosting needs the service account token")
    account = spec.get("serviceAccountName", "default")
    verbs = set()
    for _, (_, binding) in by_kind.get("RoleBinding", {}).items():
        if any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in binding.get("subjects") or []):
            role = by_kind.get("Role", {}).get((binding.get("roleRef") or {}).get("name"))
            for rule in (role[1].get("rules") if role else None) or []:
                if "" in rule.get("apiGroups", []) and "pods" in rule.get("resources", []):
                    verbs.update(rule.get("verbs", []))
    if not HOSTING_VERBS <= verbs:
        problem(where, f"service account {account} may not {', '.join(sorted(HOSTING_VERBS - verbs))} pods")


def check_compose(path):
    compose = yaml.safe_load(path.read_text())
    services = compose.get("services") or {}
    redis = [s for s in services.values() if str(s.get("image", "")).startswith("redis")]
    for service in redis:
        command = " ".join(service.get("command") or [])
        if "--appendonly yes" not in command or "--appendfsync everysec" not in command:
            problem(f"{path.name} redis", "needs --appendonly yes --appendfsync everysec")
        if "--requirepass" not in command:
            problem(f"{path.name} redis", "needs a password (--requirepass)")
        if not service.get("volumes"):
            problem(f"{path.name} redis", "needs a volume for its data")
    publishing = []
    for name, service in services.items():
        if "build" not in service:
            continue
        where = f"{path.name} {name}"
        env = service.get("environment") or {}
        drain = seconds(env.get("Serving__DrainTimeout", f"00:00:{DEFAULT_DRAIN_SECONDS:02d}"))
        grace = seconds(service.get("stop_grace_period", "10s"))
        if grace <= max(drain, HOST_SHUTDOWN_SECONDS):
            problem(where, f"stop_grace_period {grace:g} s leaves no margin over the drain ({drain:g} s) and the "
                           f"host's {HOST_SHUTDOWN_SECONDS} s shutdown timeout")
        if not service.get("healthcheck"):
            problem(where, "has no healthcheck")
        target = (service["build"] or {}).get("target", "server")
        if target == "server" and str(env.get("Serving__PublicApi", "true")).lower() != "false":
            problem(where, "a silo behind the gateway should set Serving__PublicApi=false")
        if target == "server" and str(env.get("Cluster__ClientGateway", "false")).lower() != "true":
            problem(where, "a silo behind the gateway needs Cluster__ClientGateway=true, or the gateway cannot reach it")
        if target == "server" and any(str(p).split(":")[-1] in ("11111", "30000") for p in service.get("ports") or []):
            problem(where, "publishes an Orleans port, which has no authentication")
        if "password=" not in str(env.get("Cluster__Redis", "password=")):
            problem(where, "Cluster__Redis carries no password")
        if target == "gateway" and any(str(p).endswith(":5000") for p in service.get("ports") or []):
            publishing.append(name)
        mounts = {}
        for volume in service.get("volumes") or []:
            if isinstance(volume, dict):
                source, target_path = volume.get("source", ""), volume.get("target", "")
                read_only = bool(volume.get("read_only"))
            else:
                source, _, rest = str(volume).partition(":")
                target_path, _, mode = rest.partition(":")
                read_only = "ro" in mode.split(",")
            single = source.startswith(".") and (path.parent / source).is_file()
            mounts[target_path] = (read_only, single, "a bind mount" if source.startswith((".", "/")) else "a volume")
        for secret in service.get("secrets") or []:
            target_path = secret.get("target", secret.get("source")) if isinstance(secret, dict) else secret
            mounts[target_path if target_path.startswith("/") else f"/run/secrets/{target_path}"] = (True, True, "a secret")
        check_security(where, {k: str(v) for k, v in env.items()}, target, mounts)
    if not publishing:
        problem(path.name, "no gateway publishes gRPC (container port 5000)")
    return len(services)


def main():
    deploy = Path(sys.argv[1]) if len(sys.argv) > 1 else DEPLOY
    STAGE_ENV.update(dockerfile_env(deploy / "Dockerfile"))
    objects = check_kubernetes(deploy / "kubernetes")
    services = check_compose(deploy / "compose.yaml")
    for line in problems:
        print(line)
    print(f"{objects} Kubernetes objects and {services} compose services checked: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
