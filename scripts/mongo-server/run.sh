#!/usr/bin/env bash
# Starts the MongoDB wire-protocol test server (see MongoTestServer.java).
# Usage: run.sh [--exit-when-stdin-closes] [port] [database]   (run.sh --prepare only fetches and compiles).
# First line printed: MONGODB_URL=mongodb://127.0.0.1:<port>/<db>. Runs until stopped (Ctrl-C, SIGTERM);
# --exit-when-stdin-closes also stops it when its input ends (the test harness keeps a pipe open to it).
# Jars come from Maven Central into scripts/mongo-server/lib (git-ignored) on the first run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="$here/lib"
classes="$here/classes"
if [ ! -f "$lib/.complete" ]; then
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" >&2
  touch "$lib/.complete"
fi
if [ ! -f "$classes/MongoTestServer.class" ] || [ "$here/MongoTestServer.java" -nt "$classes/MongoTestServer.class" ]; then
  mkdir -p "$classes"
  javac -nowarn -d "$classes" -cp "$lib/*" "$here/MongoTestServer.java" >&2
fi
[ "${1:-}" = "--prepare" ] && exit 0
exec java -Xss4m -XX:+UseSerialGC -cp "$classes:$lib/*" MongoTestServer "$@"
