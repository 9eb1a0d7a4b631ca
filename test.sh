#!/usr/bin/env bash
# Builds numfuse and runs every test. Finds a JDK 25+ itself (see scripts/java25.sh).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/java25.sh
exec ./mvnw -B -ntp "$@" verify
