dev.schemacode.TestDatabase.recreate('postgresql', 'schemacode_it_concurrent')
return true
