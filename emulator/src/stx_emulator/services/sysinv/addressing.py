"""Pure IP address and subnet checks of sysinv, with its exact error texts (netaddr only, no state).

Sources: starlingx/config sysinv/api/controllers/v1/utils.py (is_valid_subnet, is_valid_address_within_subnet,
is_valid_address_within_range), v1/address_pool.py (_check_valid_range, _make_default_range) and
common/exception.py (AddressPoolRange* are Conflict, 409).
"""

import random

import netaddr

from ...http import ApiError

IPV4 = 4
IPV6 = 6
IP_FAMILIES = {IPV4: "IPv4", IPV6: "IPv6"}
SEQUENTIAL = "sequential"
RANDOM = "random"
ALLOCATION_ORDERS = (SEQUENTIAL, RANDOM)


def family_name(version):
    return IP_FAMILIES[version]


def subnet_of(network, prefix):
    """``netaddr.IPNetwork(network + "/" + str(prefix))``; a malformed value is a 500, as in sysinv."""
    try:
        return netaddr.IPNetwork("%s/%s" % (network, prefix))
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise ApiError(500, str(exc))


def ip(value):
    """``netaddr.IPAddress(value)``; malformed input is a 500 like the unguarded calls in sysinv."""
    try:
        return netaddr.IPAddress(value)
    except (netaddr.AddrFormatError, ValueError, TypeError) as exc:
        raise ApiError(500, str(exc))


def check_valid_subnet(subnet, ip_version=None):
    """v1/utils.py is_valid_subnet: 400 for a family mismatch, fewer than 4 addresses or host bits set."""
    min_hosts = 4
    ipv4_min_prefix = 32 - min_hosts.bit_length() + 1
    ipv6_min_prefix = 128 - min_hosts.bit_length() + 1
    if ip_version is not None and subnet.version != ip_version:
        raise ApiError(400, "Invalid IP version %s %s. Please configure valid %s subnet"
                       % (subnet.version, subnet, family_name(ip_version)))
    if subnet.size < min_hosts:
        max_prefix = ipv4_min_prefix if subnet.version == IPV4 else ipv6_min_prefix
        raise ApiError(400, "Invalid subnet size %s with %s. Please configure at least size /%d subnet"
                       % (subnet.size, subnet, max_prefix))
    if subnet.ip != subnet.network:
        if ip_version is None:  # ip_version_to_string(None) raises KeyError in sysinv
            raise ApiError(500, "None")
        raise ApiError(400, "Invalid network address %s.Network address of subnet is %s. Please configure valid "
                       "%s subnet." % (subnet.ip, subnet.network, family_name(ip_version)))


def check_address_within_subnet(address, subnet):
    """v1/utils.py is_valid_address_within_subnet (400)."""
    family = family_name(subnet.version)
    if address.version != subnet.version:
        raise ApiError(400, "Invalid IP version %s: %s. Please configure valid %s address for subnet %s."
                       % (address.version, address, family, subnet))
    if address == subnet.network:
        raise ApiError(400, "Invalid IP address: %s. Cannot use network address: %s. Please configure valid %s "
                       "address." % (address, subnet.network, family))
    if address.version == IPV4 and address == subnet.broadcast:
        raise ApiError(400, "Cannot use broadcast address: %s. Please configure valid %s address."
                       % (subnet.broadcast, family))
    if address not in subnet:
        raise ApiError(400, "IP Address %s is not in subnet: %s. Please configure valid %s address."
                       % (address, subnet, family))


def check_address_within_ranges(address, ranges):
    """v1/utils.py is_valid_address_within_range.

    Quirk kept on purpose: the address must lie in *every* range, so with two or more ranges every
    floating/controller address is refused.
    """
    for start, end in ranges:
        if not ip(start) <= address <= ip(end):
            raise ApiError(400, "IP Address %s is not in range: %s-%s. Please configure valid %s address."
                           % (address, start, end, family_name(address.version)))


def check_valid_ranges(ranges, subnet):
    """v1/address_pool.py _check_valid_ranges/_check_valid_range (409 Conflict texts)."""
    taken = netaddr.IPSet()
    for entry in ranges:
        try:
            start, end = entry
        except (TypeError, ValueError) as exc:  # an unguarded unpack in sysinv: a 500
            raise ApiError(500, str(exc))
        start_address, end_address = ip(start), ip(end)
        if start_address.version != end_address.version or start_address.version != subnet.version:
            raise ApiError(409, "Address pool range IP version must match network IP version")
        if start_address not in subnet:
            raise ApiError(409, "Range start address %s is not within network %s" % (start, subnet))
        if end_address not in subnet:
            raise ApiError(409, "Range end address %s is not within network %s" % (end, subnet))
        if start_address > end_address:
            raise ApiError(409, "Invalid range: start address %s must be less than end address %s"
                           % (start_address, end_address))
        if start_address == subnet.network:
            raise ApiError(409, "Address pool range cannot include network address: %s" % start_address)
        if end_address.version == IPV4 and end_address == subnet.broadcast:
            raise ApiError(409, "Address pool range cannot include broadcast address: %s" % end_address)
        if (taken & netaddr.IPSet(netaddr.IPRange(start, end))).size:
            raise ApiError(409, "Addresses from %s-%s already contained in range" % (start, end))
        taken.update(netaddr.IPRange(start, end))


def default_range(network, prefix):
    """v1/address_pool.py _make_default_range: ``[net+1, last-1]``; 409 below four addresses."""
    ipset = netaddr.IPSet([subnet_of(network, prefix)])
    if ipset.size < 4:
        raise ApiError(409, "Address pool network prefix must be at least /30")
    iprange = ipset.iprange()
    return [[str(iprange[1]), str(iprange[-2])]]


def sort_ranges(ranges):
    return sorted(ranges, key=lambda r: netaddr.IPAddress(r[0]))


def ranges_ipset(ranges):
    ipset = netaddr.IPSet()
    for start, end in ranges:
        ipset.update(netaddr.IPRange(start, end))
    return ipset


def select_address(ranges, in_use, order, seed=None):
    """common/address_pool.py get_next_available_ip_address + _select_address; None when exhausted.

    ``random`` order picks pseudo-randomly but reproducibly (seeded from the pool and its usage) so a state
    replays the same way.
    """
    available = ranges_ipset(ranges) - netaddr.IPSet(in_use)
    if available.size == 0:
        return None
    if order == SEQUENTIAL:
        return str(next(available.iter_ipranges())[0])
    index = random.Random(seed).randint(0, available.size - 1)
    for block in available.iter_ipranges():
        if index < block.size:
            return str(block[index])
        index -= block.size
    return None  # pragma: no cover


def normalise(address):
    """How sysinv stores an address string (``str(IPAddress(...))``, lower case)."""
    return str(netaddr.IPAddress(address)).lower()


def overlaps(network_a, prefix_a, network_b, prefix_b):
    a = netaddr.IPSet([subnet_of(network_a, prefix_a)])
    b = netaddr.IPSet([subnet_of(network_b, prefix_b)])
    return bool((a & b).size)
