"""Storage backends and OSDs (services/sysinv/storage.py): ``storage-backend-add ceph --confirmed`` (POST
/v1/storage_ceph, as cgtsclient sends it) and ``host-stor-add`` (POST /v1/istors), then unlock."""

from net_env import bootstrapped, deployed, faultstring, get_ok, lock, unlock


async def disk(api, hostname, node):
    body = await get_ok(api, "/v1/ihosts/%s/idisks" % hostname)
    return next(d for d in body["idisks"] if d["device_node"] == node)


async def add_ceph(api, **fields):
    return await api.post("sysinv", "/v1/storage_ceph", json={"backend": "ceph", **fields})


async def add_osd(api, hostname, node, **fields):
    host = await get_ok(api, "/v1/ihosts/%s" % hostname)
    target = await disk(api, hostname, node)
    return await api.post("sysinv", "/v1/istors", json={"ihost_uuid": host["uuid"], "idisk_uuid": target["uuid"],
                                                        "function": "osd", **fields})


async def test_aio_sx_backend_then_osd_then_unlock():
    async with bootstrapped("aio-sx") as (emu, api):
        status, body = await add_osd(api, "controller-0", "/dev/sdb")
        assert status == 400 and faultstring(body) == "System must have either a ceph or a ceph-rook backend"
        status, body = await add_ceph(api)
        assert status == 400 and "Please set the 'confirmed' field" in faultstring(body)
        assert "A minimum of 1 osds are required" in faultstring(body)
        assert (await get_ok(api, "/v1/storage_backend"))["storage_backends"] == []
        status, backend = await add_ceph(api, confirmed=True)
        assert status == 200, backend
        assert (backend["backend"], backend["name"], backend["tier_name"]) == ("ceph", "ceph-store", "storage")
        listed = (await get_ok(api, "/v1/storage_backend"))["storage_backends"]
        assert [b["uuid"] for b in listed] == [backend["uuid"]]
        assert (await get_ok(api, "/v1/storage_backend/%s" % backend["uuid"]))["backend"] == "ceph"
        status, body = await add_ceph(api, confirmed=True)
        assert status == 400 and faultstring(body) == "Only one ceph backend is supported."

        status, body = await add_osd(api, "controller-0", "/dev/sda")
        assert status == 400 and faultstring(body) == "Can not associate to a rootfs disk"
        status, stor = await add_osd(api, "controller-0", "/dev/sdb")
        assert status == 200, stor
        sdb = await disk(api, "controller-0", "/dev/sdb")
        assert (stor["function"], stor["osdid"], stor["idisk_uuid"]) == ("osd", 0, sdb["uuid"])
        assert stor["state"] == "configuring-on-unlock" and stor["tier_uuid"] == backend["tier_uuid"]
        assert sdb["istor_uuid"] == stor["uuid"]
        status, body = await add_osd(api, "controller-0", "/dev/sdb")
        assert status == 400 and faultstring(body) == "Disk already assigned."
        host_stors = (await get_ok(api, "/v1/ihosts/controller-0/istors"))["istors"]
        assert [s["uuid"] for s in host_stors] == [stor["uuid"]]
        assert (await get_ok(api, "/v1/istors/%s" % stor["uuid"]))["osdid"] == 0

        host = await get_ok(api, "/v1/ihosts/controller-0")
        assert host["administrative"] == "locked"


async def test_stor_delete_needs_locked_host_and_frees_the_disk():
    async with deployed("aio-sx") as (emu, api):
        status, _ = await add_ceph(api, confirmed=True)
        assert status == 200
        status, stor = await add_osd(api, "controller-0", "/dev/sdb")  # AIO-SX: allowed on an enabled host
        assert status == 200, stor
        assert stor["state"] == "configuring"
        status, body = await api.delete("sysinv", "/v1/istors/%s" % stor["uuid"])
        assert status == 400 and faultstring(body) == "Host controller-0 must be locked."
        await lock(api, "controller-0")
        status, _ = await api.delete("sysinv", "/v1/istors/%s" % stor["uuid"])
        assert status == 204
        assert (await get_ok(api, "/v1/istors"))["istors"] == []
        assert (await disk(api, "controller-0", "/dev/sdb"))["istor_uuid"] is None
        status, stor = await add_osd(api, "controller-0", "/dev/sdb")
        assert status == 200, stor
        await unlock(api, "controller-0")


async def test_standard_storage_deployed_and_storage_model_rules():
    async with deployed("standard-storage") as (emu, api):
        backends = (await get_ok(api, "/v1/storage_ceph"))["storage_ceph"]
        assert [b["backend"] for b in backends] == ["ceph"]
        stors = (await get_ok(api, "/v1/istors"))["istors"]
        owners = {(await get_ok(api, "/v1/ihosts/%s" % s["ihost_uuid"]))["hostname"] for s in stors}
        assert owners == {"storage-0", "storage-1"}
        assert sorted(s["osdid"] for s in stors) == [0, 1]
        status, body = await add_osd(api, "controller-0", "/dev/sdb")
        assert status == 400 and faultstring(body) == ("Storage model is 'storage'. Storage devices can only be "
                                                       "added to storage nodes.")
        status, body = await api.post("sysinv", "/v1/istors", json={
            "ihost_uuid": (await get_ok(api, "/v1/ihosts/storage-0"))["uuid"],
            "idisk_uuid": (await disk(api, "storage-1", "/dev/sda"))["uuid"]})
        assert status == 400 and faultstring(body) == "Host storage-0 must be locked."


async def test_disk_of_another_host_and_unknown_fields():
    async with bootstrapped("aio-sx") as (emu, api):
        status, body = await add_ceph(api, confirmed=True, colour="red")
        assert status == 400 and faultstring(body) == "Unknown attribute for argument storage_ceph: colour"
        status, _ = await api.post("sysinv", "/v1/storage_backend", json={"backend": "ceph", "confirmed": True})
        assert status == 200
        status, body = await api.post("sysinv", "/v1/istors", json={
            "ihost_uuid": (await get_ok(api, "/v1/ihosts/controller-0"))["uuid"],
            "idisk_uuid": "8b1e1b9e-1111-4a4a-9b9b-000000000000"})
        assert status == 400 and faultstring(body).startswith("No disk with the provided uuid")
        status, body = await api.post("sysinv", "/v1/istors", json={"function": "osd"})
        assert status == 400 and faultstring(body) == "No host provided for stor creation."


async def test_backend_delete_keeps_the_tier():
    async with bootstrapped("aio-sx") as (emu, api):
        status, backend = await add_ceph(api, confirmed=True)
        assert status == 200
        status, _ = await api.delete("sysinv", "/v1/storage_ceph/%s" % backend["uuid"])
        assert status == 204
        assert (await get_ok(api, "/v1/storage_backend"))["storage_backends"] == []
        status, again = await add_ceph(api, confirmed=True)
        assert status == 200 and again["tier_uuid"] == backend["tier_uuid"]
