#!/usr/bin/env bash
# Prints a JAVA_HOME with JDK 21 or newer: $JAVA_HOME if it qualifies, else the newest under
# /usr/lib/jvm. The build targets Java 21; the machine's default `java` may be older.
set -euo pipefail

version_of() { "$1/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n1; }

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(version_of "$JAVA_HOME")" -ge 21 ]; then
  echo "$JAVA_HOME"; exit 0
fi
best=""; best_version=0
for dir in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
  [ -x "$dir/bin/javac" ] || continue
  v=$(version_of "$dir"); [ -n "$v" ] || continue
  if [ "$v" -ge 21 ] && [ "$v" -gt "$best_version" ]; then best="$dir"; best_version="$v"; fi
done
if [ -z "$best" ]; then
  echo "no JDK 21 or newer found; install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME" >&2
  exit 1
fi
echo "$best"
