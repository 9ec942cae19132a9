"""Suara's domain, a package per area (docs/architecture.md draws the map).

``method`` holds the SKM rules every area shares, ``store`` the tables and how records are
read and written; the areas (organisation, citizen, forum, reporting, training) stand on
those two and never on each other. Nothing here imports the web layer.
"""
