#!/bin/sh
# Prints the home of a JDK >= $1 (default 21, with javac) on stdout; exits 1 with a clear message when none
# is found. Running ecs-medic needs 21; building it needs 25 (mvnw asks for it: the build's jar slimmer uses
# the JDK's class-file API, final since Java 24; the bytecode still targets 21).
# Order: $JAVA_HOME, the `javac` on PATH, then the usual install folders. Newest wins among the folders.
set -eu
MIN=${1:-21}

feature_of() { # $1 = a JDK home; prints its feature version (17, 21, 25...) or nothing
  [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  fi
  [ "$v" = 1 ] && v=8
  printf '%s' "$v"
}

ok() { v=$(feature_of "$1"); [ -n "$v" ] && [ "$v" -ge "$MIN" ]; }

if [ -n "${JAVA_HOME:-}" ] && ok "$JAVA_HOME"; then printf '%s\n' "$JAVA_HOME"; exit 0; fi

if command -v javac >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
  if ok "$home"; then printf '%s\n' "$home"; exit 0; fi
fi

best=""; best_v=0
for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/*; do
  [ -d "$home" ] || continue
  v=$(feature_of "$home")
  if [ -n "$v" ] && [ "$v" -ge "$MIN" ] && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
done
if [ -n "$best" ]; then printf '%s\n' "$best"; exit 0; fi

echo "ecs-medic: no JDK >= $MIN found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. Temurin 25, or set JAVA_HOME." >&2
exit 1
