"""Taskforge task types in Python, on Temporal's Python SDK.

    from pydantic import BaseModel
    from taskforge_worker import App

    app = App()

    class Params(BaseModel):
        text: str

    @app.task_type("shout", params=Params)
    def shout(params: Params, ctx) -> dict:
        ctx.progress(0.5, "shouting")
        return {"text": params.text.upper()}

Run it with ``taskforge-worker run mymodule:app --queue python``.
"""

from .context import TaskContext
from .definition import App, Retry, TaskType, Timeouts
from .errors import INVALID_PARAMS, NonRetryable, TaskCancelled

__all__ = [
    "App",
    "INVALID_PARAMS",
    "NonRetryable",
    "Retry",
    "TaskCancelled",
    "TaskContext",
    "TaskType",
    "Timeouts",
]
