"""The example worker (examples/python) does what its README says."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import threading
from pathlib import Path

import pytest

from taskforge_worker import NonRetryable
from taskforge_worker.artifacts import LocalArtifactStore
from taskforge_worker.context import TaskContext

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "python" / "text_tasks.py"


def load_example():
    spec = importlib.util.spec_from_file_location("text_tasks", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["text_tasks"] = module  # as `taskforge-worker run text_tasks:app` imports it
    spec.loader.exec_module(module)
    return module


def context(tmp_path, progress):
    return TaskContext("t-1", 1, LocalArtifactStore(tmp_path), progress.append, threading.Event())


def test_summarize_keepsTheMostRepresentativeSentences_inOrder(tmp_path):
    example = load_example()
    task = example.app.task_types["summarize_text"]
    text = (
        "Temporal runs durable workflows. Durable workflows survive crashes. "
        "Lunch was nice. Workflows and activities make durable systems."
    )
    progress: list = []
    params = task.parse_params({"text": text, "max_sentences": 2, "style": "bullets"})

    result = asyncio.run(task.call(params, context(tmp_path, progress)))

    assert result["sentences"] == 4 and result["kept"] == 2
    assert "Lunch" not in result["summary"] and result["summary"].startswith("- ")
    assert (tmp_path / "t-1" / "summary.md").read_text() == result["summary"] + "\n"
    assert progress[-1]["percent"] == 100.0


def test_transformCsv_selectsFiltersAndUppercases_intoAnArtifact(tmp_path):
    example = load_example()
    task = example.app.task_types["transform_csv"]
    params = task.parse_params(
        {
            "csv": "name,city,team\nada,london,a\nalan,wilmslow,b\ngrace,new york,a\n",
            "columns": ["city", "name"],
            "where_column": "team",
            "where_equals": "a",
            "uppercase": ["city"],
        }
    )

    result = task.call(params, context(tmp_path, []))

    assert result["rowsRead"] == 3 and result["rowsWritten"] == 2
    assert (tmp_path / "t-1" / "out.csv").read_text() == "city,name\nLONDON,ada\nNEW YORK,grace\n"


def test_transformCsv_unknownColumn_failsWithoutRetry(tmp_path):
    task = load_example().app.task_types["transform_csv"]
    params = task.parse_params({"csv": "a,b\n1,2\n", "columns": ["c"]})

    with pytest.raises(NonRetryable) as refused:
        task.call(params, context(tmp_path, []))

    assert refused.value.type == "UnknownColumns"
