"""What `footwork serve --host 0.0.0.0` tells the person about reaching it from a phone: the
machine's addresses on the local network, and a QR code of the first to scan."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
from collections.abc import Iterable

import segno

from footwork.core.language import UNTRANSLATED, Translator

# TEST-NET-1 (RFC 5737): a UDP socket "connected" there names the interface the machine would
# use to leave, without sending anything; no internet needed.
PROBE = ("192.0.2.1", 9)


def phone_addresses(candidates: Iterable[str]) -> list[str]:
    """The IPv4 addresses among `candidates` that another device on the network can use:
    not loopback, link-local, multicast or unspecified; private ones first, else in the order
    given, no repeats."""
    found: list[ipaddress.IPv4Address] = []
    for text in candidates:
        try:
            address = ipaddress.ip_address(text.strip())
        except ValueError:
            continue
        if not isinstance(address, ipaddress.IPv4Address) or address in found:
            continue
        if address.is_loopback or address.is_link_local or address.is_multicast:
            continue
        if address.is_unspecified or address.is_reserved:
            continue
        found.append(address)
    found.sort(key=lambda a: not a.is_private)  # stable: the way out stays first
    return [str(address) for address in found]


def phone_urls(addresses: Iterable[str], *, port: int, https: bool = False) -> list[str]:
    """The addresses to type on the phone, e.g. http://192.168.1.20:8000/."""
    scheme = "https" if https else "http"
    default = 443 if https else 80
    suffix = "" if port == default else f":{port}"
    return [f"{scheme}://{address}{suffix}/" for address in addresses]


def qr_text(url: str) -> str:
    """A QR code of `url` drawn with block characters, for a terminal (light on dark)."""
    out = io.StringIO()
    segno.make(url, error="m", micro=False).terminal(out=out, compact=True)
    return out.getvalue()


def machine_ipv4_candidates() -> list[str]:
    """This machine's IPv4 addresses as its own name resolves them, and the one it would
    leave by (found without sending a packet)."""
    names: list[str] = []
    with contextlib.suppress(OSError):
        infos = socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET)
        names.extend(str(info[4][0]) for info in infos)
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(PROBE)
        names.insert(0, str(probe.getsockname()[0]))
    return names


def phone_text(
    urls: list[str], *, fingerprint: str | None = None, text: Translator = UNTRANSLATED
) -> str:
    """What the terminal says about reaching the app from a phone on the same network; with
    `fingerprint`, the app is served with its own certificate and the phone's warning is
    explained."""
    if not urls:
        return (
            text.gettext(
                "No local-network address found for this computer: connect it to the network "
                "(Wi-Fi or cable) and start Footwork again to use it from a phone."
            )
            + "\n"
        )
    lines = [text.gettext("On a phone or tablet on the same network, open:")]
    lines += [f"  {url}" for url in urls]
    lines += [text.gettext("or scan this code with its camera:"), "", qr_text(urls[0])]
    if fingerprint:
        lines += [
            text.gettext(
                "The phone's browser will warn that the connection is not private: Footwork "
                "made the certificate itself, for this computer, and no authority vouches for "
                "it. The connection is still encrypted. If the certificate's SHA-256 "
                "fingerprint (in the warning's details) reads"
            ),
            f"  {fingerprint}",
            text.gettext(
                "it is this computer: go on to the page (Advanced, then Proceed, or Show "
                "details, then visit). Then the screen stays awake through a session on its own."
            ),
        ]
    else:
        lines.append(
            text.gettext(
                "Over http:// a phone's browser may not keep the screen awake by itself: the "
                "player plays a silent video to keep it on, and says so when it cannot. "
                "`--https` serves Footwork over HTTPS with a certificate made for this computer."
            )
        )
    return "\n".join(lines) + "\n"
