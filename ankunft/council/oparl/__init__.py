"""OParl 1.1: the client, the field mapping and the importer of council data."""
