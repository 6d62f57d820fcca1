"""Turns a task type into the Temporal activity the Java task workflow schedules.

The workflow (io.taskforge.workflows.task.TaskWorkflowImpl) schedules an activity whose type is
the task type's name on the type's queue, with a ``TaskActivityInput`` and expecting a
``TaskOutput``. Around the handler this does what the Java dispatcher does: tells the workflow the
attempt started (``activityStarted``: the task becomes RUNNING), heartbeats ``Progress`` in the
background (a killed worker is noticed within the heartbeat timeout; a cancel reaches the handler),
maps failures to Taskforge's, and moves a result too large for history into the artifact store.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import os
import threading
from concurrent.futures import Executor
from datetime import timedelta
from typing import Any, Callable

import pydantic
import temporalio.activity
from temporalio.exceptions import ApplicationError

from .artifacts import LocalArtifactStore
from .context import TaskContext, now_iso, progress_payload
from .definition import TaskType
from .errors import NonRetryable, TaskCancelled

log = logging.getLogger("taskforge_worker")

TASK_WORKFLOW_TYPE = "TaskWorkflow"
ACTIVITY_STARTED_SIGNAL = "activityStarted"
RESULT_ARTIFACT = "result.json"
DEFAULT_INLINE_LIMIT = 262144


class Stats:
    """What the worker report counts."""

    def __init__(self) -> None:
        self.running = 0
        self.completed = 0
        self.failed = 0


def heartbeat_period(timeout: timedelta | None) -> float:
    """As the Java dispatcher: a third of the heartbeat timeout, at least 0.2 s; 5 s without one."""
    if not timeout:
        return 5.0
    return max(0.2, timeout.total_seconds() / 3)


def build_activity(
    task_type: TaskType,
    store: LocalArtifactStore,
    executor: Executor,
    identity: str,
    stats: Stats,
    inline_limit: int = DEFAULT_INLINE_LIMIT,
) -> Callable[..., Any]:
    async def run(input: dict[str, Any]) -> dict[str, Any]:
        info = temporalio.activity.info()
        task_id = input.get("taskId") or info.workflow_id
        loop = asyncio.get_running_loop()
        cancelled = threading.Event()
        latest = {"details": progress_payload(-1, "started")}
        wake = asyncio.Event()

        def on_progress(details: dict[str, Any]) -> None:
            latest["details"] = details
            loop.call_soon_threadsafe(wake.set)

        ctx = TaskContext(task_id, info.attempt, store, on_progress, cancelled, task_type.name)
        stats.running += 1
        succeeded = False
        await _report_started(info, identity)
        temporalio.activity.heartbeat(latest["details"])
        beats = asyncio.create_task(_heartbeats(latest, wake, heartbeat_period(info.heartbeat_timeout)))
        try:
            params = task_type.parse_params(input.get("params") or {})
            if task_type.is_async:
                try:
                    result = await task_type.call(params, ctx)
                except asyncio.CancelledError:
                    cancelled.set()
                    raise
            else:
                result = await _in_thread(executor, task_type, params, ctx, cancelled)
            if cancelled.is_set():
                raise asyncio.CancelledError()
            output = _output(task_id, result, ctx, store, inline_limit)
            succeeded = True
            return output
        except TaskCancelled:
            if cancelled.is_set() or temporalio.activity.is_cancelled():
                raise asyncio.CancelledError() from None
            raise ApplicationError("the task raised TaskCancelled without a cancel", type="TaskCancelled")
        except NonRetryable as e:
            raise ApplicationError(e.message, e.details, type=e.type, non_retryable=True) from e
        finally:
            beats.cancel()
            stats.running -= 1
            if succeeded:
                stats.completed += 1
            else:
                stats.failed += 1

    run.__name__ = f"taskforge_{task_type.name}"
    return temporalio.activity.defn(name=task_type.name)(run)


async def _in_thread(
    executor: Executor, task_type: TaskType, params: Any, ctx: TaskContext, cancelled: threading.Event
) -> Any:
    """Runs a sync handler in the worker's thread pool; a cancel sets ``ctx.cancelled`` and waits
    for the handler to notice (cooperative), then the attempt ends cancelled."""
    loop = asyncio.get_running_loop()
    context = contextvars.copy_context()
    future = loop.run_in_executor(executor, context.run, task_type.call, params, ctx)
    try:
        return await asyncio.shield(future)
    except asyncio.CancelledError:
        cancelled.set()
        try:
            await future
        except BaseException:  # the handler's own way of stopping
            pass
        raise


async def _heartbeats(latest: dict[str, Any], wake: asyncio.Event, period: float) -> None:
    while True:
        try:
            await asyncio.wait_for(wake.wait(), timeout=period)
        except asyncio.TimeoutError:
            pass
        wake.clear()
        temporalio.activity.heartbeat(latest["details"])


async def _report_started(info: temporalio.activity.Info, identity: str) -> None:
    if info.workflow_type != TASK_WORKFLOW_TYPE:
        return
    try:
        handle = temporalio.activity.client().get_workflow_handle(info.workflow_id)
        await handle.signal(
            ACTIVITY_STARTED_SIGNAL,
            {"attempt": info.attempt, "startedAt": now_iso(), "workerIdentity": identity},
        )
    except Exception as e:  # the task still runs; only its RUNNING status is late
        log.warning("could not report start of task %s: %s", info.workflow_id, e)


def _output(
    task_id: str, result: Any, ctx: TaskContext, store: LocalArtifactStore, inline_limit: int
) -> dict[str, Any]:
    """The ``TaskOutput``: data inline, or in ``result.json`` when too large for history."""
    data = _data(result)
    encoded = json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")
    if len(encoded) > inline_limit:
        ref = store.write(task_id, RESULT_ARTIFACT, "application/json", encoded)
        return {"data": {}, "dataRef": ref, "artifacts": ctx.artifacts.written}
    return {"data": data, "dataRef": None, "artifacts": ctx.artifacts.written}


def _data(result: Any) -> dict[str, Any]:
    if result is None:
        return {}
    if isinstance(result, pydantic.BaseModel):
        result = result.model_dump(mode="json")
    if isinstance(result, dict):
        return json.loads(json.dumps(result, default=str))
    return {"result": json.loads(json.dumps(result, default=str))}


def inline_limit_from_environment() -> int:
    return int(os.environ.get("TASKFORGE_ARTIFACTS_INLINE_RESULT_LIMIT_BYTES", DEFAULT_INLINE_LIMIT))
