"""The local-directory artifact store, in the layout the Java side reads.

Artifacts live in ``<root>/<taskId>/<name>`` for the default tenant and in
``<root>/_tenants/<tenant>/<id>/<name>`` for a task ``<tenant>/<id>`` of any other, written atomically (a ``.partial-*.tmp`` file in
the same folder, then renamed), exactly as ``io.taskforge.activities.artifact.ArtifactStore``
writes them, so the API serves what a Python task wrote. The Python worker must therefore see
the same folder as the app (same host, or a shared volume); ``TASKFORGE_ARTIFACTS_DIR`` names
it, as it does for the app.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Any, Iterable, Union

_SAFE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._:-]{0,199}")

Content = Union[bytes, bytearray, str, IO[bytes], IO[str], Iterable[bytes]]


def is_safe(name: str) -> bool:
    return bool(name) and _SAFE_NAME.fullmatch(name) is not None and ".." not in name


def _checked(name: str) -> str:
    if not is_safe(name):
        raise ValueError(f"not a safe artifact or task name: {name!r}")
    return name


_TENANT_FOLDERS = "_tenants"


def _folder(root: Path, task_id: str) -> Path:
    """The folder of a task's artifacts, as ``ArtifactStore.folder`` finds it."""
    tenant, separator, api_id = task_id.partition("/")
    if not separator:
        return root / _checked(task_id)
    return root / _TENANT_FOLDERS / _checked(tenant) / _checked(api_id)


class LocalArtifactStore:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root).absolute()

    def write(self, task_id: str, name: str, content_type: str, data: Content) -> dict[str, Any]:
        """Writes an artifact and returns its reference (the Java ``ArtifactRef``'s fields)."""
        folder = _folder(self.root, task_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / _checked(name)
        sha256 = hashlib.sha256()
        size = 0
        fd, temp = tempfile.mkstemp(prefix=".partial-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in _chunks(data):
                    out.write(chunk)
                    sha256.update(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, target)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
        return {
            "taskId": task_id,
            "name": name,
            "contentType": content_type,
            "sizeBytes": size,
            "sha256": sha256.hexdigest(),
        }

    def path(self, task_id: str, name: str) -> Path:
        return _folder(self.root, task_id) / _checked(name)


def _chunks(data: Content) -> Iterable[bytes]:
    if isinstance(data, (bytes, bytearray)):
        yield bytes(data)
    elif isinstance(data, str):
        yield data.encode("utf-8")
    elif hasattr(data, "read"):
        while True:
            chunk = data.read(1 << 16)
            if not chunk:
                return
            yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk
    else:
        for chunk in data:
            yield chunk.encode("utf-8") if isinstance(chunk, str) else chunk


def from_environment() -> LocalArtifactStore:
    return LocalArtifactStore(os.environ.get("TASKFORGE_ARTIFACTS_DIR", ".data/artifacts"))


__all__ = ["LocalArtifactStore", "from_environment", "is_safe"]
