# Taskforge. `make run` runs the service locally; `make test` runs every test.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
MVN := ./mvnw -B -q
APP_JAR := app/target/taskforge-app.jar
GPU_WORKER_JAR := gpu-worker/target/taskforge-gpu-worker.jar
# `make run` starts one gpu-worker; cpu mode needs no GPU. On a GPU host: make run GPU_MODE=auto
GPU_MODE ?= cpu

.PHONY: run test chart build bench temporal stop format clean

## run: the Temporal dev server (Web UI on :8233), a gpu-worker in CPU mode in the background
## (log in .data/gpu-worker.log) and the app with its workers (API on :8080); Ctrl-C stops both
run: temporal build
	@mkdir -p .data
	@$(JAVA_HOME)/bin/java -jar $(GPU_WORKER_JAR) --taskforge.gpu.mode=$(GPU_MODE) \
	    --taskforge.gpu.worker-id=local >.data/gpu-worker.log 2>&1 & \
	  echo $$! >.data/gpu-worker.pid; \
	  echo "gpu-worker 'local' ($(GPU_MODE) mode) started: pid $$!, log .data/gpu-worker.log"; \
	  trap 'kill $$(cat .data/gpu-worker.pid) 2>/dev/null; rm -f .data/gpu-worker.pid' EXIT; \
	  $(JAVA_HOME)/bin/java -jar $(APP_JAR)

## test: the Helm chart's offline checks, unit tests, then end-to-end tests against a dev server the
## tests start themselves
test: chart
	scripts/temporal-cli.sh >/dev/null
	scripts/python-venv.sh >/dev/null
	TEMPORAL_CLI=$$(scripts/temporal-cli.sh) .tools/python-venv/bin/python -m pytest -q workers/python
	./mvnw -B verify

## chart: helm lint and helm template of deploy/helm/taskforge, the rendered manifests checked
## against the Kubernetes API's types (installs the pinned helm into .tools/bin once)
chart:
	scripts/chart-check.sh

## build: the app and gpu-worker jars, without tests
build:
	$(MVN) -DskipTests -Dspotless.check.skip=true package

## temporal: start the dev server in the background (state in .data/, survives restarts)
temporal:
	scripts/temporal-dev.sh start

## stop: stop the dev server (and a gpu-worker left behind) that `make run` started
stop:
	-@test -f .data/gpu-worker.pid && kill $$(cat .data/gpu-worker.pid) 2>/dev/null; rm -f .data/gpu-worker.pid
	scripts/temporal-dev.sh stop

## bench: benchmarks against a real dev server; figures go to bench/results/
bench:
	scripts/temporal-cli.sh >/dev/null
	$(MVN) -DskipTests -Dspotless.check.skip=true install
	$(MVN) -pl app -Dspotless.check.skip=true -Dit.test='*Benchmark' \
	  test-compile failsafe:integration-test failsafe:verify

## format: apply google-java-format
format:
	$(MVN) spotless:apply

clean:
	$(MVN) clean
