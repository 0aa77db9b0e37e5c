"""OPTIONS and 405 as HTTP says (RFC 9110 9.3.7 and 15.5.6): OPTIONS on a known path answers
204 with an Allow header listing the path's methods; a 405 always carries the full Allow."""

from __future__ import annotations

from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def allowed_methods(routes: list[BaseRoute], scope: Scope) -> list[str]:
    """Every method some route takes at this path, and OPTIONS."""
    methods: set[str] = set()
    probe = {**scope, "method": "GET"}
    for route in routes:
        match, _ = route.matches(probe)
        if match == Match.NONE:
            continue
        route_methods = getattr(route, "methods", None)
        if route_methods:
            methods |= set(route_methods)
    if not methods:
        return []
    return sorted(methods | {"OPTIONS"})


class AllowedMethods:
    def __init__(self, app: ASGIApp, *, routes: list[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            allow = allowed_methods(self.routes, scope)
            if allow:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 204,
                        "headers": [(b"allow", ", ".join(allow).encode())],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return

        async def send_with_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allow = ", ".join(allowed_methods(self.routes, scope)).encode()
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allow)]}
            await send(message)

        await self.app(scope, receive, send_with_allow)
