"""The ASGI application for servers: ``granian --interface asgi app.asgi:app``."""

import gc

from app.main import create_app

app = create_app()

# What is loaded by now (modules, routes, catalogs: ~200,000 objects) lives as long as the
# process. Frozen, the cycle collector stops scanning it: its full collections otherwise
# stopped every request for ~90 ms every few seconds (the citizen cycle's p99).
gc.collect()
gc.freeze()
