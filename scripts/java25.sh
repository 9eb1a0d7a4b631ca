# Sourced by numfuse's scripts: sets JAVA_HOME to a JDK 25 or newer, or exits with one line
# saying what to install. Order: $JAVA_HOME if it is 25+, else the newest 25+ under /usr/lib/jvm.
numfuse_java_major() {  # prints the feature version of the JDK at $1, or nothing
  local rel="$1/release"
  [ -x "$1/bin/java" ] && [ -f "$rel" ] || return 0
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$rel"
}
numfuse_find_java() {
  local v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(numfuse_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then return 0; fi
  fi
  local best="" bestv=0 d
  for d in /usr/lib/jvm/*/; do
    d=${d%/}
    v=$(numfuse_java_major "$d")
    if [ -n "$v" ] && [ "$v" -ge 25 ] && [ "$v" -gt "$bestv" ]; then best=$d; bestv=$v; fi
  done
  if [ -z "$best" ]; then
    echo "numfuse: needs a JDK 25 or newer; install one (e.g. 'apt-get install temurin-25-jdk' from Adoptium, or openjdk-25-jdk) or set JAVA_HOME to it" >&2
    exit 1
  fi
  export JAVA_HOME="$best"
}
numfuse_find_java
export PATH="$JAVA_HOME/bin:$PATH"
