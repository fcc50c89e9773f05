// Runs where the postgresql server is up; under CI=true it must be, so the IT runs (and fails) anyway.
return dev.schemacode.TestDatabase.reachable('postgresql') || System.getenv('CI') == 'true'
