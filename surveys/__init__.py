"""Suara's domain: tables, queries and pure computations (IKM, statistics, tokens, QR).

Nothing here imports the web layer (litestar, jinja2 or ``app``).
"""
