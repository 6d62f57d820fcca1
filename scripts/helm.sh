#!/usr/bin/env bash
# Prints the path of the pinned Helm, installing it into .tools/bin first if it is missing or not
# the pinned version. Helm renders and lints the chart in deploy/helm/taskforge (make test).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="v4.3.2"
local_helm="$root/.tools/bin/helm"

# The module version built into the binary (go version -m) is the check that cannot be faked by a
# flag; without Go, the version helm reports.
pinned() {
  if command -v go >/dev/null 2>&1; then
    go version -m "$local_helm" 2>/dev/null | grep -Eq "^[[:space:]]+mod[[:space:]]+helm.sh/helm/v4[[:space:]]+$version[[:space:]]"
  else
    "$local_helm" version --template '{{.Version}}' 2>/dev/null | grep -qx "$version"
  fi
}

if [ -x "$local_helm" ] && pinned; then
  echo "$local_helm"
  exit 0
fi
if ! command -v go >/dev/null 2>&1; then
  echo "Helm $version is missing and Go is not installed to build it; install Go" >&2
  exit 1
fi
echo "installing Helm $version into .tools/bin (a few minutes, once)..." >&2
mkdir -p "$root/.tools/bin"
# The version that `helm version` prints is set at link time; without it a go-installed helm
# reports a placeholder.
GOBIN="$root/.tools/bin" go install \
  -ldflags "-X helm.sh/helm/v4/internal/version.version=$version" \
  "helm.sh/helm/v4/cmd/helm@$version" >&2
pinned || {
  echo "the installed helm is not $version" >&2
  exit 1
}
echo "$local_helm"
