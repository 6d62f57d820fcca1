#!/usr/bin/env bash
# Prints the path of the Python the Taskforge Python worker runs on: .tools/python-venv/bin/python,
# creating that virtual environment first (python3 -m venv) and installing workers/python into it
# with its pinned dependencies and the test tools. Re-run when workers/python/pyproject.toml
# changes: it reinstalls only then.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.tools/python-venv"
package="$root/workers/python"
stamp="$venv/.installed"
python="${PYTHON:-python3}"

if ! command -v "$python" >/dev/null 2>&1; then
  echo "the Python worker needs python3 (3.10 or newer); install it" >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
  echo "the Python worker needs Python 3.10 or newer; $python is $("$python" --version)" >&2
  exit 1
fi
want="$(sha256sum "$package/pyproject.toml" | cut -d' ' -f1)"
if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "$venv/bin/python"
  exit 0
fi
echo "installing the Python worker into .tools/python-venv (a minute, once)..." >&2
mkdir -p "$root/.tools"
if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv" >&2
fi
"$venv/bin/python" -m pip install -q --upgrade pip >&2
# Editable: the tests and `taskforge-worker` run the package as it is in the work tree.
"$venv/bin/python" -m pip install -q -e "$package[test]" >&2
echo "$want" >"$stamp"
echo "$venv/bin/python"
