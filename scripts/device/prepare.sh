#!/usr/bin/env bash
# Prepares a run of numfuse on a lent GPU machine (the `device` tool's `run`), which has the NVIDIA
# driver but no Java and no Maven: builds the CLI's jars here, makes a JDK 25 image with the modules
# they need (jlink), copies the OpenCL ICD loader JOCL opens (libOpenCL.so), and packs the three
# into .device/kit.tgz (ignored by git; about 46 MB: the call's tree may carry 64 MiB). Then, in one
# call of a few minutes:
#   run(command="bash scripts/device/gpu-check.sh", carry=[".device"], timeout_s=540)
# gpu-check.sh unpacks the kit there, runs the CLI with the carried JDK and jars (NUMFUSE_PREBUILT=1:
# nothing is built there) and writes what it measured under $OUT.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
. scripts/java25.sh
./numfuse --version >/dev/null   # builds the jars when they are missing or older than the sources
jar=bench/target/numfuse-bench.jar
mods=$(jdeps --multi-release 25 --ignore-missing-deps --print-module-deps --class-path "bench/target/lib/*" "$jar")
kit=$(mktemp -d)
trap 'rm -rf "$kit"' EXIT
jlink --add-modules "$mods,jdk.incubator.vector,jdk.management" --strip-debug --no-man-pages --no-header-files \
  --compress=zip-9 --output "$kit/jdk"
loader=$(ldconfig -p | sed -n 's/.*libOpenCL\.so\.1 (libc6,x86-64) => //p' | head -1)
if [ -z "$loader" ]; then
  echo "prepare: no OpenCL ICD loader here (libOpenCL.so.1): apt-get install -y ocl-icd-libopencl1" >&2
  exit 1
fi
mkdir -p "$kit/ocl" "$kit/jars"
cp -L "$loader" "$kit/ocl/libOpenCL.so.1"
cp -L "$loader" "$kit/ocl/libOpenCL.so"
cp -r "$jar" bench/target/lib "$kit/jars/"
rm -rf .device
mkdir -p .device
tar -C "$kit" -czf .device/kit.tgz jdk ocl jars
git rev-parse --short HEAD > .device/commit
echo "prepare: .device/kit.tgz ($(du -h .device/kit.tgz | cut -f1), numfuse at $(cat .device/commit)):" \
  'run(command="bash scripts/device/gpu-check.sh", carry=[".device"], timeout_s=540)'
