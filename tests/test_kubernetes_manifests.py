"""deploy/kubernetes/ stays valid and in step with the code, with no cluster here.

Every manifest validates (strictly: unknown fields fail) against the Kubernetes JSON schemas
bundled with kubernetes-validate, for the oldest Kubernetes we aim at and the newest bundled;
the kustomization lists every file; the NATS cluster's routes name its own pods; the services'
probes, ports, secrets and settings match the settings' defaults, the ops endpoints' paths and
the images' user.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml
from tests.deployment_files import (
    SERVICE_DOCKERFILES,
    final_stage,
    instructions,
    is_secret,
    load_with,
    setting_of,
)

from nextsteps_shared.ops.listener import HEALTHZ, READYZ
from nextsteps_shared.settings import DEFAULT_SECRETS_DIR, OpsSettings, PublishSettings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy" / "kubernetes"
OLDEST = "1.30"  # the oldest Kubernetes release still widely run that the manifests target
OPS_PORTS = {"ingest": OpsSettings().ingest_port, "planner": OpsSettings().planner_port}
Resource = dict[str, Any]


def _manifests() -> list[tuple[str, Resource]]:
    found = []
    for path in sorted(DEPLOY.rglob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for document in yaml.safe_load_all(path.read_text()):
            found.append((str(path.relative_to(DEPLOY)), document))
    return found


MANIFESTS = _manifests()


def _one(kind: str, name: str) -> Resource:
    matches = [r for _, r in MANIFESTS if r["kind"] == kind and r["metadata"]["name"] == name]
    assert len(matches) == 1, f"{kind}/{name}: {len(matches)} found"
    return matches[0]


def _container(deployment: Resource) -> Resource:
    containers: list[Resource] = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


@pytest.mark.parametrize("version", [OLDEST, kubernetes_validate.utils.latest_version()])
@pytest.mark.parametrize(
    ("path", "resource"),
    MANIFESTS,
    ids=[f"{p}:{r['kind']}/{r['metadata']['name']}" for p, r in MANIFESTS],
)
def test_every_manifest_follows_the_kubernetes_schema(
    path: str, resource: Resource, version: str
) -> None:
    kubernetes_validate.validate(resource, version, strict=True)


def test_the_validator_refuses_what_kubernetes_would() -> None:
    deployment = copy.deepcopy(_one("Deployment", "nextsteps-ingest"))
    container = _container(deployment)
    container["livenesProbe"] = container.pop("livenessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, OLDEST, strict=True)
    deployment = copy.deepcopy(_one("Deployment", "nextsteps-ingest"))
    _container(deployment)["ports"][0]["containerPort"] = "ops"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, OLDEST, strict=True)


def test_the_kustomization_lists_every_manifest() -> None:
    kustomization = yaml.safe_load((DEPLOY / "kustomization.yaml").read_text())
    files = {p for p, _ in MANIFESTS}
    assert set(kustomization["resources"]) == files
    assert kustomization["namespace"] == _one("Namespace", "nextsteps")["metadata"]["name"]
    images = {image["name"] for image in kustomization["images"]}
    for service in OPS_PORTS:
        assert _container(_one("Deployment", f"nextsteps-{service}"))["image"] in images


def test_nats_is_a_three_node_jetstream_cluster_routed_through_its_own_pods() -> None:
    statefulset = _one("StatefulSet", "nats")
    spec = statefulset["spec"]
    assert spec["replicas"] == 3
    config = _one("ConfigMap", "nats-config")["data"]["nats.conf"]
    headless = _one("Service", spec["serviceName"])
    assert headless["spec"]["clusterIP"] == "None" and headless["spec"]["publishNotReadyAddresses"]
    container = _container(statefulset)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    routes = re.findall(r"nats://([\w.-]+):(\d+)", config.split("routes")[1])
    expected = [
        (f"{statefulset['metadata']['name']}-{i}.{spec['serviceName']}", str(ports["cluster"]))
        for i in range(3)
    ]
    assert routes == expected
    assert re.search(rf"listen: 0\.0\.0\.0:{ports['cluster']}", config)
    assert re.search(rf"^listen: 0\.0\.0\.0:{ports['client']}$", config, re.M)
    assert "server_name: $SERVER_NAME" in config
    assert container["env"][0]["valueFrom"]["fieldRef"]["fieldPath"] == "metadata.name"
    store = re.search(r"store_dir: (\S+)", config)
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    assert store is not None and mounts["data"] == store.group(1)
    assert spec["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
    assert _one("PodDisruptionBudget", "nats")["spec"]["maxUnavailable"] == 1  # quorum of 2 stays
    client = _one("Service", "nats")["spec"]["ports"][0]
    assert client["port"] == ports["client"]


@pytest.mark.parametrize("service", sorted(OPS_PORTS))
def test_probes_ask_the_ops_port_where_the_settings_put_it(service: str) -> None:
    deployment = _one("Deployment", f"nextsteps-{service}")
    container = _container(deployment)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports["ops"] == OPS_PORTS[service]
    for probe, path in (
        ("startupProbe", HEALTHZ),
        ("livenessProbe", HEALTHZ),
        ("readinessProbe", READYZ),
    ):
        assert container[probe]["httpGet"] == {"path": path, "port": "ops"}, probe
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/port"] == str(OPS_PORTS[service])


def test_the_planner_serves_its_feeds_on_the_configured_port() -> None:
    ports = {
        p["name"]: p["containerPort"]
        for p in _container(_one("Deployment", "nextsteps-planner"))["ports"]
    }
    assert ports["feeds"] == PublishSettings().port
    feeds = _one("Service", "nextsteps-feeds")["spec"]
    assert feeds["ports"][0]["targetPort"] == "feeds"
    assert (
        feeds["selector"]
        == _one("Deployment", "nextsteps-planner")["spec"]["selector"]["matchLabels"]
    )


@pytest.mark.parametrize("service", sorted(OPS_PORTS))
def test_each_service_has_resources_replicas_and_a_disruption_budget(service: str) -> None:
    deployment = _one("Deployment", f"nextsteps-{service}")
    resources = _container(deployment)["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"]) and "memory" in resources["limits"]
    budget = _one("PodDisruptionBudget", f"nextsteps-{service}")["spec"]
    assert budget["selector"] == deployment["spec"]["selector"]
    assert deployment["spec"]["replicas"] > budget["minAvailable"] >= 1


@pytest.mark.parametrize("service", sorted(OPS_PORTS))
def test_secrets_are_files_in_the_secrets_dir_that_the_image_user_can_read(
    repo_root: Path, service: str
) -> None:
    pod = _one("Deployment", f"nextsteps-{service}")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    mounts = {m["name"]: m for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    secret = volumes["secrets"]["secret"]
    assert mounts["secrets"]["mountPath"] == str(DEFAULT_SECRETS_DIR)
    assert secret["secretName"] == "nextsteps-secrets"
    for item in secret["items"]:
        assert item["key"] == item["path"] and is_secret(item["path"])
    assert {i["key"] for i in secret["items"]} == {
        "nextsteps_database_url",
        "nextsteps_encryption_key",
    }
    users = [
        s.arguments
        for s in final_stage(instructions(repo_root / SERVICE_DOCKERFILES[service]))
        if s.keyword == "USER"
    ]
    uid, gid = (int(x) for x in users[-1].split(":"))
    context = pod["securityContext"]
    assert (context["runAsUser"], context["runAsGroup"], context["fsGroup"]) == (uid, gid, gid)
    assert secret["defaultMode"] & 0o040  # group-readable: fsGroup lets the user read it
    assert context["runAsNonRoot"] and container["securityContext"]["readOnlyRootFilesystem"]
    settings_dir = _one("ConfigMap", "nextsteps-settings")["data"]["NEXTSTEPS_DATA_DIR"]
    writable = {
        m["mountPath"] for m in container["volumeMounts"] if "emptyDir" in volumes[m["name"]]
    }
    assert settings_dir in writable  # the data directory is writable on a read-only root


def test_the_settings_config_map_names_real_settings_that_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data: dict[str, str] = _one("ConfigMap", "nextsteps-settings")["data"]
    for variable, value in data.items():
        setting_of(variable)
        assert not is_secret(variable) or "@" not in value, f"{variable} holds credentials"
    settings = load_with(data, tmp_path, monkeypatch)
    assert settings.ops.host == "0.0.0.0" and settings.publish.host == "0.0.0.0"
    broker = settings.broker_url.get_secret_value() if settings.broker_url else ""
    host_port = re.fullmatch(r"nats://([\w-]+):(\d+)", broker)
    assert host_port is not None
    nats = _one("Service", host_port.group(1))["spec"]["ports"][0]
    assert nats["port"] == int(host_port.group(2))
    servers = _one("StatefulSet", "nats")["spec"]["replicas"]
    assert settings.broker_replicas == servers  # the streams outlive any one NATS server
    for service in OPS_PORTS:
        sources = _container(_one("Deployment", f"nextsteps-{service}"))["envFrom"]
        assert sources == [{"configMapRef": {"name": "nextsteps-settings"}}]
