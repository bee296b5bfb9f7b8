"""USM state machines (starlingx/update release_state.py, deploy_state.py, deploy_host_state.py) and the emulated
release artifacts (stx_emulator.usm_artifacts)."""

import io
import subprocess
import tarfile

import pytest

from stx_emulator import usm_artifacts as A
from stx_emulator.profiles import PROFILES
from stx_emulator.services.usm import states as S


# -- release states (§4.1) --------------------------------------------------------------------------------------
RELEASE_EDGES = {
    ("available", "deploying"), ("available", "unavailable"),
    ("deploying", "deployed"), ("deploying", "available"),
    ("deployed", "removing"), ("deployed", "unavailable"), ("deployed", "committed"),
    ("removing", "available"),
}
MASTER_EDGES = {("uploading", "available"), ("uploading", "upload-failed"), ("available", "deploy-selected"),
                ("deployed", "remove-selected"), ("deploy-selected", "deploying"), ("deploy-selected", "available"),
                ("remove-selected", "removing"), ("remove-selected", "deployed")}


def _edges(table):
    return {(src, dst) for src, targets in table.items() for dst in targets}


def test_release_transitions_are_exactly_the_reference_table():
    assert _edges(S.release_transitions("path")) == RELEASE_EDGES
    assert S.release_transitions("path")["committed"] == []
    assert S.release_transitions("path")["unavailable"] == []


def test_master_adds_selection_and_upload_states():
    assert _edges(S.release_transitions("body")) == RELEASE_EDGES | MASTER_EDGES


# -- deployment states (§4.2) -----------------------------------------------------------------------------------
DEPLOY_EDGES = {
    (None, "start"), ("start", "start-done"), ("start", "start-failed"), ("start-done", "host"),
    ("host", "host"), ("host", "host-failed"), ("host", "host-done"), ("host", "host-rollback"),
    ("host-failed", "host"), ("host-failed", "host-failed"), ("host-failed", "host-done"),
    ("host-failed", "host-rollback"),
    ("host-done", "activate"), ("host-done", "host-rollback"), ("host-done", "host-failed"),
    ("host-rollback", "host-rollback"), ("host-rollback", "host-rollback-failed"),
    ("host-rollback", "host-rollback-done"),
    ("host-rollback-failed", "host-rollback"), ("host-rollback-failed", "host-rollback-done"),
    ("activate", "activate-done"), ("activate", "activate-failed"),
    ("activate-failed", "activate"), ("activate-failed", "activate-rollback-pending"),
    ("activate-done", "completed"), ("activate-done", "activate-rollback-pending"),
    ("activate-rollback-pending", "activate-rollback"),
    ("activate-rollback", "activate-rollback-done"), ("activate-rollback", "activate-rollback-failed"),
    ("activate-rollback-failed", "activate-rollback"), ("activate-rollback-done", "host-rollback"),
    ("completed", "activate-rollback-pending"), ("completed", None),
}
ALL_DEPLOY = [None] + sorted({s for edge in DEPLOY_EDGES for s in edge if s})


def test_deploy_transitions_are_exactly_the_reference_table():
    assert _edges(S.DEPLOY_TRANSITIONS) == DEPLOY_EDGES
    assert S.DEPLOY_TRANSITIONS["start-failed"] == [] and S.DEPLOY_TRANSITIONS["host-rollback-done"] == []


@pytest.mark.parametrize("current", ALL_DEPLOY)
def test_deploy_transition_allowed_matches_table_and_reentrant_done_states(current):
    for target in ALL_DEPLOY:
        expected = (current, target) in DEPLOY_EDGES or (
            target == current and current in ("start-done", "activate-done", "activate-rollback-done"))
        assert S.deploy_transition_allowed(current, target) is expected, (current, target)


def test_there_is_no_abort_or_complete_state():
    states = {s for edge in DEPLOY_EDGES for s in edge}
    assert not states & {"abort", "abort-done", "complete", "aborting"}


# -- deploy host states (§4.3) ----------------------------------------------------------------------------------
HOST_EDGES = {
    ("pending", "deploying"), ("pending", "rollback-deployed"),
    ("deploying", "deployed"), ("deploying", "failed"),
    ("failed", "deploying"), ("failed", "rollback-deployed"), ("failed", "rollback-pending"), ("failed", "failed"),
    ("deployed", "rollback-pending"), ("deployed", "failed"),
    ("rollback-pending", "rollback-deploying"),
    ("rollback-deploying", "rollback-deployed"), ("rollback-deploying", "rollback-failed"),
    ("rollback-failed", "rollback-deploying"),
}
ALL_HOST = sorted({s for edge in HOST_EDGES for s in edge})


@pytest.mark.parametrize("current", ALL_HOST)
def test_host_transitions_match_the_reference(current):
    for target in ALL_HOST:
        expected = (current, target) in HOST_EDGES or (target == current and current in ("failed",
                                                                                          "rollback-failed"))
        assert S.host_transition_allowed(current, target) is expected, (current, target)
    assert S.HOST_TRANSITIONS["rollback-deployed"] == []


# -- roll-up (§4.3, first match wins) ----------------------------------------------------------------------------
@pytest.mark.parametrize("deploy_state, hosts, expected", [
    ("host", ["deployed", "failed"], "host-failed"),
    ("host", ["pending", "rollback-failed"], "host-failed"),           # failure wins over pending
    ("host-rollback", ["rollback-deployed", "rollback-failed"], "host-rollback-failed"),
    ("host-failed", ["failed", "pending"], None),                       # already failed: no change
    ("host-rollback-failed", ["rollback-failed"], None),
    ("host-failed", ["deploying", "deployed"], "host"),                 # re-entered: back to host
    ("host-rollback-failed", ["rollback-deploying"], "host-rollback"),
    ("host", ["pending", "deployed"], "host"),
    ("host-rollback", ["rollback-pending", "rollback-deployed"], "host-rollback"),
    ("host", ["deployed", "deployed"], "host-done"),
    ("host-failed", ["deployed"], "host-done"),
    ("host-rollback", ["rollback-deployed", "rollback-deployed"], "host-rollback-done"),
    ("host", ["deployed", "rollback-deployed"], None),                  # mixed: nothing matches
    ("start-done", ["deployed"], None),                                 # only in host* states
    ("activate-rollback-done", ["rollback-deployed"], None),
])
def test_roll_up(deploy_state, hosts, expected):
    assert S.roll_up(deploy_state, hosts) == expected


def test_errors_use_the_usm_envelope():
    err = S.service_error(info="Deploy delete can only be performed on controller-0.")
    assert err.status == 406 and err.body == {"info": "Deploy delete can only be performed on controller-0.",
                                              "warning": "", "error": ""}
    internal = S.internal_error("x")
    assert internal.status == 500
    assert internal.body["error"].startswith("Internal error occurred. Error signature [")
    assert len(internal.body["error"].split("[")[1].rstrip("]")) == 8


# -- profiles -------------------------------------------------------------------------------------------------
def test_profile_versions_per_branch():
    assert {name: p["sw_version"] for name, p in PROFILES.items()} == {
        "stx-10": "24.09", "stx-11": "25.09", "stx-12": "26.03", "master": "26.10"}
    assert all(p["patch"] == p["sw_version"] + ".0" for p in PROFILES.values())
    assert PROFILES["master"]["api_style"] == "body" and PROFILES["master"]["max_majors"] == 3
    assert {p["api_style"] for n, p in PROFILES.items() if n != "master"} == {"path"}


# -- artifacts ------------------------------------------------------------------------------------------------
def test_patch_is_a_real_shaped_patch(tmp_path):
    path = str(tmp_path / "starlingx-25.09.1.patch")
    A.build_patch("starlingx-25.09.1", path=path, requires=["starlingx-25.09.0"], reboot_required=False)
    # the collection reads the id exactly like StarlingX: tar -xf X.patch metadata.tar | tar -xO
    xml = subprocess.run("tar --to-command='tar -xO' -xf %s metadata.tar" % path, shell=True, check=True,
                         capture_output=True, text=True).stdout
    assert "<id>starlingx-25.09.1</id>" in xml and "<reboot_required>N</reboot_required>" in xml
    with tarfile.open(path, "r:gz") as tar:
        assert sorted(tar.getnames()) == ["metadata.tar", "signature", "signature.v2", "software.tar"]
    meta = A.read_patch(open(path, "rb").read())
    assert meta["release_id"] == "starlingx-25.09.1" and meta["sw_version"] == "25.09.1"
    assert meta["requires"] == ["starlingx-25.09.0"] and meta["reboot_required"] is False
    assert meta["status"] == "REL" and meta["component"] == "starlingx"


def test_patch_signatures_are_checked():
    with pytest.raises(A.ArtifactError, match="Software failed signature verification."):
        A.read_patch(A.build_patch("starlingx-25.09.1", tamper=True))
    with pytest.raises(A.ArtifactError, match="Software has not been signed."):
        A.read_patch(A.build_patch("starlingx-25.09.1", sign=False))
    with pytest.raises(A.UnreadableError):
        A.patch_release_id(b"this is not a tar file")


def test_metadata_defaults_follow_release_data():
    meta = A.parse_metadata("<patch><id>x-1.2.3</id><sw_version>1.2.3</sw_version></patch>")
    assert meta["reboot_required"] is True and meta["prepatched_iso"] is False and meta["unremovable"] is False
    assert A.parse_metadata("<patch><sw_version>1</sw_version></patch>") is None


def test_iso_stand_in(tmp_path):
    iso_path, sig_path = A.write_major_release(str(tmp_path), "26.03", [("25.09", "starlingx-25.09.1")])
    iso, sig = open(iso_path, "rb").read(), open(sig_path, "rb").read()
    assert A.verify_iso(iso, sig) and not A.verify_iso(iso + b"x", sig)
    content = A.read_iso(iso)
    assert content["to_release"] == "26.03.0" and content["release"]["release_id"] == "starlingx-26.03.0"
    assert content["supported_from"] == [{"version": "25.09", "required_patch": "starlingx-25.09.1"}]
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        info = tarfile.TarInfo("README")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))
    with pytest.raises(A.ArtifactError, match="does not contain required upgrade information"):
        A.read_iso(buf.getvalue())


def test_artifact_command_line(tmp_path):
    assert A.main(["patch", "--id", "starlingx-25.09.2", "--in-service", "--out", str(tmp_path)]) == 0
    assert A.read_patch((tmp_path / "starlingx-25.09.2.patch").read_bytes())["reboot_required"] is False
    assert A.main(["iso", "--version", "26.03", "--from", "25.09", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "starlingx-26.03.0.iso").exists() and (tmp_path / "starlingx-26.03.0.sig").exists()
