"""Reports this worker and its task types to Taskforge's worker registry.

The registry is the Java ``WorkerRegistryWorkflow`` (id ``taskforge-worker-registry`` on the
app's queue); like a gpu-worker, this worker signals-with-start a ``WorkerReport`` every few
seconds, and a last one saying it stops. Its ``announcedTypes`` carry each type's definition, which
the app lists at ``GET /api/v1/task-types`` and validates submissions against. A worker killed
outright simply stops reporting, and the registry marks it unhealthy after ``unhealthyAfter``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from datetime import datetime, timedelta, timezone
from typing import Any

from temporalio.client import Client

from . import durations
from .context import now_iso
from .definition import App
from .runner import Stats

log = logging.getLogger("taskforge_worker")

REGISTRY_WORKFLOW_ID = "taskforge-worker-registry"
REGISTRY_WORKFLOW_TYPE = "WorkerRegistryWorkflow"
REPORT_SIGNAL = "report"


def report(
    app: App,
    worker_id: str,
    queue: str,
    slots: int,
    stats: Stats,
    started_at: str,
    unhealthy_after: timedelta,
    stopping: bool,
    host: str | None = None,
) -> dict[str, Any]:
    """A ``WorkerReport`` as the Java record reads it."""
    names = sorted(app.task_types)
    return {
        "workerId": worker_id,
        "host": host or socket.gethostname(),
        "queue": queue,
        "sharedQueue": queue,
        "mode": "CPU",
        "gpus": [],
        "slotsTotal": slots,
        "slotsBusy": min(slots, stats.running),
        "tasksRunning": stats.running,
        "tasksCompleted": stats.completed,
        "tasksFailed": stats.failed,
        "warmModels": [],
        "taskTypes": names,
        "startedAt": started_at,
        "reportedAt": now_iso(),
        "unhealthyAfter": durations.iso(unhealthy_after),
        "stopping": stopping,
        "circuitBreakers": [],
        "announcedTypes": [app.task_types[name].announcement(queue) for name in names],
    }


class Reporter:
    def __init__(
        self,
        client: Client,
        app: App,
        worker_id: str,
        queue: str,
        slots: int,
        stats: Stats,
        registry_queue: str,
        interval: timedelta,
        unhealthy_after: timedelta,
    ):
        self._client = client
        self._app = app
        self._worker_id = worker_id
        self._queue = queue
        self._slots = slots
        self._stats = stats
        self._registry_queue = registry_queue
        self._interval = interval
        self._unhealthy_after = unhealthy_after
        self._started_at = datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace(
            "+00:00", "Z"
        )
        self._failing = False

    async def send(self, stopping: bool = False) -> bool:
        body = report(
            self._app,
            self._worker_id,
            self._queue,
            self._slots,
            self._stats,
            self._started_at,
            self._unhealthy_after,
            stopping,
        )
        try:
            await self._client.start_workflow(
                REGISTRY_WORKFLOW_TYPE,
                {"workers": []},
                id=REGISTRY_WORKFLOW_ID,
                task_queue=self._registry_queue,
                start_signal=REPORT_SIGNAL,
                start_signal_args=[body],
                rpc_timeout=self._interval,
            )
            if self._failing:
                log.info("reporting to the worker registry again")
            self._failing = False
            return True
        except Exception as e:
            if not self._failing:
                log.warning("could not report to the worker registry: %s", e)
            self._failing = True
            return False

    async def run(self) -> None:
        while True:
            await self.send()
            await asyncio.sleep(self._interval.total_seconds())
