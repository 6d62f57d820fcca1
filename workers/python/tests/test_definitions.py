"""Definitions as announced, without a server."""

from __future__ import annotations

import json
from datetime import timedelta
from enum import Enum
from pathlib import Path
from typing import Literal, Optional

import pytest
from pydantic import BaseModel, Field

from taskforge_worker import App, NonRetryable, Retry, Timeouts
from taskforge_worker import durations
from taskforge_worker.artifacts import LocalArtifactStore
from taskforge_worker.context import api_id_of, tenant_of
from taskforge_worker.registry import report
from taskforge_worker.runner import Stats, _output
from taskforge_worker.worker import WorkerOptions

CONTRACT = Path(__file__).parent / "contract" / "worker-report.json"


class Colour(str, Enum):
    RED = "red"
    BLUE = "blue"


class Params(BaseModel):
    text: str = Field(description="the text")
    limit: int = Field(3, ge=1, le=20)
    style: Literal["bullet", "prose"] = "prose"
    colour: Colour = Colour.RED
    note: Optional[str] = None


def contract_app() -> App:
    app = App()

    @app.task_type(
        "summarize",
        description="Summarises a text",
        params=Params,
        retry=Retry(max_attempts=5, initial_interval="2s", non_retryable=("ValueError",)),
        timeouts=Timeouts(execution="10m", attempt="5m", heartbeat="20s"),
    )
    def summarize(params: Params, ctx) -> dict:
        return {}

    return app


def test_durations_readTaskforgeForms_andWriteIsoThatJavaReads():
    assert durations.parse("30s") == timedelta(seconds=30)
    assert durations.parse("PT1M30S") == timedelta(seconds=90)
    assert durations.parse("2h") == timedelta(hours=2)
    assert durations.iso(timedelta(milliseconds=1500)) == "PT1.5S"
    assert durations.iso(timedelta(hours=1)) == "PT3600S"
    with pytest.raises(ValueError):
        durations.parse("soon")


def test_tenant_andApiId_comeFromTheWorkflowId():
    assert tenant_of("acme/report-q3") == "acme" and api_id_of("acme/report-q3") == "report-q3"
    assert tenant_of("report-q3") == "default" and api_id_of("report-q3") == "report-q3"


def test_report_matchesTheContractTheJavaRegistryReads():
    report_json = report(
        contract_app(),
        "py-1",
        "python",
        4,
        Stats(),
        "2026-01-01T00:00:00.000Z",
        timedelta(seconds=15),
        False,
        host="host-1",
    )
    expected = json.loads(CONTRACT.read_text())
    report_json["reportedAt"] = expected["reportedAt"]
    assert report_json == expected


def test_modelDefaults_andConstraints_areInTheAnnouncedSchema():
    [announced] = report(
        contract_app(), "w", "python", 1, Stats(), "t", timedelta(seconds=15), False
    )["announcedTypes"]
    properties = announced["paramsSchema"]["properties"]
    assert properties["limit"] == {"default": 3, "maximum": 20, "minimum": 1, "title": "Limit", "type": "integer"}
    assert properties["style"]["enum"] == ["bullet", "prose"]
    assert announced["paramsSchema"]["required"] == ["text"]


def test_jsonSchemaParams_getTheSchemaDefaults():
    app = App()
    schema = {"type": "object", "properties": {"n": {"type": "integer", "default": 7}}}

    @app.task_type("count", params=schema)
    def count(params, ctx):
        return params

    assert app.task_types["count"].parse_params({}) == {"n": 7}
    assert app.task_types["count"].parse_params({"n": 2}) == {"n": 2}


def test_badParams_areNonRetryableInvalidParams_namingTheFields():
    task_type = contract_app().task_types["summarize"]
    with pytest.raises(NonRetryable) as refused:
        task_type.parse_params({"limit": 99})
    assert refused.value.type == "InvalidParams"
    assert "params.text" in refused.value.message and "params.limit" in refused.value.message


def test_definitions_refuseWhatTaskforgeWouldRefuse():
    app = App()
    with pytest.raises(ValueError):
        app.task_type("Bad-Name")(lambda p, c: None)
    with pytest.raises(ValueError):
        Timeouts(execution="1m", attempt="2m").announced()
    with pytest.raises(ValueError):
        WorkerOptions(queue="taskforge")
    with pytest.raises(ValueError):
        WorkerOptions(queue="gpu")


def test_largeResult_goesToResultJson_inTheArtifactStore(tmp_path):
    store = LocalArtifactStore(tmp_path)

    class Ctx:
        class artifacts:
            written: list = []

    output = _output("t-1", {"blob": "x" * 100}, Ctx, store, inline_limit=50)

    assert output["data"] == {}
    assert output["dataRef"]["name"] == "result.json"
    assert json.loads((tmp_path / "t-1" / "result.json").read_text()) == {"blob": "x" * 100}
    small = _output("t-2", ["a"], Ctx, store, inline_limit=50)
    assert small["data"] == {"result": ["a"]} and small["dataRef"] is None


def test_tenantTask_writesUnderItsTenantFolder_asTheJavaStoreReadsIt(tmp_path):
    store = LocalArtifactStore(tmp_path)

    ref = store.write("acme/report-q3", "out.txt", "text/plain", "hi")

    assert ref["taskId"] == "acme/report-q3"
    assert (tmp_path / "_tenants" / "acme" / "report-q3" / "out.txt").read_text() == "hi"
    assert store.path("default-task", "a.txt") == tmp_path / "default-task" / "a.txt"
    with pytest.raises(ValueError):
        store.write("acme/../x", "out.txt", "text/plain", "no")
