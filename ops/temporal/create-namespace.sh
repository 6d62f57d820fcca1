#!/bin/sh
# Creates the namespace Taskforge uses, and its search attributes, once the server answers.
# The app registers the search attributes too (idempotently) whenever it starts.
set -eu
address="${TEMPORAL_ADDRESS:-temporal:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"

until temporal operator cluster health --address "$address" >/dev/null 2>&1; do
  echo "waiting for Temporal at $address"; sleep 3
done
temporal operator namespace describe -n "$namespace" --address "$address" >/dev/null 2>&1 \
  || temporal operator namespace create -n "$namespace" --retention 30d --address "$address"
for name in TaskType TaskStatus TaskPriority TaskGroupId AgencyId Tenant; do
  temporal operator search-attribute create -n "$namespace" --address "$address" \
    --name "$name" --type Keyword >/dev/null 2>&1 || true
done
echo "namespace $namespace ready"
