"""Administration of the organisation: units with their hierarchy, service types and
populations, and the user accounts with their roles and unit scopes."""
