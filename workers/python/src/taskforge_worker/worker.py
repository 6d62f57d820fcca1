"""Runs a worker: polls one task queue for the app's task types and reports to the registry."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Optional

from temporalio.client import Client
from temporalio.worker import Worker

from . import artifacts, config
from .definition import App
from .registry import Reporter
from .runner import Stats, build_activity, inline_limit_from_environment

log = logging.getLogger("taskforge_worker")

#: Queues the Java workers poll: a task of a Python type there would be taken and failed by them.
JAVA_QUEUES = ("taskforge", "gpu")


@dataclass
class WorkerOptions:
    queue: str
    worker_id: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    max_concurrent: int = 8
    registry_queue: str = "taskforge"
    report_interval: timedelta = timedelta(seconds=3)
    unhealthy_after: timedelta = timedelta(seconds=15)
    graceful_shutdown: timedelta = timedelta(seconds=10)

    def __post_init__(self) -> None:
        if not self.queue or self.queue in JAVA_QUEUES or self.queue.startswith("gpu@"):
            raise ValueError(
                f"queue {self.queue!r} is polled by Taskforge's Java workers: name a queue of "
                "the Python worker's own, e.g. --queue python"
            )
        if self.max_concurrent < 1:
            raise ValueError("max_concurrent must be at least 1")

    @property
    def identity(self) -> str:
        return f"python-worker:{self.worker_id}"


class TaskforgeWorker:
    """One worker process's Temporal worker and registry reporter."""

    def __init__(self, client: Client, app: App, options: WorkerOptions):
        if not app.task_types:
            raise ValueError("the app defines no task types")
        self.client = client
        self.app = app
        self.options = options
        self.stats = Stats()
        self._executor = ThreadPoolExecutor(
            max_workers=options.max_concurrent, thread_name_prefix="taskforge-task"
        )
        store = artifacts.from_environment()
        limit = inline_limit_from_environment()
        activities = [
            build_activity(t, store, self._executor, options.identity, self.stats, limit)
            for t in app.task_types.values()
        ]
        self.worker = Worker(
            client,
            task_queue=options.queue,
            activities=activities,
            max_concurrent_activities=options.max_concurrent,
            graceful_shutdown_timeout=options.graceful_shutdown,
            identity=options.identity,
        )
        self.reporter = Reporter(
            client,
            app,
            options.worker_id,
            options.queue,
            options.max_concurrent,
            self.stats,
            options.registry_queue,
            options.report_interval,
            options.unhealthy_after,
        )

    async def run(self, stop: Optional[asyncio.Event] = None) -> None:
        """Serves until ``stop`` is set (or forever), then drains and sends a last report."""
        stop = stop or asyncio.Event()
        reporting = asyncio.create_task(self.reporter.run())
        polling = asyncio.create_task(self.worker.run())
        log.info(
            "worker %s serves %s on queue %s",
            self.options.worker_id,
            ", ".join(sorted(self.app.task_types)),
            self.options.queue,
        )
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({polling, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            reporting.cancel()
            try:
                # Best effort: with Temporal unreachable the registry notices the silence instead.
                await asyncio.wait_for(self.reporter.send(stopping=True), timeout=5)
            except asyncio.TimeoutError:
                log.warning("could not send the last report to the worker registry")
            if not polling.done():
                await self.worker.shutdown()
            stopping.cancel()
            self._executor.shutdown(wait=False, cancel_futures=True)
        if polling.done() and not polling.cancelled() and polling.exception():
            raise polling.exception()  # type: ignore[misc]


async def connect(identity: str) -> Client:
    return await Client.connect(identity=identity, **config.connect_options())


async def serve(app: App, options: WorkerOptions) -> None:
    """Connects from the environment and serves until SIGTERM or SIGINT."""
    client = await connect(options.identity)
    worker = TaskforgeWorker(client, app, options)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await worker.run(stop)
