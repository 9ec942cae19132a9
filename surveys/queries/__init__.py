"""Queries by aggregate, named by intent. Handlers call these, never build queries inline."""
