"""``taskforge-worker run mymodule:app --queue NAME``."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from datetime import timedelta

from . import durations
from .definition import App
from .worker import WorkerOptions, serve


def load(target: str) -> App:
    """``module:attribute`` (or ``module``, for its ``app``) → the App it names."""
    module_name, _, attribute = target.partition(":")
    sys.path.insert(0, os.getcwd())
    module = importlib.import_module(module_name)
    app = getattr(module, attribute or "app", None)
    if not isinstance(app, App):
        raise SystemExit(f"{target}: not a taskforge_worker.App (define app = App() there)")
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="taskforge-worker")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="serve the task types of an App")
    run.add_argument("target", help="module:attribute of the App, e.g. mymodule:app")
    run.add_argument(
        "--queue",
        default=os.environ.get("TASKFORGE_PYTHON_QUEUE"),
        required="TASKFORGE_PYTHON_QUEUE" not in os.environ,
        help="the task queue to poll (not taskforge or gpu: those are the Java workers')",
    )
    run.add_argument("--worker-id", default=os.environ.get("TASKFORGE_WORKER_ID"))
    run.add_argument(
        "--max-concurrent",
        type=int,
        default=int(os.environ.get("TASKFORGE_WORKER_MAX_CONCURRENT", "8")),
        help="tasks run at once, at most (sync handlers share a thread pool of this size)",
    )
    run.add_argument(
        "--registry-queue",
        default=os.environ.get("TASKFORGE_WORKER_TASK_QUEUE", "taskforge"),
        help="the queue of the app's workflows (taskforge.worker.task-queue), where the registry runs",
    )
    run.add_argument("--report-interval", default="3s")
    run.add_argument("--unhealthy-after", default="15s")
    run.add_argument("--log-level", default=os.environ.get("TASKFORGE_WORKER_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    app = load(args.target)
    options = WorkerOptions(
        queue=args.queue,
        max_concurrent=args.max_concurrent,
        registry_queue=args.registry_queue,
        report_interval=durations.parse(args.report_interval),
        unhealthy_after=durations.parse(args.unhealthy_after),
    )
    if args.worker_id:
        options.worker_id = args.worker_id
    try:
        asyncio.run(serve(app, options))
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
