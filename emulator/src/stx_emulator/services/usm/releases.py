"""Release operations: list, show, upload, delete, is_available/is_deployed/is_committed, commit.

Behaviour and messages: starlingx/update software/software/software_controller.py (r/stx.11.0)
``software_release_query_cached``, ``software_release_upload``, ``_process_upload_patch_files``,
``major_release_upload_check``, ``software_release_delete_api``, ``patch_commit``, ``check_releases_state``.
"""

import os

from ... import usm_artifacts as A
from . import inventory
from . import model as M
from . import states as S

PATCH_EXT, ISO_EXT, SIG_EXT = ".patch", ".iso", ".sig"
SCRATCH = "/scratch/upload_files"
LOWEST_PATCH_MAJOR = "24.09"


def query(ctx, show=None, release=None):
    """GET /v1/release: ``show`` only filters on the query states; ``release`` matches when the release's MM.mm
    is a substring of the value, and is ignored when ``show`` is valid."""
    if show in S.QUERY_STATES:
        rels = ctx.releases(show)
    elif release is not None:
        rels = [r for r in ctx.releases() if M.major(r["sw_version"]) in release]
    else:
        rels = ctx.releases()
    return [M.release_view(ctx, r) for r in rels]


def show(ctx, release_id):
    rel = ctx.release(release_id)
    if rel is None:
        raise S.client_error(404, "Release %s not found" % release_id)
    return M.release_view(ctx, rel)


def check_state(ctx, release_ids, state):
    for rid in release_ids:
        rel = ctx.release(rid)
        if rel is None or rel["state"] != state:
            return False
    return True


# -- upload ---------------------------------------------------------------------------------------------------
def upload(ctx, files):
    """``files``: [(path_as_seen_by_usm, bytes)]. Returns the upload reply (info/warning/error/upload_info)."""
    info = warning = error = ""
    upload_info = []
    patches = []
    upgrade = {}
    for path, data in files:
        ext = os.path.splitext(path)[1]
        if ext == PATCH_EXT:
            patches.append((path, data))
        elif ext in (ISO_EXT, SIG_EXT):
            upgrade[ext] = (path, data)
        else:
            raise S.service_error(error="The file extension is not supported. Supported extensions include "
                                        ".patch, .iso and .sig")
    if len(upgrade) == 1:
        error += "Missing upgrade file or signature file\n"
    elif upgrade and ctx.hostname() != "controller-0":
        raise S.service_error(info="Upload can only be performed on controller-0.")
    elif len(upgrade) == 2:
        i, w, e, meta = _upload_major(ctx, upgrade[ISO_EXT], upgrade[SIG_EXT])
        info, warning, error = info + i, warning + w, error + e
        upload_info.append(meta)
    if patches:
        i, w, e, meta = _upload_patches(ctx, patches)
        info, warning, error = info + i, warning + w, error + e
        upload_info += meta
    return {"info": info, "warning": warning, "error": error, "upload_info": upload_info}


def _upload_major(ctx, iso, sig):
    (iso_path, iso_data), (sig_path, sig_data) = iso, sig
    if not A.verify_iso(iso_data, sig_data):
        raise S.service_error(error="Software %s:%s signature validation failed" % (iso_path, sig_path))
    try:
        content = A.read_iso(iso_data)
    except A.UnreadableError:
        raise S.internal_error("upload.mount_iso_load")
    except A.ArtifactError as exc:
        raise S.service_error(info=str(exc))
    rel = content["release"]
    to_release = rel["sw_version"]
    sw_version = ctx.sw_version()
    meta = {os.path.basename(iso_path): {"id": rel["release_id"], "sw_release": to_release},
            os.path.basename(sig_path): {"id": None, "sw_release": None}}
    if M.major(to_release) == sw_version:
        return ("Uploaded release %s is the same as current release on the controller" % to_release, "", "", meta)
    newer = M.version_tuple(to_release) > M.version_tuple(sw_version)
    if not newer and not inventory.is_system_controller(ctx.scope):
        return "", "", "", {}
    _major_upload_check(ctx)
    if newer:
        supported = [s["version"] for s in content["supported_from"]]
        if sw_version not in supported:
            raise S.software_error("Current release %s not supported to upgrade to %s" % (sw_version, to_release))
    if ctx.release(rel["release_id"]) is not None:  # imported again: the metadata is already there
        return "", "", "", meta
    fields = dict(rel, supported_from=content["supported_from"], commit_id=M.fake_commit("ga", to_release))
    state = S.AVAILABLE if newer else S.UNAVAILABLE
    ctx.scope.add(M.RELEASE, M.new_release(fields, state))
    return "", "", "", meta


def _major_upload_check(ctx):
    if ctx.hostname() != "controller-0":
        raise S.service_error(error="Upload rejected, major release must be uploaded to ['controller-0']")
    majors = ctx.majors()
    limit = ctx.profile["max_majors"]
    system_controller = inventory.is_system_controller(ctx.scope)
    if ctx.api_style == "body":
        if not system_controller and len(majors) >= limit:
            raise S.service_error(error="Major releases %s have already been uploaded. Max major releases is %d"
                                        % (majors, limit))
        return
    if system_controller:
        limit += 1
    if len(majors) >= limit:
        raise S.service_error(error="Major releases %s have already been uploaded%s. Max major releases is %d"
                                    % (majors, " in system controller" if system_controller else "", limit))


def _upload_patches(ctx, patches):
    info = warning = error = ""
    upload_info = []
    for path, data in patches:
        try:
            release_id = A.patch_release_id(data)
        except A.UnreadableError:
            # get_release_from_patch: the tar subprocess fails and nothing catches it
            raise S.internal_error("upload.get_release_from_patch")
        existing = ctx.release(release_id)
        if existing is not None:
            if existing["state"] == S.COMMITTED:
                info += "%s is committed. Metadata not updated\n" % release_id
            elif existing["state"] != S.AVAILABLE:
                info += "%s is not currently in available state to be deployed.\n" % release_id
            else:
                try:
                    A.read_patch(data)
                    info += "%s is already uploaded. Updated metadata only\n" % release_id
                except A.ArtifactError:
                    error += "Failed to upload release %s\n" % release_id
        else:
            try:
                meta = A.read_patch(data)
                _validate_patch(ctx, meta)
            except (A.ArtifactError, _Invalid):
                error += "Failed to upload release %s\n" % release_id
                continue
            sw_release = meta["sw_version"]
            state = S.UNAVAILABLE if M.version_tuple(ctx.sw_version()) > M.version_tuple(M.major(sw_release)) \
                else S.AVAILABLE
            ctx.scope.add(M.RELEASE, M.new_release(meta, state))
            info += "%s is now uploaded\n" % release_id
        rel = ctx.release(release_id)
        if rel is not None:
            upload_info.append({os.path.basename(path): {"id": release_id, "sw_release": rel["sw_version"]}})
    return info, warning, error, upload_info


class _Invalid(Exception):
    pass


def _validate_patch(ctx, meta):
    """extract_patch's version checks: patching starts at 24.09, and the patch's major must be installed."""
    patch_major = M.major(meta["sw_version"])
    if M.version_tuple(LOWEST_PATCH_MAJOR) > M.version_tuple(patch_major):
        raise _Invalid("Software patching is supported starting from release %s and later" % LOWEST_PATCH_MAJOR)
    if patch_major not in ctx.majors():
        raise _Invalid("Software version %s for release %s is not installed" % (patch_major, meta["release_id"]))


# -- delete ---------------------------------------------------------------------------------------------------
def delete(ctx, release_ids):
    not_found, cannot, deletable = [], [], []
    for rid in sorted(set(release_ids)):
        rel = ctx.release(rid)
        if rel is None:
            not_found.append(rid)
        elif rel["state"] not in S.DELETABLE_STATES:
            cannot.append(rid)
        else:
            deletable.append(rel)
    message = ""
    if not_found:
        message = "Release%s %s can not be found\n" % ("" if len(not_found) == 1 else "s", ",".join(not_found))
    if cannot:
        message += "Release%s %s %s not ready to be deleted\n" % (
            "" if len(cannot) == 1 else "s", ",".join(cannot), "is" if len(cannot) == 1 else "are")
    if message:
        raise S.service_error(error=message)
    info = ""
    for rel in deletable:
        if M.is_ga(rel):
            info += "Deleted feed directory %s/rel-%s\n" % (M.FEED_DIR, M.major(rel["sw_version"]))
        ctx.scope.remove(M.RELEASE, rel)
        info += "%s has been deleted\n" % rel["release_id"]
    return {"info": info, "warning": "", "error": ""}


# -- commit ---------------------------------------------------------------------------------------------------
def _dependencies(ctx, release_ids):
    deps = set(release_ids)
    added = True
    while added:
        added = False
        for rid in sorted(deps):
            rel = ctx.release(rid)
            for req in (rel["requires"] if rel else []):
                if req not in deps:
                    deps.add(req)
                    added = True
    return sorted(deps)


def commit(ctx, release_ids, dry_run=False):
    """patch_commit: answered with HTTP 200 even when ``error`` is set; the reply has no ``warning``."""
    non_rel = [r["release_id"] for r in ctx.releases() if r["status"] != "REL"]
    if non_rel:
        return {"info": "", "error": "A commit cannot be performed with non-REL status patches in the system:\n"
                + "".join("    %s\n" % rid for rid in non_rel)}
    unknown = [rid for rid in sorted(release_ids) if ctx.release(rid) is None]
    if unknown:
        return {"info": "", "error": "".join("%s is unrecognized\n" % rid for rid in unknown)}
    commit_list = _dependencies(ctx, release_ids)
    not_applied = [rid for rid in commit_list if ctx.release(rid)["state"] not in (S.DEPLOYED, S.COMMITTED)]
    if not_applied:
        return {"info": "", "error": "The following patches are not applied and cannot be committed:\n"
                + "".join("    %s\n" % rid for rid in not_applied)}
    if dry_run:
        return {"info": "This commit operation would free 0.00 MiB", "error": ""}
    ctx.transform_releases([ctx.release(rid) for rid in commit_list if ctx.release(rid)["state"] == S.DEPLOYED],
                           S.COMMITTED)
    return {"info": "The releases have been committed.", "error": ""}
