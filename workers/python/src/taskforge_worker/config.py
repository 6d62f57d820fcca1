"""The Temporal connection, from the environment the Java workers read.

``TEMPORAL_ADDRESS`` (default ``localhost:7233``), ``TEMPORAL_NAMESPACE`` (``default``),
``TEMPORAL_API_KEY``, ``TEMPORAL_TLS`` (``true`` for a TLS server), and for mutual TLS
``TEMPORAL_TLS_CLIENT_CERT_PATH``, ``TEMPORAL_TLS_CLIENT_KEY_PATH``, optionally
``TEMPORAL_TLS_SERVER_CA_CERT_PATH`` and ``TEMPORAL_TLS_SERVER_NAME``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Union

from temporalio.service import TLSConfig


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _read(path: str | None) -> bytes | None:
    return Path(path).read_bytes() if path else None


def connect_options(env: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """Keyword arguments for ``temporalio.client.Client.connect``."""
    cert = env.get("TEMPORAL_TLS_CLIENT_CERT_PATH")
    key = env.get("TEMPORAL_TLS_CLIENT_KEY_PATH")
    if bool(cert) != bool(key):
        raise ValueError(
            "set both TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH, or neither"
        )
    ca = env.get("TEMPORAL_TLS_SERVER_CA_CERT_PATH")
    server_name = env.get("TEMPORAL_TLS_SERVER_NAME")
    tls: Union[bool, TLSConfig] = _flag(env.get("TEMPORAL_TLS"))
    if cert or ca or server_name:
        tls = TLSConfig(
            client_cert=_read(cert),
            client_private_key=_read(key),
            server_root_ca_cert=_read(ca),
            domain=server_name or None,
        )
    options: dict[str, Any] = {
        "target_host": env.get("TEMPORAL_ADDRESS") or "localhost:7233",
        "namespace": env.get("TEMPORAL_NAMESPACE") or "default",
        "tls": tls,
    }
    api_key = env.get("TEMPORAL_API_KEY")
    if api_key:
        options["api_key"] = api_key
    return options
