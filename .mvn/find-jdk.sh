# Sourced (POSIX sh) by ./mvnw, ./pushbench and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: JAVA_HOME, javac on PATH, then /usr/lib/jvm/* (newest first). The machine's default java may be 17.
pushbench_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}
pushbench_find_jdk() {
  _pb_min="${PUSHBENCH_MIN_JAVA:-21}"
  _pb_path_jdk=""
  if command -v javac >/dev/null 2>&1; then
    _pb_path_jdk=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  fi
  for _pb_d in "${JAVA_HOME:-}" "$_pb_path_jdk" $(ls -d /usr/lib/jvm/*/ /opt/java/*/ 2>/dev/null | sort -rV); do
    _pb_d="${_pb_d%/}"
    [ -n "$_pb_d" ] && [ -x "$_pb_d/bin/java" ] && [ -x "$_pb_d/bin/javac" ] || continue
    _pb_m=$(pushbench_java_major "$_pb_d/bin/java")
    case "$_pb_m" in ''|*[!0-9]*) continue ;; esac
    if [ "$_pb_m" -ge "$_pb_min" ]; then echo "$_pb_d"; return 0; fi
  done
  return 1
}
if PUSHBENCH_JDK=$(pushbench_find_jdk); then
  JAVA_HOME="$PUSHBENCH_JDK"; export JAVA_HOME
  PUSHBENCH_JAVA_MAJOR=$(pushbench_java_major "$JAVA_HOME/bin/java")
else
  echo "pushbench: no JDK >= ${PUSHBENCH_MIN_JAVA:-21} found (looked at JAVA_HOME, javac on PATH, /usr/lib/jvm/*). Install one (e.g. apt-get install openjdk-21-jdk) or set JAVA_HOME." >&2
  return 2 2>/dev/null || exit 2
fi
