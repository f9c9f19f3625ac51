#!/usr/bin/env python3
"""CPython asyncio baselines for Weft's side-by-side harness (dev.weft.benchmarks.SideBySide).

The same shapes the Java harnesses measure (dev.weft.benchmarks.SideBySide and Compare):
  spawn : asyncio.run(gather of N trivial coroutines returning i)  -> microseconds per task
  sleep : asyncio.run(gather of M x asyncio.sleep(1))              -> wall seconds
  sem   : T tasks, each holds an asyncio.Semaphore(P) permit for S ms -> wall seconds
  queue : 1 producer / C consumers through asyncio.Queue(maxsize)  -> items per second
          (the streaming hand-off row is this with C=1, maxsize=64)
  deadline : gather of N x sleep(S ms), each inside asyncio.timeout(); P in every hundred get
          S/2 and fire, the others 60 s and do not                  -> wall seconds
  gen   : an async generator of N items consumed by `async for`     -> items per second
          (it runs in the consumer's task: no buffer, no task switch per item, so --gen-capacity
          is only recorded; the JVM rows hand items between two tasks through a buffer)
  map   : concurrent map with a limit: gather of N coroutines, each inside an
          asyncio.Semaphore(L), sleeping S ms (0: none)              -> wall seconds
  io    : N concurrent requests to the harness's loopback latency server (Compare's IoServer),
          each on its own asyncio.open_connection: send "GET <ms>\n", read "OK\n", close
                                                                     -> requests per second and
          p99 latency in ms (from the burst's start to each answer, as the JVM rows measure it)

Human-readable progress goes to stderr; the last line on stdout is one JSON object that the Java
harness parses. Run by hand:  python3 benchmarks/python/asyncio_baseline.py --sleep-tasks 100000
"""
import argparse
import asyncio
import gc
import json
import math
import platform
import statistics
import sys
import time


async def trivial(i):
    return i


async def gather_trivial(n):
    return await asyncio.gather(*[trivial(i) for i in range(n)])


async def gather_sleep(m, seconds):
    return await asyncio.gather(*[asyncio.sleep(seconds) for _ in range(m)])


async def sem_run(tasks, permits, millis):
    s = asyncio.Semaphore(permits)

    async def one():
        async with s:
            await asyncio.sleep(millis / 1000)

    await asyncio.gather(*[one() for _ in range(tasks)])


async def queue_run(items, consumers, capacity):
    q = asyncio.Queue(maxsize=capacity)
    stop = object()

    async def consume():
        n = 0
        while (await q.get()) is not stop:
            n += 1
        return n

    async def produce():
        item = object()
        for _ in range(items):
            await q.put(item)
        for _ in range(consumers):
            await q.put(stop)

    cs = [asyncio.create_task(consume()) for _ in range(consumers)]
    await produce()
    counts = await asyncio.gather(*cs)
    assert sum(counts) == items


async def deadline_run(n, millis, percent):
    sleep = millis / 1000
    firing = (millis // 2) / 1000  # the JVM rows' MILLIS/2, in whole milliseconds
    fired = 0

    async def one(i):
        nonlocal fired
        try:
            async with asyncio.timeout(firing if i % 100 < percent else 60.0):
                await asyncio.sleep(sleep)
        except TimeoutError:
            fired += 1

    await asyncio.gather(*[one(i) for i in range(n)])
    want = n // 100 * percent + min(n % 100, percent)
    assert fired == want, f"fired {fired}, expected {want}"


async def gen_run(items):
    item = object()

    async def produce():
        for _ in range(items):
            yield item

    k = 0
    async for _ in produce():
        k += 1
    assert k == items


async def map_run(items, limit, millis):
    s = asyncio.Semaphore(limit)
    inside = 0
    most = 0

    async def one(i):
        nonlocal inside, most
        async with s:
            inside += 1
            most = max(most, inside)
            try:
                if millis > 0:
                    await asyncio.sleep(millis / 1000)
                return i
            finally:
                inside -= 1

    r = await asyncio.gather(*[one(i) for i in range(items)])
    assert len(r) == items and r[-1] == items - 1 and most <= limit, f"limit broken: {most}"


async def io_run(n, latency_ms, port):
    request = f"GET {latency_ms}\n".encode("ascii")
    answered = [0.0] * n

    async def one(i):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(request)
            await writer.drain()
            got = await reader.readexactly(3)
            if got != b"OK\n":
                raise ConnectionError(f"unexpected answer {got!r}")
            answered[i] = time.perf_counter()
        finally:
            writer.close()
            await writer.wait_closed()

    t0 = time.perf_counter()
    results = await asyncio.gather(*[one(i) for i in range(n)], return_exceptions=True)
    wall = time.perf_counter() - t0
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        raise RuntimeError(f"{len(failed)} of {n} requests failed; the first: {failed[0]!r}")
    latency = sorted(a - t0 for a in answered)
    return n / wall, latency[max(0, math.ceil(0.99 * n) - 1)] * 1000


def raise_fd_limit(need):
    """10,000 open connections need more descriptors than a default soft limit of 1024 allows."""
    try:
        import resource
    except ImportError:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "rounds": len(values)}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--spawn-tasks", type=int, default=100_000)
    p.add_argument("--spawn-warmup", type=int, default=3)
    p.add_argument("--spawn-rounds", type=int, default=10)
    p.add_argument("--sleep-tasks", type=int, default=1_000_000)
    p.add_argument("--sleep-seconds", type=float, default=1.0)
    p.add_argument("--sleep-warmup", type=int, default=0)
    p.add_argument("--sleep-rounds", type=int, default=3)
    p.add_argument("--sem-tasks", type=int, default=0)
    p.add_argument("--sem-permits", type=int, default=100)
    p.add_argument("--sem-millis", type=float, default=10)
    p.add_argument("--queue-items", type=int, default=0)
    p.add_argument("--queue-consumers", type=int, default=4)
    p.add_argument("--queue-capacity", type=int, default=1024)
    p.add_argument("--deadline-tasks", type=int, default=0)
    p.add_argument("--deadline-millis", type=int, default=100)
    p.add_argument("--deadline-percent", type=int, default=0)
    p.add_argument("--gen-items", type=int, default=0)
    p.add_argument("--gen-capacity", type=int, default=64, help="recorded only: an async generator has no buffer")
    p.add_argument("--map-items", type=int, default=0)
    p.add_argument("--map-limit", type=int, default=100)
    p.add_argument("--map-millis", type=float, default=0)
    p.add_argument("--io-requests", type=int, default=0)
    p.add_argument("--io-latency-ms", type=int, default=20)
    p.add_argument("--io-port", type=int, default=0, help="port of the harness's latency server on 127.0.0.1")
    p.add_argument("--rounds", type=int, default=1, help="rounds of sem, queue, deadline, gen, map and io")
    a = p.parse_args()

    out = {"python": platform.python_version(), "implementation": platform.python_implementation()}

    if a.spawn_tasks > 0 and a.spawn_rounds > 0:
        n = a.spawn_tasks
        samples = []
        for r in range(a.spawn_warmup + a.spawn_rounds):
            secs, res = timed(lambda: asyncio.run(gather_trivial(n)))
            assert len(res) == n and res[-1] == n - 1
            us = secs * 1e6 / n
            phase = "warmup" if r < a.spawn_warmup else "round"
            print(f"[asyncio] spawn {phase} {r}: {us:.3f} us/task", file=sys.stderr, flush=True)
            if r >= a.spawn_warmup:
                samples.append(us)
        out["spawn_tasks"] = n
        out["spawn_us_per_task"] = summary(samples)

    if a.sleep_tasks > 0 and a.sleep_rounds > 0:
        m = a.sleep_tasks
        samples = []
        for r in range(a.sleep_warmup + a.sleep_rounds):
            secs, res = timed(lambda: asyncio.run(gather_sleep(m, a.sleep_seconds)))
            assert len(res) == m
            del res
            phase = "warmup" if r < a.sleep_warmup else "round"
            print(f"[asyncio] sleep {phase} {r}: {m} tasks, {secs:.3f} s wall", file=sys.stderr, flush=True)
            if r >= a.sleep_warmup:
                samples.append(secs)
        out["sleep_tasks"] = m
        out["sleep_seconds"] = a.sleep_seconds
        out["sleep_wall_s"] = summary(samples)

    def rounds(name, make_coro, value=lambda secs: secs, show=lambda v: f"{v:.3f} s wall"):
        """a.rounds fresh event loops each running make_coro(); the summary of value(wall seconds) per round"""
        samples = []
        for r in range(a.rounds):
            secs, _ = timed(lambda: asyncio.run(make_coro()))
            v = value(secs)
            print(f"[asyncio] {name} round {r}: {show(v)}", file=sys.stderr, flush=True)
            samples.append(v)
        return summary(samples)

    def per_second(items):
        return dict(value=lambda secs: items / secs, show=lambda v: f"{v:,.0f} items/s")

    if a.sem_tasks > 0:
        out["sem_wall_s"] = rounds("sem", lambda: sem_run(a.sem_tasks, a.sem_permits, a.sem_millis))

    if a.queue_items > 0:
        out["queue_items_per_s"] = rounds(
            "queue", lambda: queue_run(a.queue_items, a.queue_consumers, a.queue_capacity), **per_second(a.queue_items))

    if a.deadline_tasks > 0:
        if a.deadline_millis < 2 or not 0 <= a.deadline_percent <= 100:
            p.error(f"--deadline-millis must be >= 2 and --deadline-percent in 0..100: "
                    f"{a.deadline_millis} {a.deadline_percent}")
        out["deadline_wall_s"] = rounds(
            "deadline", lambda: deadline_run(a.deadline_tasks, a.deadline_millis, a.deadline_percent))

    if a.gen_items > 0:
        out["gen_items_per_s"] = rounds("gen", lambda: gen_run(a.gen_items), **per_second(a.gen_items))

    if a.map_items > 0:
        out["map_wall_s"] = rounds("map", lambda: map_run(a.map_items, a.map_limit, a.map_millis))

    if a.io_requests > 0:
        if a.io_port <= 0:
            p.error("--io-port is required with --io-requests (the harness's latency server)")
        raise_fd_limit(a.io_requests + 256)
        rps, p99 = [], []
        for r in range(a.rounds):
            gc.collect()
            x, q = asyncio.run(io_run(a.io_requests, a.io_latency_ms, a.io_port))
            print(f"[asyncio] io round {r}: {x:,.0f} requests/s, p99 {q:.1f} ms", file=sys.stderr, flush=True)
            rps.append(x)
            p99.append(q)
        out["io_rps"] = summary(rps)
        out["io_p99_ms"] = summary(p99)

    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
