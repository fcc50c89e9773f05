dev.schemacode.TestDatabase.recreate('mariadb', 'schemacode_it_lifecycle')
return true
