#!/usr/bin/env bash
# Checks the Helm chart (deploy/helm/taskforge) offline, as part of `make test`:
#   1. helm lint --strict, and helm template, with each value set in the chart's ci/ folder
#      (the defaults plus what has no default; everything turned on);
#   2. every rendered document decoded strictly into the Kubernetes API's own Go types, plus
#      cross-document checks (deploy/helm/check, built once into .tools/bin/chartcheck): no schema
#      is downloaded at run time, the types come from k8s.io/api through the Go module proxy;
#   3. values that must be refused are (no Temporal address, a missing or malformed key hash, a
#      value values.schema.json does not know);
#   4. chartcheck itself fails each broken manifest in deploy/helm/check/testdata.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
chart="$root/deploy/helm/taskforge"
checker_src="$root/deploy/helm/check"
checker="$root/.tools/bin/chartcheck"
out="$root/deploy/helm/target"

if ! command -v go >/dev/null 2>&1 && { [ ! -x "$root/.tools/bin/helm" ] || [ ! -x "$checker" ]; }; then
  echo "chart checks SKIPPED: Go is not installed (it builds helm and the checker)" >&2
  exit 0
fi
helm="$("$root/scripts/helm.sh")"

# Rebuild the checker only when its sources changed.
stamp="$root/.tools/chartcheck.sha256"
hash="$(cat "$checker_src"/*.go "$checker_src"/go.mod "$checker_src"/go.sum | sha256sum | cut -d' ' -f1)"
if [ ! -x "$checker" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$hash" ]; then
  echo "building the manifest checker into .tools/bin (once)..." >&2
  mkdir -p "$root/.tools/bin"
  (cd "$checker_src" && go build -o "$checker" .)
  echo "$hash" >"$stamp"
fi

failures=0
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

# 4. The checker must catch what it claims to.
for bad in "$checker_src"/testdata/*.yaml; do
  expected="$(sed -n '1s/^# expect: //p' "$bad")"
  if output="$("$checker" "$bad")"; then
    fail "chartcheck accepted $(basename "$bad")"
  elif ! grep -qF -- "$expected" <<<"$output"; then
    fail "chartcheck refused $(basename "$bad") for another reason: $output"
  fi
done

# 1 and 2.
mkdir -p "$out"
sets=0
for values in "$chart"/ci/*-values.yaml; do
  name="$(basename "$values" -values.yaml)"
  "$helm" lint --strict "$chart" -f "$values" >"$out/$name.lint" 2>&1 || fail "helm lint ($name): $(cat "$out/$name.lint")"
  if "$helm" template taskforge "$chart" --namespace taskforge -f "$values" >"$out/$name.yaml" 2>"$out/$name.err"; then
    "$checker" "$out/$name.yaml" >"$out/$name.check" || fail "rendered with $name: $(grep FAIL "$out/$name.check")"
  else
    fail "helm template ($name): $(cat "$out/$name.err")"
  fi
  sets=$((sets + 1))
done

# 3. Refused: each case is extra --set flags on top of the defaults set, and the message expected.
refused() {
  local expected="$1"; shift
  if output="$("$helm" template taskforge "$chart" "$@" 2>&1)"; then
    fail "rendered without complaint: $*"
  elif ! grep -qF -- "$expected" <<<"$output"; then
    fail "refused for another reason ($*): $output"
  fi
}
defaults="$chart/ci/defaults-values.yaml"
refused "temporal.address is required"
refused "secrets.data.api-key-ops-sha256 is required" --set temporal.address=t:7233
refused "must be a SHA-256" -f "$defaults" --set secrets.data.api-key-ops-sha256=secret
refused "nobody could call the API" -f "$defaults" --set-json apiKeys=[]
refused "artifacts.s3.bucket is required" -f "$defaults" --set artifacts.backend=s3
refused "secrets.data.artifacts-s3-access-key-id is required" -f "$defaults" \
  --set artifacts.backend=s3 --set artifacts.s3.bucket=b
refused "egress.allow: \"api.example.com\" must be" -f "$defaults" --set 'egress.allow[0]=api.example.com'
refused "egress.protected: \"temporal\" must be" -f "$defaults" --set 'egress.protected[0]=temporal'
# values.schema.json: a misspelt or mistyped value fails rather than being ignored.
refused "additional properties 'gpuworker' not allowed" -f "$defaults" --set gpuworker.enabled=true
refused "got string, want integer" -f "$defaults" --set-string gpuWorker.gpus=2

if [ "$failures" -gt 0 ]; then
  echo "chart checks: $failures failed"
  exit 1
fi
echo "chart checks: helm $("$helm" version --template '{{.Version}}'), $sets value sets linted, rendered and valid ($(grep -c '^decoded' "$out"/*.check | awk -F: '{s+=$2} END {print s}') documents), refusals and checker self-test passed"
