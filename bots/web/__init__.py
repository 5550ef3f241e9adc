"""Web chat: the embeddable widget, its WebSocket, the help center and the demo website.

`bots.web.app.create_app(settings)` builds the FastAPI application; `deskhand serve` runs it.
"""
