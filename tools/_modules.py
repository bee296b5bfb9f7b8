"""Shared helpers for the tools/ scripts: locate the collection and list its modules.

Modules are discovered from plugins/modules/*.py without importing them: the
DOCUMENTATION string is read with ``ast`` and parsed as YAML.
"""

import ast
import pathlib

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
MODULES_DIR = ROOT / "plugins" / "modules"

# A module belongs to the `platform` action group when its documentation
# extends this fragment, i.e. when it talks to a StarlingX API and therefore
# takes the shared auth options that `module_defaults` should set once.
AUTH_FRAGMENT = "starlingx.platform.auth"


# plugin directories that ansible-test's validate-modules checks (ansible-core's
# DOCUMENTABLE_PLUGINS minus the multi-file filter/test plugins)
VALIDATED_PLUGIN_DIRS = ("modules", "become", "cache", "callback", "cliconf", "connection", "httpapi",
                         "inventory", "lookup", "netconf", "shell", "strategy", "vars")


def validated_plugin_paths():
    """Every plugin file validate-modules checks, sorted by path."""
    paths = []
    for name in VALIDATED_PLUGIN_DIRS:
        directory = ROOT / "plugins" / name
        if directory.is_dir():
            paths.extend(p for p in directory.glob("*.py") if not p.name.startswith("_"))
    return sorted(paths)


def module_paths():
    """Return the sorted module files (no __init__.py, no private _helpers)."""
    if not MODULES_DIR.is_dir():
        return []
    return sorted(p for p in MODULES_DIR.glob("*.py") if not p.name.startswith("_"))


def read_documentation(path):
    """Return the parsed DOCUMENTATION of a module file, or {} if it has none."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "DOCUMENTATION" for t in node.targets
        ):
            value = ast.literal_eval(node.value)
            try:
                return yaml.safe_load(value) or {}
            except yaml.YAMLError as exc:
                raise SystemExit("%s: DOCUMENTATION is not valid YAML: %s"
                                 % (path.relative_to(ROOT), str(exc).replace("\n", " "))) from exc
    return {}


def doc_fragments(path):
    """Return the list of doc fragments a module extends."""
    fragments = read_documentation(path).get("extends_documentation_fragment") or []
    if isinstance(fragments, str):
        fragments = [fragments]
    return list(fragments)


def api_modules():
    """Return (api_module_names, other_module_names) sorted by name."""
    api, other = [], []
    for path in module_paths():
        (api if AUTH_FRAGMENT in doc_fragments(path) else other).append(path.stem)
    return api, other
