#!/usr/bin/env python3
"""Generate (or check) tests/sanity/ignore-2.NN.txt.

The collection is Apache-2.0, so validate-modules reports
`missing-gplv3-license` for every module and every other plugin it checks
(inventory, lookup, callback, ...). That is the one ignore that certification
(and ansible-lint's `sanity` rule) accepts, and the only line these files may
hold: one per plugin file, for each supported ansible-core.

Usage: tools/sanity_ignores.py [--check]
"""

import argparse
import sys

from _modules import ROOT, validated_plugin_paths

VERSIONS = ("2.18", "2.19", "2.20")
SANITY_DIR = ROOT / "tests" / "sanity"
RULE = "validate-modules:missing-gplv3-license"


def render():
    lines = ["%s %s\n" % (p.relative_to(ROOT).as_posix(), RULE) for p in validated_plugin_paths()]
    return "".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args(argv)

    expected = render()
    stale = []
    for version in VERSIONS:
        path = SANITY_DIR / ("ignore-%s.txt" % version)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == expected:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT).as_posix())
            continue
        SANITY_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(expected, encoding="utf-8")
        print("wrote %s" % path.relative_to(ROOT))

    extra = sorted(
        p.relative_to(ROOT).as_posix()
        for p in SANITY_DIR.glob("ignore-*.txt")
        if p.name not in {"ignore-%s.txt" % v for v in VERSIONS}
    ) if SANITY_DIR.is_dir() else []
    if extra:
        print("note: unmanaged ignore files: %s" % ", ".join(extra), file=sys.stderr)

    if stale:
        print("out of date: %s; run tools/sanity_ignores.py" % ", ".join(stale), file=sys.stderr)
        return 1
    print("sanity ignore files up to date (%d plugins, ansible-core %s)"
          % (len(validated_plugin_paths()), ", ".join(VERSIONS)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
