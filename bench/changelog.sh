#!/usr/bin/env bash
# Writes a Maven project with a generated changelog of N createTable changesets (one XML file, as
# src/main/resources/db/changelog/db.changelog-master.xml) into DIR, replacing DIR.
# The project gets its own .mvn/ folder, so Maven runs it with the JVM options a user's project would
# have rather than this checkout's .mvn/jvm.config (Maven takes the nearest .mvn/ above the working
# directory, and DIR is usually under target/): the JVM's defaults, or the lines of $JVM_CONFIG
# (for example JVM_CONFIG='-XX:TieredStopAtLevel=1 -XX:+UseSerialGC', one option per word).
# Usage: [JVM_CONFIG=...] bench/changelog.sh N DIR
set -euo pipefail
N=$1
DIR=$2
rm -rf "$DIR" && mkdir -p "$DIR/src/main/resources/db/changelog" "$DIR/.mvn"
if [ -n "${JVM_CONFIG:-}" ]; then printf '%s\n' $JVM_CONFIG > "$DIR/.mvn/jvm.config"; fi
cat > "$DIR/pom.xml" <<POM
<project><modelVersion>4.0.0</modelVersion><groupId>bench</groupId><artifactId>lock-bench</artifactId><version>1</version>
<properties><project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties></project>
POM
{
  echo '<?xml version="1.0" encoding="UTF-8"?>'
  echo '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
  echo '    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog https://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">'
  for ((i = 0; i < N; i++)); do
    echo "  <changeSet id=\"$i\" author=\"bench\"><createTable tableName=\"t$i\"><column name=\"id\" type=\"int\"/><column name=\"v\" type=\"varchar(50)\"/></createTable></changeSet>"
  done
  echo '</databaseChangeLog>'
} > "$DIR/src/main/resources/db/changelog/db.changelog-master.xml"
