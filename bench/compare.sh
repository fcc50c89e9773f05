#!/usr/bin/env bash
# Compares schema:validate of this checkout with an earlier commit, side by side in one run (the
# machine's speed drifts by tens of percent over minutes, so only interleaved runs compare fairly).
# The earlier commit is built from a clone under target/bench/ and installed as version
# <version>-base; then, for a generated changelog of N changesets (bench/changelog.sh), each round
# runs validate once with each build in three settings: no lock, a lock, each with a clean target/,
# and a lock run again on the target/ of the previous run (builds before 06277fe kept a checksum
# cache there). Prints the plugin's own times (its summary line) and their medians, and before and
# after them the machine's speed of the moment: the seconds a fixed awk loop takes alone and the
# slower of two run at once (lower is faster; on this machine kind the second core is sometimes
# shared with other work, which the second figure shows).
# The base build is removed from the local repository afterwards.
# Maven runs with the JVM's default options, or with those in JVM_CONFIG (see bench/changelog.sh).
# Usage: [JVM_CONFIG=...] bench/compare.sh BASE_COMMIT [N]   (RUNS rounds, default 7; needs both builds offline-ready)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=$1
N=${2:-5000}
RUNS=${RUNS:-7}
VERSION=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -n 1)
BASE_VERSION=${VERSION%-SNAPSHOT}-base-SNAPSHOT
mvn -B -o -q install -DskipTests -Dinvoker.skip
# The base build is installed into the local repository only for the comparison: left there, Maven
# would pick it for an un-versioned `dev.schemacode:schemacode-maven-plugin:<goal>` (it sorts first).
REPO=${LOCAL_REPO:-$HOME/.m2/repository}   # set LOCAL_REPO when settings.xml moves the local repository
BASE_DIR="$REPO/dev/schemacode/schemacode-maven-plugin"
remove_base() {
  rm -rf "$BASE_DIR/$BASE_VERSION"
  sed -i "/<version>$BASE_VERSION<\/version>/d" "$BASE_DIR/maven-metadata-local.xml" 2>/dev/null || true
}
trap remove_base EXIT
rm -rf target/bench/base && git clone -q . target/bench/base && git -C target/bench/base checkout -q "$BASE"
sed -i "0,/<version>$VERSION<\/version>/s//<version>$BASE_VERSION<\/version>/" target/bench/base/pom.xml
(cd target/bench/base && mvn -B -o -q install -DskipTests -Dinvoker.skip)
DIR=target/bench/compare-$N
bash bench/changelog.sh "$N" "$DIR"
seconds() { sed -n 's/.*valid for h2 (\([0-9.]*\) s).*/\1/p'; }
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run() { (cd "$DIR" && mvn -B -o -Dstyle.color=never "dev.schemacode:schemacode-maven-plugin:$1:validate" 2>&1 || true) | seconds; }
# each build records the lock itself: the lock's format may differ between builds (its header names
# the dialect since 2026-12-02)
lock() { rm -f "$DIR/src/main/resources/db/changelog/schema.lock"; (cd "$DIR" && mvn -B -o -q "dev.schemacode:schemacode-maven-plugin:$1:lock" > /dev/null); }
loop() { local t0 t1; t0=$(date +%s%N); awk 'BEGIN { for (i = 0; i < 20000000; i++) s += i }'; t1=$(date +%s%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }'; }
machine_speed() {
  local one two
  one=$(loop)
  loop > /tmp/schemacode-bench-loop.$$ & two=$(loop); wait
  two=$(printf '%s\n%s\n' "$two" "$(cat /tmp/schemacode-bench-loop.$$)" | sort -n | tail -n 1); rm -f /tmp/schemacode-bench-loop.$$
  echo "$one s alone, $two s two at once"
}
echo "JVM options: ${JVM_CONFIG:-none (JVM defaults)}"
echo "machine speed before: awk loop $(machine_speed)"
for setting in no-lock lock lock-rerun; do
  rm -f "$DIR/src/main/resources/db/changelog/schema.lock"
  declare -A times=([base]="" [this]="")
  for ((r = 0; r < RUNS; r++)); do
    for build in base this; do
      version=$VERSION; [ $build = base ] && version=$BASE_VERSION
      if [ "$setting" != no-lock ]; then lock "$version"; fi
      if [ "$setting" = lock-rerun ]; then run "$version" > /dev/null; else rm -rf "$DIR/target"; fi
      times[$build]="${times[$build]} $(run "$version")"
    done
  done
  echo "$setting: base $BASE median $(echo "${times[base]}" | median) s (${times[base]# }); this median $(echo "${times[this]}" | median) s (${times[this]# })"
done
echo "machine speed after: awk loop $(machine_speed)"
