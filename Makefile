# Taskforge. `make run` runs the service locally; `make test` runs every test.
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/java-home.sh)
export JAVA_HOME
MVN := ./mvnw -B -q
APP_JAR := app/target/taskforge-app.jar

.PHONY: run test build bench temporal stop format clean

## run: the Temporal dev server (Web UI on :8233) and the app with its workers (API on :8080)
run: temporal build
	$(JAVA_HOME)/bin/java -jar $(APP_JAR)

## test: unit tests, then end-to-end tests against a dev server the tests start themselves
test:
	scripts/temporal-cli.sh >/dev/null
	$(MVN) verify

## build: the app jar, without tests
build:
	$(MVN) -DskipTests -Dspotless.check.skip=true package

## temporal: start the dev server in the background (state in .data/, survives restarts)
temporal:
	scripts/temporal-dev.sh start

## stop: stop the dev server that `make run` started
stop:
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
