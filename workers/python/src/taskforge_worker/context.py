"""What a running task can ask of the worker: progress, cancellation, artifacts, its ids."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from .artifacts import Content, LocalArtifactStore
from .errors import TaskCancelled

#: Between a tenant and its API id in a workflow id (io.taskforge.workflows.TenantIds).
TENANT_SEPARATOR = "/"
DEFAULT_TENANT = "default"


def tenant_of(workflow_id: str) -> str:
    """The tenant whose id space the workflow id is in (``acme/report-q3`` → ``acme``)."""
    separator = workflow_id.find(TENANT_SEPARATOR)
    return DEFAULT_TENANT if separator <= 0 else workflow_id[:separator]


def api_id_of(workflow_id: str) -> str:
    """The id the tenant knows the task by (``acme/report-q3`` → ``report-q3``)."""
    separator = workflow_id.find(TENANT_SEPARATOR)
    return workflow_id if separator < 0 else workflow_id[separator + 1 :]


def now_iso() -> str:
    """An instant as Java's Instant reads it."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def progress_payload(percent: float, message: Optional[str]) -> dict[str, Any]:
    """The heartbeat details the API reads (io.taskforge.workflows.task.Progress)."""
    return {"percent": float(percent), "message": message, "at": now_iso()}


class Artifacts:
    """``ctx.artifacts``: files of this task, served by ``GET /tasks/{id}/artifacts/{name}``."""

    def __init__(self, store: LocalArtifactStore, task_id: str):
        self._store = store
        self._task_id = task_id
        self.written: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def write(self, name: str, content_type: str, data: Content) -> dict[str, Any]:
        """Writes ``data`` (bytes, text, a file object or an iterable of chunks) atomically."""
        ref = self._store.write(self._task_id, name, content_type, data)
        with self._lock:
            self.written = [r for r in self.written if r["name"] != name] + [ref]
        return ref


class TaskContext:
    """The ``ctx`` a handler receives."""

    def __init__(
        self,
        task_id: str,
        attempt: int,
        store: LocalArtifactStore,
        on_progress: Callable[[dict[str, Any]], None],
        cancelled: threading.Event,
        type_name: str = "",
    ):
        self.task_id = task_id
        """The task's workflow id (tenant prefix included, as in the Java TaskContext)."""
        self.api_id = api_id_of(task_id)
        """The id its tenant knows it by in the API."""
        self.tenant = tenant_of(task_id)
        self.attempt = attempt
        """1 for the first attempt."""
        self.type = type_name
        self.artifacts = Artifacts(store, task_id)
        self._on_progress = on_progress
        self._cancelled = cancelled

    def progress(self, fraction_or_percent: float, message: Optional[str] = None) -> None:
        """Reports progress: ``ctx.progress(0.4, "chunk 4 of 10")`` (0..1) or 40 (percent).

        It travels in the activity's heartbeat and shows in ``GET /tasks/{id}`` and the SSE stream.
        """
        value = float(fraction_or_percent)
        percent = value * 100 if 0 <= value <= 1 else value
        self._on_progress(progress_payload(max(-1.0, min(100.0, percent)), message))

    @property
    def cancelled(self) -> bool:
        """True once the task has been cancelled; long loops in sync handlers should check it."""
        return self._cancelled.is_set()

    def check_cancelled(self) -> None:
        """Raises :class:`TaskCancelled` if the task has been cancelled."""
        if self._cancelled.is_set():
            raise TaskCancelled()
