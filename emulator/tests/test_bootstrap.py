"""Bootstrap: override validation (the playbook's rules and texts), what a successful bootstrap creates, the
already-bootstrapped refusal, and the ``stx-emulator bootstrap`` command (state file and admin endpoint)."""

import json

import pytest
import yaml

from hosts_env import bootstrap, show, state
from stx_emulator import cli
from stx_emulator.bootstrap import BootstrapError, bootstrap as run_bootstrap, default_overrides
from stx_emulator.server import Emulator
from stx_emulator.testing import EmulatorProcess, InProcessEmulator, http_json

DUAL = {"management_subnet": "192.168.204.0/24,fd01::/64", "cluster_host_subnet": "192.168.206.0/24,fd02::/64",
        "cluster_pod_subnet": "172.16.0.0/16,fd03::/64", "cluster_service_subnet": "10.96.0.0/12,fd04::/112",
        "external_oam_subnet": "10.10.10.0/24,fd00::/64", "external_oam_gateway_address": "10.10.10.1,fd00::1",
        "external_oam_floating_address": "10.10.10.2,fd00::2"}

# (topology, overrides, substrings the message must contain: key, value, rule)
INVALID = [
    ("aio-sx", {"system_mode": "triplex"},
     ["system_mode", "'triplex'", "Invalid system mode. Valid values are: simplex, duplex or duplex-direct."]),
    ("aio-sx", {"system_mode": None}, ["Mandatory configuration parameter system_mode is not defined."]),
    ("aio-sx", {"distributed_cloud_role": "edge"},
     ["distributed_cloud_role", "'edge'",
      "Invalid distributed cloud role. Valid values are: none, systemcontroller, or subcloud."]),
    ("aio-sx", {"distributed_cloud_role": "systemcontroller"},
     ["distributed_cloud_role", "'systemcontroller'",
      "A simplex All-in-one controller cannot be configured as Distributed Cloud System Controller"]),
    ("aio-sx", {"timezone": "Mars/Olympus_Mons"},
     ["timezone", "'Mars/Olympus_Mons'", "The provided timezone Mars/Olympus_Mons is invalid."]),
    ("aio-sx", {"dns_servers": []},
     ["dns_servers", "[]", "The number of DNS servers exceeds maximum allowable number of 3."]),
    ("aio-sx", {"dns_servers": ["1.1.1.1", "1.0.0.1", "8.8.8.8", "8.8.4.4"]},
     ["dns_servers", "'8.8.4.4'", "The number of DNS servers exceeds maximum allowable number of 3."]),
    ("aio-sx", {"dns_servers": ["8.8.8.888"]}, ["dns_servers", "'8.8.8.888'", "not a valid IP address"]),
    ("aio-sx", {"management_subnet": "192.168.204.0/24,192.168.205.0/24"},
     ["management_subnet", "192.168.204.0/24,192.168.205.0/24", "Dual-stack of same IP family not supported"]),
    ("aio-sx", {"management_subnet": "192.168.204.0/24,fd01::/64,fd02::/64"},
     ["management_subnet", "fd02::/64", "More than two IPs not supported"]),
    ("aio-sx", {"management_subnet": "192.168.204.0/24,fd01::1"},
     ["management_subnet", "192.168.204.0/24,fd01::1", "Value should be both either Subnet or Address"]),
    ("aio-sx", {"cluster_host_subnet": "cluster-net"},
     ["cluster_host_subnet", "cluster-net", "not a valid IP address or subnet"]),
    ("aio-sx", {"pxeboot_subnet": "fd05::/64"},
     ["pxeboot_subnet", "'fd05::/64'", "pxeboot_subnet subnet must always be IPv4"]),
    ("aio-sx", {"management_subnet": "fd01::/56"},
     ["management_subnet", "'fd01::/56'", "IPv6 minimum prefix length is 64"]),
    ("aio-sx", {"management_multicast_subnet": "10.1.1.0/28"},
     ["management_multicast_subnet", "10.1.1.0/28", "Invalid multicast subnet"]),
    ("aio-sx", {"cluster_pod_subnet": "fd03::/64"},
     ["cluster_pod_subnet", "'fd03::/64'", "Cluster, oam and mgmt must have same family address type"]),
    ("aio-sx", {"cluster_pod_subnet": "172.16.0.0/16,fd03::/64"},
     ["cluster_pod_subnet", "172.16.0.0/16,fd03::/64",
      "To have dual-stack, cluster networks (pod, host, and service) must have IPv4 and IPv6 subnets defined"]),
    ("aio-sx", {"cluster_pod_subnet": "172.16.0.0/16,fd03::/64", "cluster_host_subnet": "192.168.206.0/24,fd02::/64",
                "cluster_service_subnet": "10.96.0.0/12,fd04::/112"},
     ["external_oam_subnet", "'10.10.10.0/24'",
      "To have dual-stack cluster pod network, OAM must have IPv4 and IPv6 subnets defined"]),
    ("aio-sx", {"management_start_address": "192.168.204.100", "management_end_address": "192.168.204.50"},
     ["management_subnet", "192.168.204.100-192.168.204.50",
      "Failed validation, management start address must be less than or equal to end address."]),
    ("aio-sx", {"external_oam_start_address": "10.10.10.20", "external_oam_end_address": "10.10.10.20"},
     ["external_oam_subnet", "10.10.10.20-10.10.10.20",
      "Failed validation, oam start address must be less than end address."]),
    ("aio-sx", {"cluster_host_start_address": "192.168.207.1", "cluster_host_end_address": "192.168.207.9"},
     ["cluster_host_subnet", "192.168.207.1",
      "Failed validation, cluster_host start or end address must be within its subnet range."]),
    ("aio-sx", {"cluster_pod_subnet": "172.16.0.0/24"},
     ["cluster_pod_subnet", "172.16.0.0/24", "Failed validation, cluster_pod subnet must contain at least 65536 "
                                             "addresses."]),
    ("aio-sx", {"cluster_service_subnet": "10.96.0.0/11"},
     ["cluster_service_subnet", "10.96.0.0/11",
      "Failed validation, cluster_service subnet must not contain more than 1048576 addresses."]),
    ("aio-dx", {"system_mode": "duplex", "management_subnet": "192.168.204.0/30"},
     ["management_subnet", "192.168.204.0/30", "Failed validation, management subnet must contain at least 5 "
                                               "addresses."]),
    ("aio-sx", {"management_subnet": "192.168.204.0/31", "management_start_address": "192.168.204.0",
                "management_end_address": "192.168.204.1"},
     ["management_subnet", "192.168.204.0/31", "Failed validation, management subnet must contain at least 3 "
                                               "addresses."]),
    ("aio-sx", {"cluster_host_start_address": "192.168.206.200", "cluster_host_end_address": "192.168.206.100"},
     ["cluster_host_subnet", "192.168.206.200-192.168.206.100",
      "Failed validation, cluster_host start address must be less than or equal to end address."]),
    ("aio-sx", {"external_oam_floating_address": "10.20.0.2"},
     ["external_oam_floating_address", "'10.20.0.2'", "within external_oam_subnet 10.10.10.0/24"]),
    ("aio-sx", {"external_oam_gateway_address": "fd00::1"},
     ["external_oam_gateway_address", "fd00::1", "IP family does not match on sequence"]),
    ("aio-sx", {"management_floating_address": "192.168.204.200", "management_start_address": "192.168.204.1",
                "management_end_address": "192.168.204.100"},
     ["management_floating_address", "'192.168.204.200'", "within the address range 192.168.204.1-192.168.204.100"]),
    ("aio-sx", {"management_dynamic_address_allocation": "yes"},
     ["management_dynamic_address_allocation", "'yes'", "Valid value is either 'True' or 'False'."]),
    ("aio-sx", {"admin_password": "password"},
     ["admin_password", "'******'", "ADMIN_PASSWORD: Password must have a minimum length of 7 characters"]),
    ("aio-sx", {"admin_password": "Li69nux*'"},
     ["admin_password", "'******'", "excluding ' (single quote) and \" (double quote)"]),
    ("aio-sx", {"docker_registries": {"myregistry.io": {"url": "myregistry.io"}}},
     ["docker_registries", "Unknown registry key: 'myregistry.io'"]),
    ("aio-sx", {"docker_registries": {"docker.io": {"url": "reg.local", "username": "admin"}}},
     ["docker_registries.docker.io", "docker registry username and password must both be specified or not at all"]),
    ("aio-sx", {"docker_registries": {"quay.io": {"url": "reg.local", "type": "harbor"}}},
     ["docker_registries.quay.io.type", "'harbor'", "Registry type for quay.io is not supported."]),
    ("aio-sx", {"docker_registries": {"quay.io": {"url": "reg.local", "secure": "yes"}}},
     ["docker_registries.quay.io.secure", "'yes'", "'secure' parameter of registry quay.io is misconfigured."]),
    ("aio-sx", {"docker_registries": ["docker.io"]}, ["docker_registries", "['docker.io']", "must be a mapping"]),
    ("aio-sx", {"apiserver_oidc": {"client_id": "stx"}},
     ["apiserver_oidc", "{'client_id': 'stx'}", "you must specify all 3"]),
    ("aio-sx", {"calico_mtu": 100}, ["calico_mtu", "100", "Must be an integer between 576 and 9216."]),
    ("standard", {"virtual_system": True},
     ["virtual_system", "True", "Virtual system setting is only supported for All-in-one system"]),
    ("aio-dx", {"system_mode": "duplex", "distributed_cloud_role": "systemcontroller"},
     ["management_start_address", "'derived'", "management_start_address and management_end_address are required "
                                               "for System Controller"]),
    ("aio-dx", {"system_mode": "duplex", "distributed_cloud_role": "systemcontroller",
                "admin_subnet": "192.168.208.0/24", "admin_gateway_address": "192.168.208.1"},
     ["admin_subnet", "'192.168.208.0/24'",
      "Admin network parameters cannot be specified for a system controller host."]),
    ("aio-sx", {"distributed_cloud_role": "subcloud"}, ["region_name", "None", "must be set"]),
    ("aio-sx", {"kernel": "rt"}, ["kernel", "'rt'", "either 'standard' or 'lowlatency'"]),
]


@pytest.mark.parametrize("topology,overrides,expected", INVALID,
                         ids=["%02d-%s" % (i, "-".join(sorted(c[1]))) for i, c in enumerate(INVALID)])
def test_invalid_overrides_name_key_value_and_rule_and_change_nothing(topology, overrides, expected):
    emu = Emulator(topology=topology, fresh=True)
    before = emu.store.dump()
    with pytest.raises(BootstrapError) as exc:
        run_bootstrap(emu, overrides)
    assert exc.value.status == 400
    for fragment in expected:
        assert fragment in str(exc.value), (fragment, str(exc.value))
    assert "password" not in overrides or overrides["admin_password"] not in str(exc.value)
    assert emu.store.dump() == before and not emu.bootstrapped


def test_there_are_at_least_25_invalid_override_sets():
    assert len(INVALID) >= 25


async def test_a_pool_sysinv_refuses_rolls_the_whole_bootstrap_back():
    async with InProcessEmulator(topology="aio-sx", fresh=True) as (emu, api):
        status, before = await api.request("admin", "GET", "/_emulator/state", auth=False)
        status, body = await bootstrap(api, {"management_gateway_address": "192.168.204.1"})  # = the floating one
        assert status == 400 and "management_subnet: sysinv refused address pool management-ipv4" in body["error"]
        status, after = await api.request("admin", "GET", "/_emulator/state", auth=False)

        def objects(dump):
            kept = {scope: {kind: rows for kind, rows in kinds.items() if rows}
                    for scope, kinds in dump["scopes"].items()}
            return {scope: kinds for scope, kinds in kept.items() if kinds}

        assert objects(after) == objects(before) and after["settings"] == before["settings"]
        status, body = await api.request("admin", "GET", "/_emulator/status", auth=False)
        assert body["bootstrapped"] is False and body["listening"] == ["admin"]


async def test_default_bootstrap_creates_the_initial_configuration():
    async with InProcessEmulator(topology="aio-sx", fresh=True) as (emu, api):
        status, summary = await bootstrap(api)
        assert status == 200, summary
        region = summary["region_name"]
        assert len(region) == 32 and int(region, 16) >= 0  # a uuid4 hex string for a standalone system
        assert summary["system"]["name"] == region and summary["system"]["system_type"] == "All-in-one"
        assert summary["address_pools"] == ["management-ipv4", "pxeboot", "oam-ipv4", "multicast-subnet-ipv4",
                                            "cluster-host-subnet-ipv4", "cluster-pod-subnet-ipv4",
                                            "cluster-service-subnet-ipv4"]
        assert summary["networks"] == ["mgmt", "pxeboot", "oam", "multicast", "cluster-host", "cluster-pod",
                                       "cluster-service"]
        body = await api.login()
        regions = {e["region"] for service in body["token"]["catalog"] for e in service["endpoints"]}
        assert regions == {region}
        host = await show(api, "controller-0")
        assert state(host) == ("locked", "disabled", "online")
        assert (host["invprovision"], host["inv_state"], host["subfunctions"]) == (
            "provisioning", "inventoried", "controller,worker")
        assert host["capabilities"]["Personality"] == "Controller-Active"
        status, links = await api.get("sysinv", "/v1/ihosts/controller-0/interface_networks")
        assert sorted((link["ifname"], link["network_type"]) for link in links["interface_networks"]) == [
            ("lo", "cluster-host"), ("lo", "mgmt")]
        status, ifaces = await api.get("sysinv", "/v1/ihosts/controller-0/iinterfaces")
        lo = [i for i in ifaces["iinterfaces"] if i["ifname"] == "lo"][0]
        assert (lo["iftype"], lo["ifclass"], lo["imtu"]) == ("virtual", "platform", 1500)
        assert sorted(i["ifname"] for i in ifaces["iinterfaces"]) == ["enp0s10", "enp0s3", "enp0s8", "enp0s9", "lo"]
        status, pools = await api.get("sysinv", "/v1/addrpools")
        oam = [p for p in pools["addrpools"] if p["name"] == "oam-ipv4"][0]
        assert (oam["floating_address"], oam["gateway_address"], oam["controller0_address"]) == (
            "10.10.10.2", "10.10.10.1", None)  # simplex OAM: floating only
        status, apps = await api.get("sysinv", "/v1/apps")
        status_of = {a["name"]: a["status"] for a in apps["apps"]}
        assert status_of["nginx-ingress-controller"] == status_of["cert-manager"] == "applied"
        status, system = await api.get("sysinv", "/v1/isystems")
        assert system["isystems"][0]["capabilities"]["https_enabled"] is True
        status, body = await bootstrap(api)
        assert status == 409 and body["error"] == ("The bootstrap of host localhost has already been finalized. "
                                                   "Please re-install before attempting to bootstrap it again.")


async def test_custom_dual_stack_duplex_bootstrap_and_admin_password():
    overrides = dict(DUAL, system_mode="duplex", admin_password="Sup3r$ecret", timezone="Europe/Paris",
                     kernel="lowlatency", dns_servers=["10.10.10.53"],
                     external_oam_node_0_address="10.10.10.13,fd00::13",
                     external_oam_node_1_address="10.10.10.14,fd00::14")
    async with InProcessEmulator(topology="aio-dx", fresh=True) as (emu, api):
        status, summary = await bootstrap(api, overrides)
        assert status == 200, summary
        assert {"management-ipv6", "oam-ipv6", "cluster-host-subnet-ipv6", "cluster-pod-subnet-ipv6",
                "cluster-service-subnet-ipv6"} <= set(summary["address_pools"])
        await api.login(password="Sup3r$ecret")
        status, links = await api.get("sysinv", "/v1/network_addresspools")
        assert len(links["network_addresspools"]) == 7 + 5
        status, pools = await api.get("sysinv", "/v1/addrpools")
        oam6 = [p for p in pools["addrpools"] if p["name"] == "oam-ipv6"][0]
        assert (oam6["floating_address"], oam6["controller0_address"], oam6["controller1_address"]) == (
            "fd00::2", "fd00::13", "fd00::14")
        status, system = await api.get("sysinv", "/v1/isystems")
        system = system["isystems"][0]
        assert (system["system_mode"], system["timezone"]) == ("duplex", "Europe/Paris")
        assert (await show(api, "controller-0"))["subfunctions"] == "controller,worker,lowlatency"
        api.token = None
        status, body = await api.request("keystone", "POST", "/v3/auth/tokens", json={"auth": {"identity": {
            "methods": ["password"], "password": {"user": {"name": "admin", "domain": {"name": "Default"},
                                                           "password": "St8rlingXCloud*"}}}}})
        assert status == 401


async def test_distributed_cloud_roles():
    async with InProcessEmulator(topology="standard", fresh=True) as (emu, api):
        status, summary = await bootstrap(api, {"distributed_cloud_role": "systemcontroller",
                                                "management_start_address": "192.168.204.2",
                                                "management_end_address": "192.168.204.50"})
        assert status == 200, summary
        assert summary["region_name"] == "RegionOne" and summary["system"]["system_mode"] == "duplex"
        assert summary["system"]["system_type"] == "Standard"
        assert summary["system"]["distributed_cloud_role"] == "systemcontroller"
    async with InProcessEmulator(topology="aio-sx", fresh=True) as (emu, api):
        status, summary = await bootstrap(api, {
            "distributed_cloud_role": "subcloud", "region_name": "subcloud1",
            "admin_subnet": "192.168.208.0/24", "admin_gateway_address": "192.168.208.1",
            "admin_start_address": "192.168.208.2", "admin_end_address": "192.168.208.50",
            "system_controller_subnet": "192.168.204.0/24", "system_controller_floating_address": "192.168.204.2",
            "system_controller_oam_subnet": "10.10.10.0/24", "system_controller_oam_floating_address": "10.10.10.2",
            "management_subnet": "192.168.101.0/24", "external_oam_subnet": "10.20.0.0/24",
            "external_oam_gateway_address": "10.20.0.1", "external_oam_floating_address": "10.20.0.2"})
        assert status == 200, summary
        assert summary["region_name"] == "subcloud1"
        assert {"admin-ipv4", "system-controller-subnet", "system-controller-oam-subnet"} <= set(
            summary["address_pools"])
        assert {"admin", "system-controller", "system-controller-oam"} <= set(summary["networks"])
        assert {a["name"]: a["status"] for a in summary["applications"]}["oidc-auth-apps"] != "applied"
        await api.login()
        status, system = await api.get("sysinv", "/v1/isystems")
        assert system["isystems"][0]["capabilities"]["region_config"] is True


def test_default_overrides_follow_the_topology():
    assert default_overrides("aio-sx")["system_mode"] == "simplex"
    assert default_overrides("aio-dx")["system_mode"] == "duplex"
    assert default_overrides("standard")["system_mode"] == "duplex"
    assert default_overrides("aio-sx")["admin_password"] == "St8rlingXCloud*"


def test_cli_bootstrap_of_a_state_file(tmp_path, capsys):
    state_file = str(tmp_path / "state.db")
    Emulator(state=state_file, topology="aio-dx", fresh=True).store.close()
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump({"system_mode": "triplex"}))
    assert cli.main(["bootstrap", "--overrides", str(bad), "--state", state_file]) == 1
    assert "Invalid system mode" in capsys.readouterr().err
    assert not Emulator(state=state_file).bootstrapped
    secrets = tmp_path / "secrets.yml"
    secrets.write_text(yaml.safe_dump({"admin_password": "Sup3r$ecret"}))
    good = tmp_path / "localhost.yml"
    good.write_text(yaml.safe_dump({"system_mode": "duplex", "timezone": "UTC"}))
    assert cli.main(["bootstrap", "--secrets", str(secrets), "--overrides", str(good), "--state", state_file]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["system"]["system_mode"] == "duplex" and "Sup3r$ecret" not in json.dumps(summary)
    emu = Emulator(state=state_file)
    assert emu.bootstrapped and emu.scope().first("ihost", hostname="controller-0")["availability"] == "online"
    emu.store.close()


def test_cli_bootstrap_through_the_admin_endpoint(tmp_path, capsys):
    overrides = tmp_path / "localhost.yml"
    overrides.write_text(yaml.safe_dump({"system_mode": "simplex", "dns_servers": ["1.1.1.1"]}))
    with EmulatorProcess(topology="aio-sx", fresh=True) as proc:
        assert cli.main(["bootstrap", "--overrides", str(overrides), "--admin-url", proc.admin_url]) == 0
        summary = json.loads(capsys.readouterr().out)
        token, _ = proc.token()
        status, _, body = http_json("GET", "http://127.0.0.1:%d/v1/isystems" % (6385 + proc.port_offset),
                                    headers={"X-Auth-Token": token})
        assert status == 200 and body["isystems"][0]["region_name"] == summary["region_name"]
        assert cli.main(["bootstrap", "--overrides", str(overrides), "--admin-url", proc.admin_url]) == 1
        assert "has already been finalized" in capsys.readouterr().err


async def test_subnet_without_prefix_is_refused_not_a_crash():
    from stx_emulator.bootstrap import BootstrapError, bootstrap
    from stx_emulator.server import Emulator

    emu = Emulator(fresh=True)
    try:
        with pytest.raises(BootstrapError) as err:
            bootstrap(emu, {"management_subnet": "192.168.206.0"})
        assert err.value.status == 400
        assert "management_subnet" in str(err.value) and "address/prefix" in str(err.value)
        assert not emu.bootstrapped
    finally:
        emu.store.close()
