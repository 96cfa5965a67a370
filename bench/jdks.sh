# Sourced by the start-up benchmarks: the JDKs to run on, one JAVA_HOME a line: those given as
# arguments, else JDK 17 and JDK 25 where they are installed.
jdk_homes() {
  if [ $# -gt 0 ]; then
    printf '%s\n' "$@"
    return
  fi
  local h
  for h in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
    [ -x "$h/bin/java" ] && echo "$h"
  done
}
