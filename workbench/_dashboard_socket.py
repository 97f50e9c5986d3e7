"""The dashboard's kernel sockets speak the page's protocol only.

Jupyter Server still accepts a kernel socket opened without a subprotocol, in the legacy JSON
framing no browser page of Voilà uses. Over it, a viewer's script that opened the widget control
comm and asked for every widget's state left the server answering no page, for anyone, its memory
growing by megabytes a second until it was killed. The page opens its sockets with the v1
subprotocol (`v1.kernel.websocket.jupyter.org`); a socket offering no such protocol is refused
before the upgrade (HTTP 400), so a viewer can do on the socket only what the page itself does.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from tornado import web

PAGE_PROTOCOL = "v1.kernel.websocket.jupyter.org"


class PageProtocolOnly(ZMQChannelsWebsocketConnection):
    """A kernel socket of Voilà's page: refused unless it offers the page's subprotocol."""

    async def prepare(self) -> None:
        offered = self.websocket_handler.request.headers.get("Sec-WebSocket-Protocol", "")
        if PAGE_PROTOCOL not in (part.strip() for part in offered.split(",")):
            raise web.HTTPError(400, f"kernel sockets of this page speak {PAGE_PROTOCOL} only")
        await super().prepare()
