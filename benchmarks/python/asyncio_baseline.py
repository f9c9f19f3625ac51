#!/usr/bin/env python3
"""CPython asyncio baselines for Weft's side-by-side harness (dev.weft.benchmarks.SideBySide).

The same shapes the Java harnesses measure (dev.weft.benchmarks.SideBySide and Compare):
  spawn : asyncio.run(gather of N trivial coroutines returning i)  -> microseconds per task
  sleep : asyncio.run(gather of M x asyncio.sleep(1))              -> wall seconds
  sem   : T tasks, each holds an asyncio.Semaphore(P) permit for S ms -> wall seconds
  queue : 1 producer / C consumers through asyncio.Queue(maxsize)  -> items per second

Human-readable progress goes to stderr; the last line on stdout is one JSON object that the Java
harness parses. Run by hand:  python3 benchmarks/python/asyncio_baseline.py --sleep-tasks 100000
"""
import argparse
import asyncio
import gc
import json
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
    p.add_argument("--rounds", type=int, default=1, help="rounds of sem and queue")
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

    if a.sem_tasks > 0:
        samples = []
        for r in range(a.rounds):
            secs, _ = timed(lambda: asyncio.run(sem_run(a.sem_tasks, a.sem_permits, a.sem_millis)))
            print(f"[asyncio] sem round {r}: {secs:.3f} s wall", file=sys.stderr, flush=True)
            samples.append(secs)
        out["sem_wall_s"] = summary(samples)

    if a.queue_items > 0:
        samples = []
        for r in range(a.rounds):
            secs, _ = timed(lambda: asyncio.run(queue_run(a.queue_items, a.queue_consumers, a.queue_capacity)))
            print(f"[asyncio] queue round {r}: {a.queue_items / secs:,.0f} items/s", file=sys.stderr, flush=True)
            samples.append(a.queue_items / secs)
        out["queue_items_per_s"] = summary(samples)

    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
