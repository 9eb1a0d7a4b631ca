#!/usr/bin/env bash
# Builds numfuse, runs every test, installs the artifacts into the local Maven repository, then
# builds, tests and runs the example application (examples/maven-app), which depends on
# io.numfuse:numfuse by its coordinates as a user's project does. Finds a JDK 25+ itself (see
# scripts/java25.sh).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java25.sh
./mvnw -B -ntp "$@" install
exec ./mvnw -B -ntp -f examples/maven-app/pom.xml verify exec:exec
