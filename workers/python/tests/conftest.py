"""A real Temporal dev server for the package's tests: the pinned CLI the project installs
(scripts/temporal-cli.sh puts it in .tools/bin), never a download."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

REPO = Path(__file__).resolve().parents[3]


def temporal_cli() -> str:
    for candidate in (os.environ.get("TEMPORAL_CLI"), str(REPO / ".tools" / "bin" / "temporal")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("temporal")
    if found:
        return found
    pytest.fail("the Temporal CLI is missing: run scripts/temporal-cli.sh or set TEMPORAL_CLI")


@pytest_asyncio.fixture(scope="session")
async def env():
    environment = await WorkflowEnvironment.start_local(
        dev_server_existing_path=temporal_cli(),
        ip="127.0.0.1",
        dev_server_log_level="error",
        ui=False,
    )
    try:
        yield environment
    finally:
        await environment.shutdown()


@pytest.fixture
def artifacts_dir(tmp_path, monkeypatch):
    folder = tmp_path / "artifacts"
    monkeypatch.setenv("TASKFORGE_ARTIFACTS_DIR", str(folder))
    return folder
