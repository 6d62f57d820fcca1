"""Task types and item sources as a worker announces and runs them."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Callable, Optional, Union

import pydantic

from . import durations
from .errors import INVALID_PARAMS, NonRetryable

_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")

DurationLike = Union[timedelta, str, int, float]


@dataclass(frozen=True)
class Retry:
    """A task type's default retry policy (a request's ``retry`` overrides it).

    ``max_attempts`` 0 means unlimited (bounded by the execution timeout). ``non_retryable``
    lists failure types never retried: Python exception class names, or NonRetryable types.
    """

    max_attempts: int = 3
    initial_interval: DurationLike = "1s"
    backoff: float = 2.0
    maximum_interval: Optional[DurationLike] = None
    non_retryable: tuple[str, ...] = ()

    def announced(self) -> dict[str, Any]:
        initial = durations.parse(self.initial_interval)
        maximum = (
            durations.parse(self.maximum_interval)
            if self.maximum_interval is not None
            else initial * 100
        )
        if self.max_attempts < 0 or self.backoff < 1 or maximum < initial:
            raise ValueError(f"invalid retry policy: {self}")
        return {
            "maximumAttempts": self.max_attempts,
            "initialInterval": durations.iso(initial),
            "backoffCoefficient": float(self.backoff),
            "maximumInterval": durations.iso(maximum),
            "nonRetryableErrorTypes": list(self.non_retryable),
        }


@dataclass(frozen=True)
class Timeouts:
    """A task type's default time limits (a request's ``timeouts`` override them).

    ``execution`` bounds the whole task, retries included; ``attempt`` one attempt; ``queue``
    how long it may wait for a worker (None: forever); ``heartbeat`` how soon a silent (killed)
    worker is given up on and the attempt retried elsewhere.
    """

    execution: DurationLike = "1h"
    attempt: Optional[DurationLike] = None
    queue: Optional[DurationLike] = None
    heartbeat: DurationLike = "30s"

    def announced(self) -> dict[str, Any]:
        execution = durations.parse(self.execution)
        attempt = durations.parse(self.attempt) if self.attempt is not None else execution
        if attempt > execution:
            raise ValueError("timeouts: attempt must not be longer than execution")
        return {
            "execution": durations.iso(execution),
            "attempt": durations.iso(attempt),
            "queue": durations.iso(durations.parse(self.queue)) if self.queue is not None else None,
            "heartbeat": durations.iso(durations.parse(self.heartbeat)),
        }


Params = Union[type[pydantic.BaseModel], dict[str, Any], None]


@dataclass
class TaskType:
    """One task type: its function and what the worker announces about it."""

    name: str
    fn: Callable[..., Any]
    description: str = ""
    params: Params = None
    retry: Retry = field(default_factory=Retry)
    timeouts: Timeouts = field(default_factory=Timeouts)

    def __post_init__(self) -> None:
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"task type name must match {_NAME.pattern}: {self.name!r}")
        if self.params is not None and not (
            isinstance(self.params, dict)
            or (isinstance(self.params, type) and issubclass(self.params, pydantic.BaseModel))
        ):
            raise TypeError("params must be a pydantic model class or a JSON Schema dict")
        self.is_async = inspect.iscoroutinefunction(self.fn)
        self._takes_context = _positional_count(self.fn) >= 2
        # Fail at definition time, not in the first report.
        self.retry.announced()
        self.timeouts.announced()

    @property
    def description_text(self) -> str:
        return self.description or (inspect.getdoc(self.fn) or "").strip().split("\n\n")[0]

    def schema(self) -> dict[str, Any]:
        """The parameters' JSON Schema, defaults included."""
        if self.params is None:
            return {"type": "object", "properties": {}, "additionalProperties": False}
        if isinstance(self.params, dict):
            return self.params
        return self.params.model_json_schema()

    def parse_params(self, given: dict[str, Any]) -> Any:
        """What the function receives: a model instance, or the dict with schema defaults."""
        if self.params is None or isinstance(self.params, dict):
            merged = dict(given)
            for key, prop in self.schema().get("properties", {}).items():
                if key not in merged and isinstance(prop, dict) and "default" in prop:
                    merged[key] = prop["default"]
            return merged
        try:
            return self.params.model_validate(given)
        except pydantic.ValidationError as e:
            raise NonRetryable(describe(e), type=INVALID_PARAMS) from None

    def call(self, params: Any, ctx: Any) -> Any:
        return self.fn(params, ctx) if self._takes_context else self.fn(params)

    def announcement(self, queue: str) -> dict[str, Any]:
        """The ``AnnouncedTaskType`` record of the worker report."""
        return {
            "name": self.name,
            "description": self.description_text,
            "queue": queue,
            "paramsSchema": self.schema(),
            "defaultRetry": self.retry.announced(),
            "defaultTimeouts": self.timeouts.announced(),
            "runtime": "python",
        }


def describe(error: pydantic.ValidationError) -> str:
    """``params.a.b: message; ...``, the way the API names fields."""
    parts = []
    for problem in error.errors():
        path = ".".join(str(p) for p in ("params", *problem["loc"]))
        parts.append(f"{path}: {problem['msg']}")
    return "; ".join(parts)


def _positional_count(fn: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 2
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind == inspect.Parameter.VAR_POSITIONAL for p in parameters):
        return 2
    return sum(1 for p in parameters if p.kind in kinds)


class App:
    """The task types (and item sources) of one Python worker.

    ``taskforge-worker run mymodule:app --queue NAME`` serves every type registered on ``app``.
    """

    def __init__(self) -> None:
        self.task_types: dict[str, TaskType] = {}
        self.item_sources: dict[str, Any] = {}

    def task_type(
        self,
        name: str,
        *,
        description: str = "",
        params: Params = None,
        retry: Optional[Retry] = None,
        timeouts: Optional[Timeouts] = None,
    ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Turns a function ``fn(params, ctx)`` (sync or async) into the task type ``name``."""

        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            self.add(
                TaskType(
                    name=name,
                    fn=fn,
                    description=description,
                    params=params,
                    retry=retry or Retry(),
                    timeouts=timeouts or Timeouts(),
                )
            )
            return fn

        return register

    def add(self, task_type: TaskType) -> None:
        if task_type.name in self.task_types or task_type.name in self.item_sources:
            raise ValueError(f"task type {task_type.name!r} defined twice")
        self.task_types[task_type.name] = task_type
