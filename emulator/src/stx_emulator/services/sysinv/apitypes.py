"""Request parsing the way sysinv's WSME layer does it: body attribute types, path UUIDs, JSON-patch lists.

sysinv declares each resource as a ``wsme.types.Base`` class and each PATCH body as a list of
``JsonPatchType`` (api/controllers/v1/types.py). WSME (wsme/rest/json.py, wsme/types.py, wsme/rest/args.py)
turns type problems into 400 ``InvalidInput``/``UnknownAttribute`` errors with fixed texts; those texts are
reproduced here so clients see the same faultstrings.

Field types: ``text``, ``int``, ``bool``, ``uuid``, ``ip`` (types.ipaddress), ``mac``, ``list`` (any list),
``ranges`` (MultiType([[list]])), ``text_list`` ([wtypes.text]), ``dict``, ``any``.

Every handler declares the arguments of the real controller method it stands for with :func:`wsexpose`; the
query string (and, for methods without a body argument, the JSON body) is checked against that declaration as
wsme does before the method runs, so an argument the real method does not declare is refused there too
(``GET /v1/apps?limit=2000`` -> 400 ``Unknown argument: "limit"``).

Differences from the real service (argument checks)
- Several unknown arguments are named in the order they were sent; wsme joins a set (the order varies).
- Path arguments are not converted before the query check: handlers validate them afterwards (``path_uuid``),
  and some accept more than the real type does (a hostname or id where the real sub-collection's parent
  argument is ``types.uuid``, e.g. ``/v1/ihosts/controller-0/ethernet_ports`` and ``.../idisks``, which real
  sysinv refuses with "Invalid input for field/attribute uuid. ... unable to convert to uuid ...").
- The body's content type is not checked (wsme answers 415 "Unknown mimetype: ..." to a body that is neither
  JSON nor XML), form-encoded bodies are not read as arguments, and ``arg.attribute`` / ``arg[i]`` query
  names for complex arguments are not supported (they are unknown arguments here).
"""

import functools
import json
import re
import uuid as uuidlib

import netaddr
from aiohttp import web

from ...http import ApiError, json_response

ENUM_TRUE = ("true", "t", "yes", "y", "on", "1")
ENUM_FALSE = ("false", "f", "no", "n", "off", "0")
PATCH_PATH = re.compile(r"^(/[\w-]+)+$")
# JsonPatchType.internal_attrs() (api/controllers/v1/types.py)
INTERNAL_ATTRS = ("/created_at", "/id", "/links", "/updated_at", "/uuid")
MAC_RE = re.compile(r"^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$")


class Unset:
    """WSME's Unset: what a handler sees for an attribute the client did not send."""

    def __repr__(self):
        return "Unset"

    __str__ = __repr__

    def __bool__(self):
        return False


UNSET = Unset()


def invalid_input(field, value, msg):
    """wsme.exc.InvalidInput."""
    return ApiError(400, "Invalid input for field/attribute %s. Value: '%s'. %s" % (field, value, msg))


def is_uuid_like(value):
    try:
        return str(uuidlib.UUID(str(value))) == str(value).lower()
    except (TypeError, ValueError, AttributeError):
        return False


def is_valid_ip(value):
    """sysinv.common.utils.is_valid_ip (netaddr.valid_ipv4 / valid_ipv6)."""
    try:
        return netaddr.valid_ipv4(value) or netaddr.valid_ipv6(value)
    except Exception:  # noqa: BLE001 - netaddr raises various types for odd input
        return False


def _wrong_type(expected, value):
    return "Wrong type. Expected '%s', got '%s'" % (expected, type(value))


def convert(kind, field, value, argname, body):
    """One attribute, as wsme.rest.json.fromjson + wsattr.__set__ would convert it."""
    if value is None:
        return None
    if kind == "any":
        return value
    if kind == "text":
        if not isinstance(value, str):
            raise invalid_input(field, value, _wrong_type(str, value))
        return value
    if kind == "int":
        if isinstance(value, (str, bytes)):
            try:
                value = int(value)
            except ValueError:
                raise invalid_input(field, value, _wrong_type(int, value))
        if not isinstance(value, int):
            raise invalid_input(field, value, _wrong_type(int, value))
        return value
    if kind == "bool":
        if isinstance(value, (int, bool)):
            return bool(value)
        if value in ENUM_TRUE:
            return True
        if value in ENUM_FALSE:
            return False
        # bool_fromjson's ValueError is caught by wsme.rest.json.parse for the whole body argument
        raise invalid_input(argname, body, "Value not an unambiguous boolean: %s" % value)
    if kind == "uuid":
        if not is_uuid_like(value):
            raise ApiError(400, "Expected a uuid but received %s." % value)
        return value
    if kind == "ip":
        if not is_valid_ip(value):
            raise ApiError(400, "Expected an IPv4 or IPv6 address but received %s." % value)
        return value
    if kind == "mac":
        if not isinstance(value, str) or not MAC_RE.match(value):
            raise ApiError(400, "Expected a MAC address but received %s." % value)
        return value.lower().replace("-", ":")
    if kind == "ranges":  # types.MultiType([[list]])
        if isinstance(value, list) and all(isinstance(v, list) for v in value):
            return value
        raise invalid_input(field, value, _wrong_type([[list]], value))
    if kind == "text_list":
        if not isinstance(value, list):
            raise invalid_input(argname, body, "Value not a valid list: %s" % value)
        for item in value:
            if not isinstance(item, str):
                raise invalid_input(field, value, _wrong_type(str, item))
        return value
    if kind == "list":
        if not isinstance(value, list):
            raise invalid_input(argname, body, "Value not a valid list: %s" % value)
        return value
    if kind == "dict":
        if not isinstance(value, dict):
            raise invalid_input(argname, body, "Value not a valid dict: %s" % value)
        return value
    raise ValueError("unknown attribute kind %s" % kind)


def parse_body(body, schema, argname):
    """A POST body for a WSME complex type: ``{field: value}`` with the attributes that were sent.

    ``schema`` maps every attribute the real API type declares to its kind. Attributes not declared give
    ``Unknown attribute for argument <argname>: <names>`` (wsme.exc.UnknownAttribute).
    """
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise ApiError(400, "Invalid input for field/attribute %s. Value: '%s'. " % (argname, body))
    unknown = sorted(set(body) - set(schema))
    if unknown:
        word = "attributes" if len(unknown) > 1 else "attribute"
        raise ApiError(400, "Unknown %s for argument %s: %s" % (word, argname, ", ".join(unknown)))
    return {k: convert(schema[k], k, v, argname, body) for k, v in body.items()}


def path_uuid(value, argname):
    """A path argument declared ``types.uuid`` (wsme.rest.args.args_from_args)."""
    if not is_uuid_like(value):
        raise invalid_input(argname, value, "unable to convert to uuid. Error: Expected a uuid but received %s."
                            % value)
    return value


def parse_patch(body, value_kind="value"):
    """A ``[JsonPatchType]`` body, validated as types.JsonPatchType.validate does.

    Returns ``[{"op", "path", "value"?}]``. ``value_kind`` is the value type: ``value``
    (ValidTypes(text, int, float)) or ``text_or_lists`` (MultiType([text, [list]]), address pools).
    """
    if not isinstance(body, list):
        raise invalid_input("patch", body, "Value not a valid list: %s" % body)
    ops = []
    for item in body:
        if not isinstance(item, dict):
            raise invalid_input("patch", body, "Value not a valid dict: %s" % item)
        unknown = sorted(set(item) - {"op", "path", "value"})
        if unknown:
            word = "attributes" if len(unknown) > 1 else "attribute"
            raise ApiError(400, "Unknown %s for argument patch: %s" % (word, ", ".join(unknown)))
        path = item.get("path")
        if path is None:
            raise invalid_input("path", None, "Mandatory field missing.")
        if not isinstance(path, str):
            raise invalid_input("path", path, "Value should be string")
        if not PATCH_PATH.match(path):
            raise invalid_input("path", path, "Value should match the pattern %s" % PATCH_PATH.pattern)
        op = item.get("op")
        if op is None:
            raise invalid_input("op", None, "Mandatory field missing.")
        if op not in ("add", "replace", "remove"):  # wsme joins a set here: the real order varies per process
            raise invalid_input("op", op, "Value should be one of: add, replace, remove")
        value = item.get("value")
        if value is not None:
            if value_kind == "text_or_lists":
                ok = isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, list) for v in value))
                expected = [str, [list]]
            else:
                ok = isinstance(value, (str, int, float))
                expected = (str, int, float)
            if not ok:
                raise invalid_input("value", value, _wrong_type(expected, value))
        # JsonPatchType.validate
        if path in INTERNAL_ATTRS:
            raise ApiError(400, "'%s' is an internal attribute and can not be updated" % path)
        if op == "add" and path.count("/") == 1:
            raise ApiError(400, "Adding a new attribute (%s) to the root of  the resource is not allowed" % path)
        if op != "remove" and value is None:
            raise ApiError(400, "Edit and Add operation of the field requires non-empty value.")
        entry = {"op": op, "path": path}
        if value is not None:
            entry["value"] = value
        ops.append(entry)
    return ops


def apply_patch(doc, ops):
    """jsonpatch.apply_patch for flat documents; errors as sysinv's PatchError (400)."""
    result = dict(doc)
    for op in ops:
        key = op["path"].lstrip("/")
        if "/" in key:
            raise patch_error(ops, "nested paths are not supported by the emulator")
        if op["op"] == "replace":
            if key not in result:
                raise patch_error(ops, "can't replace a non-existent object '%s'" % key)
            result[key] = op.get("value")
        elif op["op"] == "add":
            result[key] = op.get("value")
        else:
            if key not in result:
                raise patch_error(ops, "can't remove a non-existent object '%s'" % key)
            del result[key]
    return result


def patch_error(ops, reason):
    """exception.PatchError: "Couldn't apply patch '%(patch)s'. Reason: %(reason)s"."""
    return ApiError(400, "Couldn't apply patch '%s'. Reason: %s" % (ops, reason))


def no_content():
    """DELETE answers 204 with an empty body (wsexpose status_code=204)."""
    return web.Response(status=204)


async def method_not_allowed(request):
    """pecan's 405 for a method the RestController lacks, as sysinv's ParsableErrorMiddleware renders a webob
    error: only a faultstring, taken from the explanation line of the HTML body."""
    fault = "The method %s is not allowed for this resource." % request.method
    return json_response({"error_message": json.dumps({"faultstring": fault})}, status=405)


# -- controller method arguments (wsmeext/pecan.py wsexpose -> wsme/rest/args.py get_args) ---------------------
PAGING = ("marker:uuid", "limit:int", "sort_key", "sort_dir")  # the tail of most get_all signatures
ARGUMENT_KINDS = ("text", "int", "uuid")  # wtypes.text / six.text_type, int, types.uuid (wsme datatype names)


class Signature:
    """The declared arguments of one real controller method: ``[(name, kind)]`` in order and the body argument."""

    def __init__(self, arguments, body=None):
        self.arguments = []
        for spec in arguments:
            name, _, kind = spec.partition(":")
            kind = kind or "text"
            if kind not in ARGUMENT_KINDS:
                raise ValueError("unknown argument type %s" % kind)
            self.arguments.append((name, kind))
        self.body = body
        self.names = [name for name, _ in self.arguments] + ([body] if body else [])


def unknown_argument(names):
    """wsme.exc.UnknownArgument (wsme joins a set of names: their real order varies)."""
    return ApiError(400, 'Unknown argument: "%s"' % ", ".join(names))


def _convert_argument(name, kind, value):
    """wsme.rest.args.args_from_args: a query value for a typed argument (pecan passes it positionally)."""
    if kind == "int":
        try:
            return int(value)
        except ValueError as exc:
            error = exc
    elif kind == "uuid":
        if is_uuid_like(value):
            return value
        error = "Expected a uuid but received %s." % value  # types.UUIDType -> exception.InvalidUUID
    else:
        return value
    raise invalid_input(name, value, "unable to convert to %s. Error: %s" % (kind, error))


async def check_arguments(request, signature):
    """The query string (and the JSON body of a method without body argument) against ``signature``, in wsme's
    order (wsme/rest/args.py ``get_args``, wsme/rest/json.py ``parse``, wsme/exc.py; the same from WSME 0.9 to
    0.13, Debian ships 0.11); returns the arguments the method would receive by name.

    1. ``args_from_args``: a value of a typed query argument that does not convert -> ``InvalidInput``
       ("Invalid input for field/attribute limit. Value: 'x'. unable to convert to int. Error: ...").
    2. ``args_from_params``: a query argument the method does not declare -> ``Unknown argument: "name"``.
    3. ``args_from_body`` (no ``body=`` argument, non-empty body): the JSON object's keys are arguments too
       ("Request is not in valid JSON format", "Request must be a JSON dict", ``Unknown argument``).
    4. ``combine_args``: an argument in both the query and the body -> "Parameter X was given several times".

    Path arguments are the first declared ones (pecan's positional arguments); handlers validate their values
    (``path_uuid``). A query or body argument of the same name overrides them, as in wsme.
    """
    names = signature.names
    path = list(request.match_info.values())
    arguments = {name: value for (name, _kind), value in zip(signature.arguments, path)}
    query = request.query
    converted = {}
    for name, kind in signature.arguments[len(path):]:
        if name in query:
            converted[name] = _convert_argument(name, kind, query[name])
    unknown = [key for key in dict.fromkeys(query) if key not in names and key != "__body__"]
    if unknown:
        raise unknown_argument(unknown)
    given = {key: converted.get(key, query[key]) for key in dict.fromkeys(query) if key != "__body__"}
    if signature.body is None:
        raw = await request.read()
        if raw:
            try:
                data = json.loads(raw)
            except ValueError:
                raise ApiError(400, "Request is not in valid JSON format")
            if not isinstance(data, dict):
                raise ApiError(400, "Request must be a JSON dict")
            extra = [key for key in data if key not in names]
            if extra:
                raise unknown_argument(extra)
            for key, value in data.items():
                if key in given:
                    raise ApiError(400, "Parameter %s was given several times" % key)
                given[key] = value
    arguments.update(given)
    return arguments


def wsexpose(*arguments, body=None):
    """Declare the arguments of the real controller method a handler stands for, as its
    ``@wsme_pecan.wsexpose`` does: ``arguments`` are the method's arguments after ``self`` in order, ``"name"``
    (text), ``"name:int"`` or ``"name:uuid"`` (``types.uuid``); ``body`` names the body argument of a method
    declared with ``body=``. The handler runs after :func:`check_arguments`; ``request["arguments"]`` holds what
    the method would receive by name (path, query and body arguments; values as sent, typed ones converted).
    The wrapped handler keeps the declaration in ``.signature``.
    """
    signature = Signature(arguments, body)

    def decorate(handler):
        @functools.wraps(handler)
        async def checked(*args):
            request = args[-1]  # handlers are f(request) or methods m(self, request)
            request["arguments"] = await check_arguments(request, signature)
            return await handler(*args)

        checked.signature = signature
        return checked

    return decorate
