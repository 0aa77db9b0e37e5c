"""The checks and headers every request and answer gets: the Host it names, the origin of a
change, and the browser's security headers (Content-Security-Policy and friends)."""

from __future__ import annotations

import contextlib
import socket
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from footwork.config import Settings, needs_login, split_list

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
DEFAULT_PORTS = {"http": "80", "https": "443"}

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        # 'wasm-unsafe-eval': the camera check's pose model is WebAssembly (served from
        # /static/vendor/pose); it compiles wasm only, and allows no eval of script text.
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        # data: for the raster parts matplotlib embeds in its SVG charts (the heat map); an
        # image runs no script.
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        # The service worker (/sw.js) and the manifest: both from our origin only.
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = ", ".join(
    (
        "camera=(self)",
        "microphone=()",
        "geolocation=()",
        "payment=()",
        "usb=()",
        "serial=()",
        "midi=()",
        "display-capture=()",
    )
)
HSTS = "max-age=31536000"


def normal_host(name: str) -> str:
    """A host name as compared: lower case, no brackets, no trailing dot, no IPv6 zone."""
    name = name.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
    return name.split("%", 1)[0]


def split_host(value: str) -> tuple[str, str | None]:
    """A Host header's name and port: '[::1]:8000' -> ('::1', '8000'). ('', None) when
    the header is malformed."""
    value = value.strip()
    if value.startswith("["):
        end = value.find("]")
        rest = value[end + 1 :]
        if end < 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return "", None
        return normal_host(value[1:end]), rest[1:] or None
    name, colon, port = value.partition(":")
    if ":" in port or (colon and not port.isdigit()):
        return "", None
    return normal_host(name), port or None


def host_matches(name: str, allowed: frozenset[str]) -> bool:
    """Whether a host name is one of `allowed` ("*.example.org" allows its sub-domains)."""
    if not name:
        return False
    if name in allowed:
        return True
    return any(entry.startswith("*.") and name.endswith(entry[1:]) for entry in allowed)


def default_allowed_hosts() -> frozenset[str]:
    """This machine's own names and addresses, and the loopback names: the hosts a browser on
    the local network uses to reach the app when FOOTWORK_ALLOWED_HOSTS says nothing."""
    hostname = socket.gethostname()
    names = {hostname, socket.getfqdn(), f"{hostname}.local", *LOOPBACK_HOSTS}
    with contextlib.suppress(OSError):
        names.update(str(info[4][0]) for info in socket.getaddrinfo(hostname, None))
    # The address other machines reach this one at; a UDP "connection" sends nothing.
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        names.add(probe.getsockname()[0])
    return frozenset(normal_host(name) for name in names if name)


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """The Host names the app answers to: loopback names only where no login is needed (so a
    web site rebinding its name to 127.0.0.1 gets nothing), else FOOTWORK_ALLOWED_HOSTS (or
    this machine's names when it is empty), plus the loopback names."""
    if not needs_login(settings):
        return LOOPBACK_HOSTS
    named = frozenset(normal_host(name) for name in split_list(settings.allowed_hosts))
    return LOOPBACK_HOSTS | (named or default_allowed_hosts())


def same_origin(url: str, host: str) -> bool:
    """Whether `url` (an Origin or a Referer) is on the host the request was sent to."""
    try:
        parts = urlsplit(url)
        origin_port = parts.port
    except ValueError:
        return False
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        return False
    name, port = split_host(host)
    if normal_host(parts.hostname) != name:
        return False
    # Behind a proxy the Host may come without its port; then the name alone decides.
    return port is None or str(origin_port or DEFAULT_PORTS[parts.scheme]) == port


def change_allowed(headers: Headers) -> bool:
    """Whether a state-changing request comes from the app's own pages (or from no browser
    at all). Origin decides; a browser sends `Origin: null` for a form under
    Referrer-Policy: no-referrer, and then Sec-Fetch-Site, else the Referer, decides."""
    host = headers.get("host", "")
    origin = headers.get("origin")
    if origin is not None and origin != "null":
        return same_origin(origin, host)
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    referer = headers.get("referer")
    if referer:
        return same_origin(referer, host)
    return origin is None  # an opaque origin and nothing else to go by: refuse


def security_headers(headers: MutableHeaders, *, path: str, hsts: bool) -> None:
    """Add the headers every answer carries; the CSP on HTML, no-store on all but static files."""
    if headers.get("content-type", "").startswith("text/html"):
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if path.startswith("/static/vendor/"):
        # ~20 MB of pose model that changes only with its pinned version: kept a week.
        headers["Cache-Control"] = "public, max-age=604800"
    elif not path.startswith("/static/"):
        headers["Cache-Control"] = "no-store"
    if hsts:
        headers["Strict-Transport-Security"] = HSTS


class GuardMiddleware:
    """Answer 400 to a Host the mode does not allow, 403 to a change from another origin, and
    put the security headers on every answer (these two refusals included)."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.allowed = allowed_hosts(settings)
        # No HSTS over a self-signed certificate: browsers ignore it where the certificate is
        # not trusted, and once trusted it would lock the names to HTTPS for a year.
        self.hsts = settings.cookie_secure and not settings.self_signed_tls

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                security_headers(MutableHeaders(scope=message), path=path, hsts=self.hsts)
            await send(message)

        headers = Headers(scope=scope)
        name, _ = split_host(headers.get("host", ""))
        if not host_matches(name, self.allowed):
            refusal: Response = PlainTextResponse(
                "This server does not answer to that host name "
                "(its operator lists the names in FOOTWORK_ALLOWED_HOSTS).",
                status_code=400,
            )
            await refusal(scope, receive, send_with_headers)
            return
        if scope["method"] in UNSAFE_METHODS and not change_allowed(headers):
            refusal = JSONResponse(
                {"detail": "a change from another web site is refused (Origin)"},
                status_code=403,
            )
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)
