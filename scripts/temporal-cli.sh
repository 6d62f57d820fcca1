#!/usr/bin/env bash
# Prints the path of the pinned Temporal CLI, installing it into .tools/bin first if neither that
# nor a `temporal` on PATH exists. The CLI is the dev server: Temporal server 1.29.1 with the Web UI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v1.5.1"
local_cli="$root/.tools/bin/temporal"

if [ -x "$local_cli" ]; then echo "$local_cli"; exit 0; fi
if command -v temporal >/dev/null 2>&1; then command -v temporal; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "the Temporal CLI is missing and Go is not installed to build it; install either" >&2
  exit 1
fi
echo "installing the Temporal CLI $version into .tools/bin (a few minutes, once)..." >&2
mkdir -p "$root/.tools/bin"
GOBIN="$root/.tools/bin" go install "github.com/temporalio/cli/cmd/temporal@$version" >&2
echo "$local_cli"
