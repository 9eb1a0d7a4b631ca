#!/usr/bin/env bash
# Runs on a lent GPU machine (see prepare.sh, which made .device/ here and says how to call it):
# numfuse's CLI with the carried JDK and jars, on the GPU through NVIDIA's OpenCL driver. Writes
# under $OUT (at most 8 files come back): gpu-check.log (everything, with timings), devices.txt,
# calibrate.txt, selection.json and selection.txt (issue 12's selection suite with the GPU,
# --repeats ${REPEATS:-11}), mandelbrot.txt (the plain Mandelbrot suite). DEVICE (default gpu)
# names the device (opencl:1, cpu, ... elsewhere); REPEATS the suite's repeats, CASES its --cases
# (a dry run here: DEVICE=opencl:0 REPEATS=3 CASES=mandelbrot bash scripts/device/gpu-check.sh).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
OUT=${OUT:-/tmp/numfuse-gpu-check}
mkdir -p "$OUT"
log="$OUT/gpu-check.log"
exec > >(tee -a "$log") 2>&1
step() { echo; echo "== $(date -u +%T) $*"; }
# the kit prepare.sh packed: the JDK and the ICD loader in /tmp, the jars where the launcher looks
kit=/tmp/numfuse-kit
rm -rf "$kit" && mkdir -p "$kit" && tar -C "$kit" -xzf .device/kit.tgz || { echo "gpu-check: no .device/kit.tgz (scripts/device/prepare.sh makes it)"; exit 1; }
mkdir -p bench/target && rm -rf bench/target/lib && cp -r "$kit"/jars/* bench/target/
export JAVA_HOME="$kit/jdk" NUMFUSE_PREBUILT=1 LANG=C.UTF-8 LC_ALL=C.UTF-8   # (µ, not ?, in the tables)
device=${DEVICE:-gpu}
# NVIDIA's OpenCL driver library, named to the carried ICD loader by a vendors file of our own
icd=$(find /usr/local/nvidia /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib -maxdepth 3 -name 'libnvidia-opencl.so*' 2>/dev/null | sort | head -1)
if [ -n "$icd" ]; then
  mkdir -p /tmp/numfuse-icd && echo "$icd" > /tmp/numfuse-icd/nvidia.icd
  export OCL_ICD_VENDORS=/tmp/numfuse-icd
  export LD_LIBRARY_PATH="$kit/ocl:$(dirname "$icd")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  echo "gpu-check: no libnvidia-opencl.so here: the system's OpenCL devices only"
  export LD_LIBRARY_PATH="$kit/ocl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
export NUMFUSE_JAVA_OPTS="-Dnumfuse.profileDir=/tmp/numfuse-profiles ${NUMFUSE_JAVA_OPTS:-}"
step "machine (numfuse at $(cat .device/commit 2>/dev/null))"; nproc; (nvidia-smi -L || true); "$JAVA_HOME/bin/java" -version 2>&1 | head -1; echo "icd: ${icd:-none}"
step "devices"; ./numfuse devices | tee "$OUT/devices.txt"
step "calibrate"; ./numfuse devices --calibrate | tee "$OUT/calibrate.txt"
step "calibrate again (warm kernel caches)"; ./numfuse devices --calibrate | grep -i "calibration took" | tee -a "$OUT/calibrate.txt"
step "three expressions at 10^6: jvm,$device,auto"
for e in "a + b*c" "sin(a)*cos(b) + sqrt(abs(c))" "where(a > b, a*b, a - b)"; do
  ./numfuse bench --expr "$e" --size 1000000 --dtype f32 --targets "jvm,$device,auto" --repeats 5
done
step "selection suite: jvm,$device,auto, --repeats ${REPEATS:-11}"
./numfuse bench selection --targets "jvm,$device,auto" --repeats "${REPEATS:-11}" ${CASES:+--cases "$CASES"} --json "$OUT/selection.json" | tee "$OUT/selection.txt"
step "the plain Mandelbrot (PyCUDA's window) on jvm,$device,auto"
./numfuse bench mandelbrot --targets "jvm,$device,auto" --repeats 5 | tee "$OUT/mandelbrot.txt"
step "done"
