"""sysinv platform networking: address pools, networks, network address pools, interfaces, interface networks
and the legacy iextoam view. ``add_routes(app, service)`` registers every resource module.

Internal API (for bootstrap and provisioning; each validates exactly like the REST API and raises ApiError):

``create_pool(scope, **fields) -> addrpool``
    fields as ``POST /v1/addrpools``: name, network, prefix, order, ranges, floating_address,
    controller0_address, controller1_address, gateway_address.
``create_network(scope, type, name, pool_uuid, dynamic=True) -> network``
    ``POST /v1/networks``; links the primary pool and populates its addresses.
``assign_secondary_pool(scope, network, pool) -> network_addrpool``
    ``POST /v1/network_addresspools`` (network/pool: stored objects or uuids).
``create_interface(scope, host, **fields) -> iinterface``
    ``POST /v1/iinterfaces`` (vlan, ae, virtual ``lo``); with ``port=<name|uuid|ethernet_port>`` and
    ``iftype="ethernet"`` the inventory's ethernet interface of a NIC (no API checks).
``assign_interface_network(scope, interface, network) -> interface_network``
    ``POST /v1/interface_networks`` (interface/network: stored objects or uuids).
``pool_addresses(scope, pool) -> [address]``
    the ``address`` rows of a pool (name ``{hostname}-{networktype}``, e.g. ``controller-mgmt``,
    ``controller-0-mgmt``, ``controller-gateway-mgmt``; ``interface_id`` when assigned).

Also used by hosts.py/provision.py: ``update_interface(scope, iface, patch)`` (PATCH logic),
``delete_assignment(scope, interface_network)`` (interface-network-remove), ``destroy_interface`` (host delete
cascade), ``allocate_host_addresses(scope, host)`` (conductor configure_ihost), ``release_host_addresses``
(host delete).

Helpers other modules use: ``netstate.host_mgmt_ip(scope, host)`` (what ihost.mgmt_ip shows),
``hostconfig.apply_on_unlock(scope, host)`` (config applied + mgmt reconfiguration flag cleared at unlock),
``interfaces.destroy_interface`` (cascade when a host is deleted), ``netstate.initial_config_complete``.
"""

from . import addresspools, interface_networks, interfaces, networks, oam
from .addresspools import create_pool
from .interface_networks import assign_interface_network, delete_assignment
from .interfaces import create_interface, destroy_interface, update_interface
from .netstate import allocate_host_addresses, pool_addresses, release_host_addresses
from .networks import assign_secondary_pool, create_network

RESOURCE_MODULES = (addresspools, networks, interfaces, interface_networks, oam)


def add_routes(app, service):
    for module in RESOURCE_MODULES:
        module.add_routes(app, service)


def delete_host_networking(scope, host):
    """Remove a host's interfaces (and their network assignments); its pool addresses are released."""
    for iface in sorted(scope.all("iinterface", forihostid=host["id"]), key=lambda i: -len(i.get("uses") or [])):
        interfaces.destroy_interface(scope, iface)


__all__ = ["add_routes", "create_pool", "create_network", "assign_secondary_pool", "create_interface",
           "assign_interface_network", "pool_addresses", "delete_host_networking", "update_interface",
           "destroy_interface", "delete_assignment", "allocate_host_addresses", "release_host_addresses"]
