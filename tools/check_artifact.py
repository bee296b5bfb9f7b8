#!/usr/bin/env python3
"""Check a built collection artifact: nothing development-only inside.

Usage: tools/check_artifact.py build/starlingx-platform-X.Y.Z.tar.gz
Exit 1 when a forbidden path is packed (galaxy build ignores .gitignore, so a
missing build_ignore entry shows up here), or when required files are missing.
"""

import json
import sys
import tarfile

FORBIDDEN = ("tests", "emulator", "extensions", "collections", "bench", "tools",
             "build", ".ci", ".ansible", ".venv", ".git", "Makefile", "requirements-dev.txt")
REQUIRED = ("MANIFEST.json", "FILES.json", "README.md", "meta/runtime.yml")


def main(path):
    with tarfile.open(path) as tar:
        members = {(m.name[2:] if m.name.startswith("./") else m.name): m for m in tar.getmembers()}
        names = [n for n in members if n not in ("", ".")]
        files = json.load(tar.extractfile(members["FILES.json"]))["files"] if "FILES.json" in members else []
    bad = sorted(n for n in names
                 if n.split("/")[0] in FORBIDDEN or n.split("/")[0].startswith(".venv")
                 or n.endswith((".pyc", ".sqlite", ".tar.gz")))
    missing = [r for r in REQUIRED if r not in names]
    for name in bad:
        print("forbidden in artifact: %s" % name)
    for name in missing:
        print("missing from artifact: %s" % name)
    print("%s: %d entries (%d files)%s" % (
        path, len(names), sum(1 for f in files if f["ftype"] == "file"),
        "" if bad or missing else ", no development-only content"))
    return 1 if bad or missing else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
