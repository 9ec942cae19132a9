"""Suara's web layer: the Litestar app, auth, routes by area, templates glue and the CLI."""
