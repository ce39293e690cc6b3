"""Who may talk to `leverage serve`: the checks on every HTTP request's `Host` and `Origin`.

textual-serve runs a game for whoever opens its websocket. Without these checks a page on any
other site, open in a participant's browser, could open that websocket and play (cross-site
websocket hijacking: browsers let any page open a websocket to any address, and tell the server
the page's `Origin`), and a site whose name is made to resolve to 127.0.0.1 could read the pages
(DNS rebinding: the browser then sends that site's name as `Host`).

So a request is served only when
- its `Host` is an address (an IP literal cannot be rebound), `localhost`, this computer's name,
  the host of `--public-url`, or one named with `--allow-origin`; and
- its `Origin`, when the browser sends one, is the server itself (the same host and port the
  request was sent to), the `--public-url`, or one named with `--allow-origin`.

`refusal` is the decision, a plain function; `guard_middleware` wires it into aiohttp.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from attrs import frozen


@frozen
class Allowed:
    """The hosts and origins a server accepts beyond IP literals and its own address."""

    hosts: frozenset[str]
    origins: frozenset[str]


def _origin_of(url: str) -> str | None:
    """`scheme://host[:port]` in lower case, or None for something that is not a URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # an unclosed "[": urlsplit's "Invalid IPv6 URL"
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        return None
    default = 80 if parts.scheme == "http" else 443
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def allowed_for(public_url: str | None, allow: Iterable[str]) -> Allowed:
    """What a server started with this public URL and these `--allow-origin` values accepts."""
    hosts = {"localhost", socket.gethostname().lower()}
    origins = set()
    given = [("--allow-origin", url) for url in allow]
    if public_url:
        given.insert(0, ("--public-url", public_url))
    for option, url in given:
        origin = _origin_of(url)
        if origin is None:
            raise ValueError(f"{option}: expected a URL like http://NAME:PORT (got {url!r})")
        origins.add(origin)
        hosts.add((urlsplit(origin).hostname or "").lower())
    return Allowed(frozenset(hosts), frozenset(origins))


def _host_name(host_header: str) -> str | None:
    """The name in a `Host` header (without its port), lower case; None when malformed."""
    text = host_header.strip().lower()
    if not text or len(text) > 255:
        return None
    try:
        parts = urlsplit(f"http://{text}")
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:  # a malformed port, or an unclosed "[" (a 500 before)
        return None
    return parts.hostname


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def refusal(host_header: str | None, origin_header: str | None, allowed: Allowed) -> str | None:
    """Why a request must be refused, or None to serve it."""
    if host_header is None:
        return "no Host header"
    name = _host_name(host_header)
    if name is None:
        return "malformed Host header"
    if not (_is_ip(name) or name in allowed.hosts):
        return f"Host {name!r} is not this server (add it with --allow-origin)"
    if origin_header is None:
        return None  # not a browser page's request (curl, the browser's own navigation)
    origin = _origin_of(origin_header)
    if origin is None:
        return "malformed Origin header"
    if origin in allowed.origins:
        return None
    scheme = urlsplit(origin).scheme
    own = _origin_of(f"{scheme}://{host_header.strip()}")
    if origin == own:
        return None  # the page was served by this server, at the address it is reached by
    return f"Origin {origin} is not this server (add it with --allow-origin)"


def guard_middleware(allowed: Allowed) -> Callable[..., Any]:
    """An aiohttp middleware that answers 403 to a request `refusal` refuses."""
    from aiohttp import web

    @web.middleware
    async def guard(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        reason = refusal(request.headers.get("Host"), request.headers.get("Origin"), allowed)
        if reason is not None:
            return web.Response(status=403, text=f"Forbidden: {reason}\n")
        return await handler(request)

    return guard
