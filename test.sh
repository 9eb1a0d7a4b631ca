#!/usr/bin/env bash
# Builds numfuse, runs every test, installs the artifacts into the local Maven repository, then
# builds, tests and runs the example applications (examples/maven-app, which depends on
# io.numfuse:numfuse by its coordinates as a user's project does, and examples/spark-app, a
# Spark job on local[2] through io.numfuse:numfuse-spark). Finds a JDK 25+ itself (see
# scripts/java25.sh).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java25.sh
./mvnw -B -ntp "$@" install
./mvnw -B -ntp -f examples/maven-app/pom.xml verify exec:exec
# the Spark example (issue 17): its tests, then its job on local[2] (about a minute)
exec ./mvnw -B -ntp -f examples/spark-app/pom.xml verify exec:exec
