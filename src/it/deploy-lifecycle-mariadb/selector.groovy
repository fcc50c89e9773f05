// Runs where the MariaDB server is up; under CI=true it must be, so the IT runs (and fails) anyway.
return dev.schemacode.TestDatabase.reachable('mariadb') || System.getenv('CI') == 'true'
