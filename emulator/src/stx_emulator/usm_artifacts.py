"""Emulated USM release artifacts: build them (for tests and the demo) and read them (for the emulated USM).

The emulator cannot verify real StarlingX patches or ISOs, so it defines stand-ins that keep the parts clients
and USM look at.

**Patch (``<release_id>.patch``)** - the real layout (starlingx/update software/software/software_functions.py
``PatchFile.read_patch``): a gzip tar holding

- ``metadata.tar``: a tar holding ``metadata.xml``, the release metadata StarlingX patches carry
  (``<patch><id>``, ``<sw_version>``, ``<component>``, ``<summary>``, ``<description>``, ``<install_instructions>``,
  ``<warnings>``, ``<status>``, ``<unremovable>``, ``<reboot_required>``, ``<prepatched_iso>``,
  ``<apply_active_release_only>``, ``<requires><req_patch_id>``, ``<packages><deb>``,
  ``<activation_scripts><script>``; parsed like ``ReleaseData.parse_metadata_string``);
- ``software.tar``: the payload (here a tar with one text member instead of ostree commits);
- ``signature``: the real integrity check: hex of ``0xFFFF...FF`` (128 bits) XOR the MD5 of ``metadata.tar`` and
  ``software.tar``;
- ``signature.v2``: the detached signature. Real patches carry an RSA signature checked against the StarlingX
  certificates; the emulated one is ``stx-emulator-sha256:<hex SHA-256 of metadata.tar + software.tar>``.

So ``tar --to-command='tar -xO' -xf X.patch metadata.tar`` prints ``metadata.xml`` exactly as for a real patch.

**Major release ISO (``<name>.iso`` + ``<name>.sig``)** - the ISO stand-in is a plain (uncompressed) tar with the
members USM reads from a mounted ISO:

- ``upgrades/metadata.xml``: ``<build><version>MM.mm</version><supported_upgrades><upgrade><version>MM.mm
  </version><required_patch>ID</required_patch></upgrade>...</supported_upgrades></build>``
  (``read_attributes_from_metadata_file``);
- ``upgrades/<component>-<MM.mm.pp>-metadata.xml``: the release metadata (like starlingx-GA-metadata.xml);
- ``upgrades/software-deploy/{deploy-precheck,major-release-upload,deploy-start}``: placeholders for the scripts.

The ``.sig`` stand-in holds the hex SHA-256 of the ISO file (real: a detached RSA signature). A mismatch is the
real "signature validation failed" error.

Command line (for the demo): ``python -m stx_emulator.usm_artifacts patch --id starlingx-25.09.1 --out DIR``
and ``python -m stx_emulator.usm_artifacts iso --version 26.03 --from 25.09 --out DIR``.
"""

import argparse
import hashlib
import io
import os
import re
import sys
import tarfile
from xml.etree import ElementTree

SIGNATURE_PREFIX = "stx-emulator-sha256:"
RELEASE_ID = re.compile(r"^([a-zA-Z]+)-(\d+\.\d+(?:\.\d+)?)$")


class ArtifactError(Exception):
    """The artifact is not what it claims to be."""


class UnreadableError(ArtifactError):
    """Not an archive at all (the real USM fails with an internal error: ``tar``/``mount`` exits non-zero)."""


# -- release metadata -----------------------------------------------------------------------------------------
def _yn(value):
    return "Y" if value else "N"


def metadata_xml(release_id, sw_version=None, *, component=None, summary=None, description=None,
                 install_instructions="", warnings="", status="REL", unremovable=False, reboot_required=True,
                 prepatched_iso=False, apply_active_release_only=False, requires=(), packages=(),
                 activation_scripts=(), commit=None, base_commit=None):
    """The ``metadata.xml`` text of a release (patch or GA release)."""
    match = RELEASE_ID.match(release_id)
    if sw_version is None:
        if not match:
            raise ValueError("cannot derive sw_version from release id %r" % release_id)
        sw_version = match.group(2)
    if component is None:
        component = match.group(1) if match else "starlingx"
    root = ElementTree.Element("patch")

    def add(tag, text=None):
        element = ElementTree.SubElement(root, tag)
        if text not in (None, ""):
            element.text = str(text)
        return element

    add("id", release_id)
    add("sw_version", sw_version)
    add("component", component)
    add("summary", summary if summary is not None else "%s %s" % (component.upper(), sw_version))
    add("description", description if description is not None else "Emulated release %s" % release_id)
    add("install_instructions", install_instructions)
    add("warnings", warnings)
    add("status", status)
    add("unremovable", _yn(unremovable))
    add("reboot_required", _yn(reboot_required))
    add("prepatched_iso", _yn(prepatched_iso))
    add("apply_active_release_only", "Y" if apply_active_release_only else None)
    if commit:
        contents = add("contents")
        ostree = ElementTree.SubElement(contents, "ostree")
        ElementTree.SubElement(ostree, "number_of_commits").text = "1"
        base = ElementTree.SubElement(ostree, "base")
        ElementTree.SubElement(base, "commit").text = base_commit or ""
        ElementTree.SubElement(base, "checksum").text = ""
        commit1 = ElementTree.SubElement(ostree, "commit1")
        ElementTree.SubElement(commit1, "commit").text = commit
        ElementTree.SubElement(commit1, "checksum").text = ""
    req = add("requires")
    for rid in requires:
        ElementTree.SubElement(req, "req_patch_id").text = rid
    add("semantics")
    pkgs = add("packages")
    for deb in packages:
        ElementTree.SubElement(pkgs, "deb").text = deb
    scripts = add("activation_scripts")
    for script in activation_scripts:
        ElementTree.SubElement(scripts, "script").text = script
    ElementTree.indent(root, "  ")
    return '<?xml version="1.0" ?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def parse_metadata(text):
    """Release metadata as USM reads it (``ReleaseData.parse_metadata_string``); None when there is no ``<id>``."""
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise ArtifactError("metadata.xml is not valid XML: %s" % exc)
    release_id = root.findtext("id")
    if release_id is None:
        return None
    data = {"release_id": release_id, "sw_version": "unknown"}
    for key in ("status", "unremovable", "sw_version", "summary", "description", "install_instructions",
                "pre_start", "post_start", "pre_install", "post_install", "warnings", "apply_active_release_only",
                "commit", "component"):
        value = root.findtext(key)
        if value is not None:
            data[key] = value
    data["reboot_required"] = root.findtext("reboot_required") != "N"  # default Y
    data["prepatched_iso"] = root.findtext("prepatched_iso") == "Y"  # default N
    data["unremovable"] = data.get("unremovable") == "Y"
    data["preinstalled_patches"] = [e.text for r in root.findall("preinstalled_patches") for e in r.findall("id")]
    data["requires"] = [e.text for r in root.findall("requires") for e in r.findall("req_patch_id")]
    data["packages"] = [e.text for r in root.findall("packages") for e in r.findall("deb")]
    data["activation_scripts"] = [e.text for r in root.findall("activation_scripts") for e in r.findall("script")]
    commit = root.findtext("contents/ostree/commit1/commit")
    base = root.findtext("contents/ostree/base/commit")
    data["commit_id"] = commit or None
    data["base_commit_id"] = base or None
    return data


# -- archives -------------------------------------------------------------------------------------------------
def _tar(members, mode="w"):
    """Bytes of a tar with ``{name: bytes}`` members (fixed mtime, so builds are reproducible)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = 1700000000
            info.mode = 0o755 if "/software-deploy/" in name else 0o644
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _md5_int(data):
    return int(hashlib.md5(data).hexdigest(), 16)  # noqa: S324 - the real integrity signature is MD5


def integrity_signature(*payloads):
    sig = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF
    for data in payloads:
        sig ^= _md5_int(data)
    return "%x" % sig


def detached_signature(*payloads):
    digest = hashlib.sha256()
    for data in payloads:
        digest.update(data)
    return SIGNATURE_PREFIX + digest.hexdigest()


def build_patch(release_id, sw_version=None, path=None, *, sign=True, tamper=False, **fields):
    """A ``.patch`` file (bytes; also written to ``path`` when given). ``fields`` go to :func:`metadata_xml`.

    ``sign=False`` leaves out ``signature.v2`` (USM: "Software has not been signed."); ``tamper=True`` breaks the
    integrity signature (USM: "Software failed signature verification.").
    """
    metadata = metadata_xml(release_id, sw_version, **fields).encode()
    metadata_tar = _tar({"metadata.xml": metadata})
    software_tar = _tar({"README": ("emulated ostree content of %s\n" % release_id).encode()})
    members = {"metadata.tar": metadata_tar, "software.tar": software_tar}
    signature = integrity_signature(metadata_tar, software_tar)
    if tamper:
        signature = "%x" % (int(signature, 16) ^ 1)
    members["signature"] = signature.encode()
    if sign:
        members["signature.v2"] = detached_signature(metadata_tar, software_tar).encode()
    data = _tar(members, mode="w:gz")
    if path:
        with open(path, "wb") as handle:
            handle.write(data)
    return data


def _open_tar(data, mode="r:*"):
    try:
        return tarfile.open(fileobj=io.BytesIO(data), mode=mode)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise UnreadableError(str(exc))


def _member(tar, name):
    try:
        handle = tar.extractfile(name)
    except KeyError:
        return None
    return handle.read() if handle else None


def patch_release_id(data):
    """``<id>`` of a patch, read like ``get_release_from_patch`` (``tar -xf X metadata.tar | tar -xO``)."""
    outer = _open_tar(data)
    inner = _member(outer, "metadata.tar")
    if inner is None:
        raise UnreadableError("metadata.tar: Not found in archive")
    metadata = _member(_open_tar(inner), "metadata.xml")
    if metadata is None:
        raise UnreadableError("metadata.xml: Not found in archive")
    try:
        return ElementTree.fromstring(metadata).findtext("id")
    except ElementTree.ParseError as exc:
        raise UnreadableError(str(exc))


def read_patch(data):
    """Verify a patch like ``PatchFile.read_patch`` and return its metadata (:func:`parse_metadata`).

    Raises ArtifactError with the reason USM logs.
    """
    try:
        outer = tarfile.open(fileobj=io.BytesIO(data), mode="r:gz")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise ArtifactError("Extract software failed %s" % exc)
    with outer:
        signature = _member(outer, "signature")
        if signature is None:
            raise ArtifactError("Software metadata missing required value for \"filename 'signature' not found\"")
        payloads = []
        for name in ("metadata.tar", "software.tar"):
            member = _member(outer, name)
            if member is None:
                raise ArtifactError("Software metadata missing required value for \"filename %r not found\"" % name)
            payloads.append(member)
        try:
            ok = int(signature.decode().strip(), 16) == int(integrity_signature(*payloads), 16)
        except ValueError:
            ok = False
        if not ok:
            raise ArtifactError("Software failed signature verification.")
        detached = _member(outer, "signature.v2")
        if detached is None:
            raise ArtifactError("Software has not been signed.")
        if detached.decode(errors="replace").strip() != detached_signature(*payloads):
            raise ArtifactError("Signature check failed")
        metadata = _member(_open_tar(payloads[0]), "metadata.xml")
        if metadata is None:
            raise ArtifactError("Software metadata missing required value for \"filename 'metadata.xml' not found\"")
    parsed = parse_metadata(metadata.decode())
    if parsed is None:
        raise ArtifactError("Unable to extract patch ID")
    return parsed


def upgrade_metadata_xml(version, supported_from):
    root = ElementTree.Element("build")
    ElementTree.SubElement(root, "version").text = version
    upgrades = ElementTree.SubElement(root, "supported_upgrades")
    for entry in supported_from:
        if isinstance(entry, str):
            entry = (entry, None)
        upgrade = ElementTree.SubElement(upgrades, "upgrade")
        ElementTree.SubElement(upgrade, "version").text = entry[0]
        if entry[1]:
            ElementTree.SubElement(upgrade, "required_patch").text = entry[1]
    ElementTree.indent(root, "    ")
    return '<?xml version="1.0" encoding="UTF-8" ?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def build_iso(version, supported_from=("25.09",), release_id=None, component="starlingx", **fields):
    """``(iso_bytes, sig_bytes)`` of a major release ``version`` (``MM.mm``; the release is ``MM.mm.0``).

    ``supported_from``: versions it upgrades from, each ``"MM.mm"`` or ``("MM.mm", "required-patch-id")``.
    """
    sw_release = version if version.count(".") == 2 else version + ".0"
    major = ".".join(sw_release.split(".")[:2])
    release_id = release_id or "%s-%s" % (component, sw_release)
    fields.setdefault("summary", "STX %s GA release" % major)
    fields.setdefault("description", "STX %s major GA release" % major)
    fields.setdefault("unremovable", True)
    fields.setdefault("reboot_required", True)
    members = {
        "upgrades/metadata.xml": upgrade_metadata_xml(major, supported_from).encode(),
        "upgrades/%s-%s-metadata.xml" % (component, sw_release):
            metadata_xml(release_id, sw_release, component=component, **fields).encode(),
    }
    for script in ("deploy-precheck", "major-release-upload", "deploy-start"):
        members["upgrades/software-deploy/" + script] = b"#!/bin/sh\n# emulated\nexit 0\n"
    iso = _tar(members)
    return iso, iso_signature(iso)


def iso_signature(iso):
    return (hashlib.sha256(iso).hexdigest() + "\n").encode()


def write_major_release(directory, version, supported_from=("25.09",), basename=None, **kwargs):
    """Write ``<basename>.iso`` and ``.sig`` into ``directory``; returns ``(iso_path, sig_path)``."""
    iso, sig = build_iso(version, supported_from, **kwargs)
    basename = basename or "starlingx-%s" % (version if version.count(".") == 2 else version + ".0")
    iso_path = os.path.join(directory, basename + ".iso")
    sig_path = os.path.join(directory, basename + ".sig")
    with open(iso_path, "wb") as handle:
        handle.write(iso)
    with open(sig_path, "wb") as handle:
        handle.write(sig)
    return iso_path, sig_path


def verify_iso(iso, sig):
    return sig.decode(errors="replace").strip().lower() == hashlib.sha256(iso).hexdigest()


def read_iso(data, mount_dir="/tmp/iso-mount"):
    """What USM reads from the mounted ISO: ``{"to_release", "supported_from", "release": metadata}``.

    Raises UnreadableError when it is not an ISO stand-in (mount fails), ArtifactError with USM's message when the
    upgrade metadata is missing.
    """
    tar = _open_tar(data, "r:")
    with tar:
        upgrade = _member(tar, "upgrades/metadata.xml")
        if upgrade is None:
            raise ArtifactError("The ISO does not contain required upgrade information in %s/upgrades/metadata.xml"
                                % mount_dir)
        try:
            root = ElementTree.fromstring(upgrade)
        except ElementTree.ParseError as exc:
            raise ArtifactError("The ISO does not contain required upgrade information in "
                                "%s/upgrades/metadata.xml: %s" % (mount_dir, exc))
        supported = [{"version": u.findtext("version"), "required_patch": u.findtext("required_patch")}
                     for u in root.findall("supported_upgrades/upgrade")]
        release = None
        pattern = re.compile(r"^upgrades/([a-zA-Z]+)-([\d.]+)-metadata\.xml$")
        for name in sorted(tar.getnames()):
            if pattern.match(name):
                release = parse_metadata(_member(tar, name).decode())
                break
        if release is None:
            raise ArtifactError("No release metadata file found in %s/upgrades" % mount_dir)
    return {"to_release": release["sw_version"], "supported_from": supported, "release": release,
            "build_version": root.findtext("version")}


# -- command line ---------------------------------------------------------------------------------------------
def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m stx_emulator.usm_artifacts",
                                     description="Build emulated StarlingX USM artifacts.")
    sub = parser.add_subparsers(dest="kind", required=True)
    patch = sub.add_parser("patch", help="a .patch file")
    patch.add_argument("--id", required=True, help="release id, e.g. starlingx-25.09.1")
    patch.add_argument("--requires", action="append", default=[])
    patch.add_argument("--in-service", action="store_true", help="reboot_required N")
    patch.add_argument("--status", default="REL")
    patch.add_argument("--out", default=".")
    iso = sub.add_parser("iso", help="a major release .iso and .sig")
    iso.add_argument("--version", required=True, help="MM.mm of the new major release")
    iso.add_argument("--from", dest="supported", action="append", default=[],
                     help="MM.mm[:required-patch] it upgrades from (repeatable)")
    iso.add_argument("--out", default=".")
    args = parser.parse_args(argv)
    if args.kind == "patch":
        path = os.path.join(args.out, args.id + ".patch")
        build_patch(args.id, path=path, requires=args.requires, reboot_required=not args.in_service,
                    status=args.status)
        print(path)
    else:
        supported = [tuple(s.split(":", 1)) if ":" in s else s for s in args.supported] or ["25.09"]
        for path in write_major_release(args.out, args.version, supported):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
