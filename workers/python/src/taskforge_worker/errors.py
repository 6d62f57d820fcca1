"""Failures a handler raises, as Taskforge's failure types."""

from __future__ import annotations

#: Parameters that do not fit the type's schema: never retried (FailureTypes.INVALID_PARAMS).
INVALID_PARAMS = "InvalidParams"

#: The default type of a :class:`NonRetryable` failure.
NON_RETRYABLE = "NonRetryable"


class NonRetryable(Exception):
    """Fails the task at once, whatever its retry policy: retrying cannot help.

    ``type`` is the failure type the API shows (``failure.type``); any other exception is
    retried by the task's policy, and its type is the exception's class name.
    """

    def __init__(self, message: str, *, type: str = NON_RETRYABLE, details: object = None):
        super().__init__(message)
        self.message = message
        self.type = type
        self.details = details


class TaskCancelled(Exception):
    """Raised by :meth:`TaskContext.check_cancelled` once the task has been cancelled."""
