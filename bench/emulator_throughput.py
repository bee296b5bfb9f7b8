#!/usr/bin/env python3
"""Emulator start-up time and GET throughput.

Starts ``stx-emulator serve --topology aio-dx --deployed`` (a subprocess, as users run it) and measures:
- start-up: from process start to the ready file (target < 2 s);
- GET requests/s on loopback with N concurrent keep-alive clients on a mix of sysinv and USM reads
  (target >= 300/s), and, side by side in the same run, the same loop against a minimal aiohttp server that
  answers a static JSON body on loopback (the framework's ceiling on this machine), printed as a ratio.

It is a benchmark, not a test: it prints the numbers and PASS/MISS against the targets, and exits 0.
"""

import argparse
import asyncio
import json
import os
import sys
import time

import aiohttp
from aiohttp import web

from stx_emulator.testing import ADMIN_PASSWORD, EmulatorProcess, free_port_offset

PATHS = [("sysinv", 6385, "/v1/ihosts"), ("sysinv", 6385, "/v1/isystems"), ("sysinv", 6385, "/v1/networks"),
         ("sysinv", 6385, "/v1/addrpools"), ("usm", 5497, "/v1/release"), ("usm", 5497, "/v1/deploy")]


async def hammer(urls, headers, seconds, concurrency):
    count = 0
    errors = 0
    deadline = time.monotonic() + seconds
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        async def worker(i):
            nonlocal count, errors
            n = i
            while time.monotonic() < deadline:
                url = urls[n % len(urls)]
                n += 1
                async with session.get(url) as resp:
                    await resp.read()
                    if resp.status == 200:
                        count += 1
                    else:
                        errors += 1
        start = time.monotonic()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        elapsed = time.monotonic() - start
    return count / elapsed, errors


async def baseline(seconds, concurrency, body):
    app = web.Application()

    async def handler(request):
        return web.Response(body=body, content_type="application/json")

    app.router.add_get("/{tail:.*}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = 6385 + free_port_offset()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        return await hammer(["http://127.0.0.1:%d/v1/ihosts" % port], {}, seconds, concurrency)
    finally:
        await runner.cleanup()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--starts", type=int, default=3, help="start-up measurements (best and median printed)")
    args = parser.parse_args()

    starts = []
    for _ in range(args.starts):
        emu = EmulatorProcess(topology="aio-dx", fresh=False)
        t0 = time.monotonic()
        emu.start()
        starts.append(time.monotonic() - t0)
        emu.stop()
    starts.sort()
    print("start-up aio-dx --deployed: best %.2f s, median %.2f s (target < 2 s): %s"
          % (starts[0], starts[len(starts) // 2], "PASS" if starts[len(starts) // 2] < 2 else "MISS"))

    with EmulatorProcess(topology="aio-dx", fresh=False) as emu:
        token, _ = emu.token(password=ADMIN_PASSWORD)
        urls = ["http://127.0.0.1:%d%s" % (port + emu.port_offset, path) for _, port, path in PATHS]
        rate, errors = asyncio.run(hammer(urls, {"X-Auth-Token": token}, args.seconds, args.concurrency))
        sample = json.dumps(__import__("stx_emulator.testing", fromlist=["http_json"]).http_json(
            "GET", urls[0], headers={"X-Auth-Token": token})[2]).encode()
    base_rate, _ = asyncio.run(baseline(args.seconds, args.concurrency, sample))
    print("GET throughput: emulator %.0f req/s (%d errors), static aiohttp baseline %.0f req/s, ratio %.2f "
          "(target >= 300 req/s): %s" % (rate, errors, base_rate, rate / base_rate, "PASS" if rate >= 300 else "MISS"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
