#!/usr/bin/env bash
# Measures what checking schema.lock adds to schema:validate, for a generated changelog of N
# changesets (default 5000): validate is run RUNS times without a lock and RUNS times with one,
# and the medians of the plugin's own validate time (from its summary line) are compared.
# Maven runs with the JVM's default options, or with those in JVM_CONFIG (see bench/changelog.sh).
# Needs the plugin installed (mvn install -DskipTests -Dinvoker.skip). Writes under target/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
RUNS=${RUNS:-5}
VERSION=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -n 1)
DIR=target/bench/lock-$N
bash bench/changelog.sh "$N" "$DIR"
PLUGIN="dev.schemacode:schemacode-maven-plugin:$VERSION"

# the plugin's own time, from "schema:validate …: N changesets valid for h2 (1.2 s)"
validate_seconds() {
  (cd "$DIR" && mvn -B -o -Dstyle.color=never "$PLUGIN:validate" 2>&1 || true) \
    | sed -n 's/.*valid for h2 (\([0-9.]*\) s).*/\1/p'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

(cd "$DIR" && mvn -B -o -q "$PLUGIN:validate" > /dev/null 2>&1 || true)   # warm up the local repository
without=$(for ((r = 0; r < RUNS; r++)); do validate_seconds; done | median)
(cd "$DIR" && mvn -B -o -q "$PLUGIN:lock" > /dev/null)
with=$(for ((r = 0; r < RUNS; r++)); do validate_seconds; done | median)
lines=$(wc -l < "$DIR/src/main/resources/db/changelog/schema.lock")
echo "changesets=$N runs=$RUNS validate_without_lock_s=$without validate_with_lock_s=$with lock_lines=$lines"
