"""JSON patches of the resources whose PATCH body is a plain list (``body=[six.text_type]``: ihosts, isystems):
``api/controllers/v1/utils.py:validate_patch`` and the ``jsonpatch`` library (nested paths such as
``/capabilities/x`` included; the conflict reason is raised bare because each resource words it differently).
Bodies typed ``[JsonPatchType]`` (addrpools, interfaces ...) are parsed by apitypes.parse_patch instead.

The CLI (cgtsclient) always sends ``[{"op": "replace", "path": "/field", "value": "<string>"}]``.
"""

import copy
import re

from ...http import ApiError

PATH_PATTERN = re.compile("^/[a-zA-Z0-9-_]+(/[a-zA-Z0-9-_]+)*$")


class PatchConflict(Exception):
    """The patch does not apply to the document (jsonpatch's JsonPatchConflict / JsonPointerException)."""


def validate_patch(patch):
    """sysinv's basic validation: a list of ``{"op", "path"}`` dicts with add/replace/remove on a sane path."""
    if not isinstance(patch, list):
        patch = [patch]
    for p in patch:
        if not isinstance(p, dict) or any(key for key in ("path", "op") if key not in p):
            raise ApiError(400, "Invalid patch format: %s" % str(p))
        path, op = p["path"], p["op"]
        if op not in ("add", "replace", "remove"):
            raise ApiError(400, "Operation not supported: %s" % op)
        if not isinstance(path, str) or not PATH_PATTERN.match(path):
            raise ApiError(400, "Invalid path: %s" % path)
        if op == "add" and path.count("/") == 1:
            raise ApiError(400, "Adding an additional attribute (%s) to the resource is not allowed" % path)
    return patch


def apply_patch(doc, patch):
    """A patched deep copy of ``doc`` (RFC 6902 add/replace/remove on dict paths, like jsonpatch)."""
    out = copy.deepcopy(doc)
    for p in patch:
        parts = [part.replace("~1", "/").replace("~0", "~") for part in p["path"].split("/")[1:]]
        target = out
        for part in parts[:-1]:
            if not isinstance(target, dict) or part not in target:
                raise PatchConflict("member '%s' not found in %s" % (part, target))
            target = target[part]
        last = parts[-1]
        if not isinstance(target, dict):
            raise PatchConflict("can't %s '%s' in a non-object" % (p["op"], last))
        if p["op"] == "add":
            target[last] = p.get("value")
        elif p["op"] == "replace":
            if last not in target:
                raise PatchConflict("can't replace a non-existent object '%s'" % last)
            target[last] = p.get("value")
        elif p["op"] == "remove":
            if last not in target:
                raise PatchConflict("can't remove a non-existent object '%s'" % last)
            del target[last]
    return out


def patch_updates(patch):
    """``{attribute: value}`` of a patch (sysinv's ``_get_updates``)."""
    updates = {}
    for p in patch:
        attribute = p["path"] if p["path"][0] != "/" else p["path"][1:]
        updates[attribute] = p.get("value")
    return updates
