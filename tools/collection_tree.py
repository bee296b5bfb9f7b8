#!/usr/bin/env python3
"""Mirror the collection into build/ansible_collections/starlingx/platform.

ansible-test only runs inside `.../ansible_collections/<namespace>/<name>`,
and this repository's root *is* the collection. This script keeps a copy
there, in sync with the working tree:

* Files: what git lists (tracked + untracked, minus .gitignore; a plain
  directory walk outside git), minus galaxy.yml `build_ignore`, except that
  `tests/` is kept (sanity ignores, unit and integration tests) while its
  `tests/output/` is not. So ansible-test sees exactly the shipped content
  plus tests: no emulator/, bench/, tools/, extensions/, venvs.
* Sync: only changed files are copied (size + mtime), stale ones removed;
  a warm run takes under 0.1 s. The copy's own `tests/output/` is kept.
* The copy gets an empty `git init` (with tests/output/ in .git/info/exclude):
  build/ lies inside this repository and is git-ignored, so without a `.git`
  of its own ansible-test would find the outer repository and list no files.

Why a copy and not a symlink (tried): ansible-test takes os.getcwd(), the
physical path, so from a symlinked `ansible_collections/starlingx/platform`
it sees the repository root and stops with 'No "ansible_collections" parent
directory was found' (setting ANSIBLE_TEST_CONTENT_ROOT does not help: its
delegation resets it to the physical path). Even where it worked, the outer
repository's git listing would have it lint emulator/, tools/ and bench/.

Usage: tools/collection_tree.py [--dest DIR] [--quiet]   (prints the path)
"""

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DEST = os.path.join(ROOT, "build", "ansible_collections")
# kept in the test tree although not shipped
KEEP_FOR_TESTS = {"tests"}
# never copied, whatever galaxy.yml says
ALWAYS_EXCLUDE = ("tests/output", "tests/output/*", "build", "build/*", ".git", ".git/*")
# what ansible-test must not see in the copy (written to .git/info/exclude)
GIT_EXCLUDE = ("/tests/output/", "__pycache__/", "*.pyc", ".pytest_cache/")
# never deleted from the copy
PRESERVE = ("tests/output", ".git")


def galaxy():
    with open(os.path.join(ROOT, "galaxy.yml"), encoding="utf-8") as f:
        return yaml.safe_load(f)


def source_files():
    """Relative paths of the working-tree files (git view when available)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, check=True, capture_output=True,
        ).stdout.decode("utf-8")
        paths = [p for p in out.split("\0") if p]
    except (OSError, subprocess.CalledProcessError):
        paths = []
        for root, dirs, files in os.walk(ROOT):
            dirs[:] = [d for d in dirs if d not in (".git", "__pycache__")]
            rel = os.path.relpath(root, ROOT)
            paths.extend(os.path.normpath(os.path.join(rel, f)) for f in files)
    # skip deleted-but-tracked files and directories (git lists submodules/symlinks)
    return sorted(p for p in paths if os.path.isfile(os.path.join(ROOT, p)) or os.path.islink(os.path.join(ROOT, p)))


def excluded(rel, patterns):
    """galaxy-style matching: a pattern matches the path or any parent dir."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatch(prefix, pat) for prefix in prefixes for pat in patterns)


def wanted_files():
    patterns = [p for p in (galaxy().get("build_ignore") or []) if p not in KEEP_FOR_TESTS]
    patterns.extend(ALWAYS_EXCLUDE)
    return [p for p in source_files() if not p.endswith(".pyc") and not excluded(p, patterns)]


def same(src, dst):
    try:
        a, b = os.lstat(src), os.lstat(dst)
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime) and a.st_mode == b.st_mode


def sync(dest_root):
    info = galaxy()
    dest = os.path.join(dest_root, info["namespace"], info["name"])
    os.makedirs(dest, exist_ok=True)
    files = wanted_files()
    copied = 0
    for rel in files:
        src, dst = os.path.join(ROOT, rel), os.path.join(dest, rel)
        if os.path.islink(src):
            target = os.readlink(src)
            if os.path.islink(dst) and os.readlink(dst) == target:
                continue
            if os.path.lexists(dst):
                os.remove(dst)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            os.symlink(target, dst)
            copied += 1
            continue
        if same(src, dst):
            continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if os.path.isdir(dst) and not os.path.islink(dst):
            shutil.rmtree(dst)
        elif os.path.islink(dst):
            os.remove(dst)
        shutil.copy2(src, dst)
        copied += 1

    keep = set(files)
    removed = 0
    for root, dirs, names in os.walk(dest, topdown=True):
        rel_root = os.path.relpath(root, dest)
        rel_root = "" if rel_root == "." else rel_root
        dirs[:] = [d for d in dirs if os.path.join(rel_root, d) not in PRESERVE]
        for name in names:
            rel = os.path.join(rel_root, name)
            if rel not in keep:
                os.remove(os.path.join(root, name))
                removed += 1
    # prune empty directories (bottom-up), never the preserved ones
    for root, dirs, names in os.walk(dest, topdown=False):
        rel_root = os.path.relpath(root, dest)
        if rel_root != "." and not any(rel_root == p or rel_root.startswith(p + "/") for p in PRESERVE):
            if not os.listdir(root):
                os.rmdir(root)

    if not os.path.isdir(os.path.join(dest, ".git")):
        subprocess.run(["git", "init", "-q", dest], check=True)
    # .gitignore is not shipped (build_ignore), so ignore test output here
    exclude = os.path.join(dest, ".git", "info", "exclude")
    os.makedirs(os.path.dirname(exclude), exist_ok=True)
    with open(exclude, "w", encoding="utf-8") as f:
        f.write("".join(p + "\n" for p in GIT_EXCLUDE))
    return dest, len(files), copied, removed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dest", default=DEFAULT_DEST,
                        help="the ansible_collections directory (default: build/ansible_collections)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if os.path.basename(os.path.normpath(args.dest)) != "ansible_collections":
        parser.error("--dest must end in ansible_collections")
    dest, total, copied, removed = sync(os.path.abspath(args.dest))
    if not args.quiet:
        print("%s: %d files (%d copied, %d removed)" % (dest, total, copied, removed), file=sys.stderr)
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
