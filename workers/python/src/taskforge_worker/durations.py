"""Durations as Taskforge writes them: ISO-8601 (``PT1M30S``) or ``500ms, 30s, 5m, 2h, 1d``."""

from __future__ import annotations

import re
from datetime import timedelta

_SHORT = re.compile(r"(\d{1,9})(ms|s|m|h|d)")
_ISO = re.compile(
    r"P(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?"
)


def parse(value: timedelta | str | int | float) -> timedelta:
    """A duration from a timedelta, seconds, or text such as ``30s`` or ``PT30S``."""
    if isinstance(value, timedelta):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return timedelta(seconds=value)
    if isinstance(value, str):
        text = value.strip()
        short = _SHORT.fullmatch(text)
        if short:
            amount, unit = int(short.group(1)), short.group(2)
            return {
                "ms": timedelta(milliseconds=amount),
                "s": timedelta(seconds=amount),
                "m": timedelta(minutes=amount),
                "h": timedelta(hours=amount),
                "d": timedelta(days=amount),
            }[unit]
        iso = _ISO.fullmatch(text)
        if iso and text not in ("P", "PT"):
            parts = {k: float(v) for k, v in iso.groupdict().items() if v}
            return timedelta(**parts)
    raise ValueError(f"not a duration: {value!r} (use e.g. 30s, 5m, 2h, 1d or PT30S)")


def iso(value: timedelta) -> str:
    """ISO-8601 as Java's Duration reads it: ``PT90S``, ``PT0.5S``."""
    seconds = value.total_seconds()
    if seconds < 0:
        raise ValueError("durations must not be negative")
    text = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return f"PT{text}S"
