"""The records and how they are kept: tables and migrations, the database engine, the one
write path for responses and their aggregates, accounts, units, the audit trail, imports,
backups and the demo city."""
