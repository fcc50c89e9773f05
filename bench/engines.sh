#!/usr/bin/env bash
# Measures what each self-test engine costs on the bundled example (changelogs/, 21 changesets):
# for h2, postgresql and mariadb, one cold run (no data directory under target/ yet) and RUNS warm
# runs (data directory reused), reporting the medians of
#   - start:  the embedded server's start-up, from its "-X" line "started in N s" (creating the
#             database included; H2 has none),
#   - cycle:  the plugin's self-test cycle (update, rollback, update, check), from its summary line,
#   - wall:   the whole `mvn schema:selftest` process.
# Binaries are unpacked once per machine (~/.cache/schemacode/engines, or the temp directory when
# run as root); that one-time cost is not in these figures. Needs the plugin installed
# (mvn install -DskipTests -Dinvoker.skip) and the binaries in the local repository (one online run).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
VERSION=$(sed -n 's:.*<version>\(.*-SNAPSHOT\)</version>.*:\1:p' pom.xml | head -n 1)
DIR=target/bench/engines
rm -rf "$DIR" && mkdir -p "$DIR"
cat > "$DIR/pom.xml" <<POM
<project><modelVersion>4.0.0</modelVersion><groupId>bench</groupId><artifactId>engines-bench</artifactId><version>1</version>
<packaging>pom</packaging><properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties></project>
POM
PLUGIN="dev.schemacode:schemacode-maven-plugin:$VERSION"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# one run: prints "start cycle wall" in seconds
run() {
  local engine=$1 out t0 t1
  t0=$(date +%s.%N)
  out=$(cd "$DIR" && mvn -B -o -X -Dstyle.color=never "$PLUGIN:selftest" -Dschema.selftestEngine="$engine" \
        -Dschema.changeLogFile=../../../changelogs/db.changelog-master.yaml -Dschema.contexts=demo 2>&1) \
    || { echo "$out" | grep -E 'ERROR' >&2; exit 1; }
  t1=$(date +%s.%N)
  local start cycle
  start=$(echo "$out" | sed -n 's/.* started in \([0-9.]*\) s (.*/\1/p' | head -n 1)
  cycle=$(echo "$out" | sed -n 's/.*schema:selftest .* filters on .* (\([0-9.]*\) s); .*/\1/p' | head -n 1)
  echo "${start:-0} $cycle $(printf "%.1f" "$(echo "$t1 - $t0" | bc)")"
}

printf '%-11s %-6s %8s %8s %8s\n' engine runs start_s cycle_s wall_s
for engine in h2 postgresql mariadb; do
  rm -rf "$DIR/target"
  run "$engine" > /dev/null        # warm-up: resolves and unpacks binaries if this machine has not yet
  rm -rf "$DIR/target"
  read -r cs cc cw < <(run "$engine")
  printf '%-11s %-6s %8s %8s %8s\n' "$engine" cold "$cs" "$cc" "$cw"
  results=$(for ((r = 0; r < RUNS; r++)); do run "$engine"; done)
  printf '%-11s %-6s %8s %8s %8s\n' "$engine" "warm$RUNS" "$(echo "$results" | awk '{print $1}' | median)" \
    "$(echo "$results" | awk '{print $2}' | median)" "$(echo "$results" | awk '{print $3}' | median)"
done
