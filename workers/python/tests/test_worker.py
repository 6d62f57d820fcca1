"""The worker against a real dev server, driven by a stand-in for the Java task workflow that
schedules activities exactly as TaskWorkflowImpl does (type name, TaskActivityInput, queue)."""

from __future__ import annotations

import asyncio
import json
import threading
import uuid
from datetime import timedelta
from typing import Any

import pytest
from pydantic import BaseModel, Field
from temporalio import workflow
from temporalio.client import WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

from taskforge_worker import App, NonRetryable, Retry, Timeouts
from taskforge_worker.worker import TaskforgeWorker, WorkerOptions

WORKFLOW_QUEUE = "python-worker-tests-workflows"


@workflow.defn(name="TaskWorkflow")
class StandInTaskWorkflow:
    """Schedules the task type's activity as the Java workflow does, and records the
    activityStarted signals the worker sends."""

    def __init__(self) -> None:
        self.starts: list[dict[str, Any]] = []

    @workflow.run
    async def run(self, request: dict[str, Any]) -> dict[str, Any]:
        return await workflow.execute_activity(
            request["type"],
            {"taskId": workflow.info().workflow_id, "type": request["type"], "params": request["params"]},
            task_queue=request["queue"],
            start_to_close_timeout=timedelta(seconds=60),
            heartbeat_timeout=timedelta(seconds=request.get("heartbeat", 2)),
            retry_policy=RetryPolicy(
                maximum_attempts=request.get("attempts", 1), initial_interval=timedelta(milliseconds=100)
            ),
            cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        )

    @workflow.signal(name="activityStarted")
    def activity_started(self, started: dict[str, Any]) -> None:
        self.starts.append(started)

    @workflow.query
    def started(self) -> list[dict[str, Any]]:
        return self.starts


@workflow.defn(name="WorkerRegistryWorkflow")
class StandInRegistry:
    """Keeps the reports it is sent, as the Java registry does."""

    def __init__(self) -> None:
        self.reports: list[dict[str, Any]] = []

    @workflow.run
    async def run(self, carried: dict[str, Any]) -> None:
        await workflow.wait_condition(lambda: False)

    @workflow.signal(name="report")
    def report(self, report: dict[str, Any]) -> None:
        self.reports.append(report)

    @workflow.query
    def received(self) -> list[dict[str, Any]]:
        return self.reports


class Greeting(BaseModel):
    name: str = Field(description="who to greet")
    times: int = Field(2, ge=1, le=5)


app = App()
release = threading.Event()
async_release = asyncio.Event()
attempts_seen: list[int] = []


@app.task_type("greet", description="Greets someone", params=Greeting)
def greet(params: Greeting, ctx) -> dict:
    ctx.progress(0.5, "half way")
    ctx.artifacts.write("greeting.txt", "text/plain", "hello " * params.times)
    release.wait(30)
    return {"text": f"hello {params.name}", "tenant": ctx.tenant, "attempt": ctx.attempt}


@app.task_type("flaky", retry=Retry(max_attempts=3, initial_interval="100ms"))
def flaky(params: dict, ctx) -> dict:
    attempts_seen.append(ctx.attempt)
    if ctx.attempt < 2:
        raise RuntimeError("first attempt fails")
    return {"attempt": ctx.attempt}


@app.task_type("refuse")
def refuse(params: dict, ctx) -> dict:
    attempts_seen.append(ctx.attempt)
    raise NonRetryable("this input can never work", type="BadInput")


noticed_cancel: list[str] = []


@app.task_type("spin", timeouts=Timeouts(heartbeat="2s"))
def spin(params: dict, ctx) -> dict:
    ctx.progress(0.1, "spinning")
    while not ctx.cancelled:
        threading.Event().wait(0.05)
    noticed_cancel.append("spin")
    return {"stopped": True}


@app.task_type("wait_async")
async def wait_async(params: dict, ctx) -> dict:
    ctx.progress(10, "waiting")
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        noticed_cancel.append("wait_async")
        raise
    return {}


async def start_worker(env, queue: str) -> tuple[TaskforgeWorker, asyncio.Event, asyncio.Task]:
    worker = TaskforgeWorker(
        env.client,
        app,
        WorkerOptions(
            queue=queue,
            worker_id="test-" + queue,
            registry_queue=WORKFLOW_QUEUE,
            report_interval=timedelta(milliseconds=500),
        ),
    )
    stop = asyncio.Event()
    return worker, stop, asyncio.create_task(worker.run(stop))


@pytest.fixture
async def served(env, artifacts_dir):
    queue = "py-" + uuid.uuid4().hex[:8]
    workflows = Worker(
        env.client,
        task_queue=WORKFLOW_QUEUE,
        workflows=[StandInTaskWorkflow, StandInRegistry],
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    async with workflows:
        worker, stop, running = await start_worker(env, queue)
        try:
            yield queue
        finally:
            stop.set()
            await asyncio.wait_for(running, 30)


async def start_task(env, queue: str, type_name: str, params: dict, task_id: str | None = None, **extra):
    return await env.client.start_workflow(
        "TaskWorkflow",
        {"type": type_name, "params": params, "queue": queue, **extra},
        id=task_id or "task-" + uuid.uuid4().hex[:8],
        task_queue=WORKFLOW_QUEUE,
    )


async def progress_of(handle) -> dict | None:
    description = await handle.describe()
    for pending in description.raw_description.pending_activities:
        payloads = pending.heartbeat_details.payloads
        if payloads:
            return json.loads(payloads[-1].data)
    return None


async def eventually(probe, seconds: float = 20):
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.1)


async def test_syncTask_reportsStartAndProgress_writesArtifact_andCompletes(env, served, artifacts_dir):
    release.clear()
    handle = await start_task(env, served, "greet", {"name": "Ada"}, task_id="greet-" + served)

    async def half_way():
        progress = await progress_of(handle)
        return progress if progress and progress["message"] == "half way" else None

    progress = await eventually(half_way)
    assert progress["percent"] == 50.0
    assert progress["at"].endswith("Z")
    starts = await handle.query("started")
    assert [s["attempt"] for s in starts] == [1]
    assert starts[0]["workerIdentity"] == "python-worker:test-" + served
    release.set()

    output = await handle.result()

    assert output["data"] == {"text": "hello Ada", "tenant": "default", "attempt": 1}
    assert output["dataRef"] is None
    [ref] = output["artifacts"]
    assert ref["name"] == "greeting.txt" and ref["sizeBytes"] == len("hello hello ")
    assert (artifacts_dir / ("greet-" + served) / "greeting.txt").read_text() == "hello hello "


async def test_paramsThatDoNotFitTheModel_failAtOnceAsInvalidParams(env, served):
    handle = await start_task(env, served, "greet", {"times": 9}, attempts=5)

    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()

    cause = failure.value.cause
    assert isinstance(cause, ActivityError)
    assert isinstance(cause.cause, ApplicationError)
    assert cause.cause.type == "InvalidParams"
    assert cause.cause.non_retryable
    assert "params.name" in cause.cause.message and "params.times" in cause.cause.message


async def test_anyOtherException_isRetriedByThePolicy(env, served):
    attempts_seen.clear()
    handle = await start_task(env, served, "flaky", {}, attempts=3)

    output = await handle.result()

    assert output["data"] == {"attempt": 2}
    assert attempts_seen == [1, 2]


async def test_nonRetryable_isNeverRetried_andKeepsItsType(env, served):
    attempts_seen.clear()
    handle = await start_task(env, served, "refuse", {}, attempts=5)

    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()

    assert failure.value.cause.cause.type == "BadInput"
    assert failure.value.cause.cause.non_retryable
    assert attempts_seen == [1]


@pytest.mark.parametrize("type_name", ["spin", "wait_async"])
async def test_cancel_reachesARunningHandler_andTheActivityEndsCancelled(env, served, type_name):
    handle = await start_task(env, served, type_name, {})
    await eventually(lambda: progress_of(handle))

    await handle.cancel()

    with pytest.raises(WorkflowFailureError) as failure:
        await handle.result()
    assert isinstance(failure.value.cause, CancelledError)
    assert type_name in noticed_cancel
    # The workflow waited for the worker to stop: the attempt ended cancelled, not abandoned.
    events = [e async for e in handle.fetch_history_events()]
    assert any(e.HasField("activity_task_canceled_event_attributes") for e in events)


async def test_worker_announcesItsTypes_andSaysWhenItStops(env, artifacts_dir):
    queue = "py-" + uuid.uuid4().hex[:8]
    workflows = Worker(
        env.client,
        task_queue=WORKFLOW_QUEUE,
        workflows=[StandInTaskWorkflow, StandInRegistry],
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    async with workflows:
        registry = env.client.get_workflow_handle("taskforge-worker-registry")
        worker, stop, running = await start_worker(env, queue)

        async def mine():
            reports = await registry.query("received")
            return [r for r in reports if r["queue"] == queue]

        first = (await eventually(mine))[0]
        stop.set()
        await asyncio.wait_for(running, 30)
        last = (await mine())[-1]

    assert first["workerId"] == "test-" + queue
    assert first["stopping"] is False and last["stopping"] is True
    assert first["taskTypes"] == sorted(app.task_types)
    greet_type = next(t for t in first["announcedTypes"] if t["name"] == "greet")
    assert greet_type["queue"] == queue
    assert greet_type["description"] == "Greets someone"
    assert greet_type["runtime"] == "python"
    assert greet_type["paramsSchema"]["required"] == ["name"]
    assert greet_type["paramsSchema"]["properties"]["times"]["default"] == 2
    assert greet_type["defaultRetry"]["maximumAttempts"] == 3
    assert greet_type["defaultTimeouts"]["heartbeat"] == "PT30S"
