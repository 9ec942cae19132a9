"""The ASGI application for servers: ``granian --interface asgi app.asgi:app``."""

from app.main import create_app

app = create_app()
