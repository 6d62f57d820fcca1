"""Submits N tasks of each type to a running app and reports tasks per second until all are done.

    PYTHONPATH=bench/python .tools/python-venv/bin/taskforge-worker run noop_tasks:app --queue python &
    .tools/python-venv/bin/python bench/python/throughput.py --url http://localhost:8080 --count 300

Compares the no-op Python type with the Java `sleep` type at 0s, on the same app and dev server,
in one run. Bounded: it submits --count tasks per type and waits at most --limit seconds.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

KEY = "tf_dev_local_only_not_for_production"


def call(url: str, method: str = "GET", body: dict | None = None) -> dict:
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"X-API-Key": KEY, "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"{}")


def run(base: str, task: dict, count: int, limit: float) -> float:
    prefix = f"tp-{task['type']}-{uuid.uuid4().hex[:6]}"
    ids = [f"{prefix}-{i}" for i in range(count)]
    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda i: call(f"{base}/api/v1/tasks", "POST", {"id": i, **task}), ids))
    pending = set(ids)
    while pending and time.monotonic() - started < limit:
        with ThreadPoolExecutor(16) as pool:
            states = dict(zip(pending, pool.map(lambda i: call(f"{base}/api/v1/tasks/{i}")["status"], pending)))
        pending = {i for i, s in states.items() if s != "COMPLETED"}
        if pending:
            time.sleep(0.2)
    elapsed = time.monotonic() - started
    if pending:
        raise SystemExit(f"{len(pending)} {task['type']} tasks not done after {limit}s")
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8080")
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--limit", type=float, default=300)
    args = parser.parse_args()
    run(args.url, {"type": "py_noop"}, 20, args.limit)  # warm-up
    run(args.url, {"type": "sleep", "params": {"duration": "0s"}}, 20, args.limit)
    python = run(args.url, {"type": "py_noop"}, args.count, args.limit)
    java = run(args.url, {"type": "sleep", "params": {"duration": "0s"}}, args.count, args.limit)
    print(f"py_noop (Python worker): {python:.1f} tasks/s")
    print(f"sleep 0s (Java worker):  {java:.1f} tasks/s")


if __name__ == "__main__":
    main()
