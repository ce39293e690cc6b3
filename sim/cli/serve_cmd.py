"""`leverage serve`: the game in a browser, through textual-serve, for participants without a
terminal. Each browser tab runs its own game in its own process; every finished game's replay
lands in the workshop folder for `leverage workshop report`.

It binds to this computer only (127.0.0.1) unless told otherwise, and says which: there is no
password, so anyone who can reach the port can play. Every request's Host and Origin are checked
(`sim.cli.serve_guard`), so a page on another site cannot open a game in a participant's browser.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from sim.cli.common import UsageError, output_folder, whole_number

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


DESCRIPTION = """
Serve the game through textual-serve so people can play in a browser. Binds to this computer only
(127.0.0.1) unless --host says otherwise. With --workshop DIR every finished game's replay lands in
DIR, ready for 'leverage workshop report DIR'.
"""


def register(commands) -> None:
    parser = commands.add_parser(
        "serve", help="serve the game in a browser (for a workshop)", description=DESCRIPTION
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="HOST",
        help="the address to listen on (default 127.0.0.1: this computer only; 0.0.0.0: "
        "everyone on your network)",
    )
    parser.add_argument(
        "--port",
        type=whole_number(1, 65535, "a port"),
        default=8000,
        metavar="PORT",
        help="default 8000",
    )
    parser.add_argument(
        "--workshop",
        metavar="DIR",
        help="where finished games' replays land (default: 'workshop' in the data folder)",
    )
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="URL",
        help="also accept pages and requests from URL (e.g. http://trainer-laptop.local:8000, "
        "the name a class on your network uses); may be given more than once",
    )
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach this server, when it is not http://HOST:PORT",
    )
    parser.set_defaults(run=run)


def served_command(folder: Path) -> str:
    """The command textual-serve runs for each browser: this Python, the home screen, and the
    workshop folder."""
    return " ".join(
        shlex.quote(part)
        for part in (sys.executable, "-m", "sim", "play", "--workshop", str(folder))
    )


def run(args) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UsageError(
            "the browser version needs textual-serve; install it with: pip install 'leverage[serve]'"
        ) from None
    from sim.cli.serve_guard import allowed_for, guard_middleware
    from sim.record.paths import data_home

    host = _checked_host(args.host)
    folder = output_folder("--workshop", args.workshop or str(data_home() / "workshop")).resolve()
    public_url = args.public_url
    if public_url is None:
        shown = host
        if host in ("0.0.0.0", "::"):
            import socket

            shown = socket.gethostname()
        elif ":" in host:
            shown = f"[{host}]"
        public_url = f"http://{shown}:{args.port}"
    try:
        allowed = allowed_for(public_url, args.allow_origin)
    except ValueError as error:
        raise UsageError(str(error)) from None
    _check_port_free(host, args.port)  # before anything says the server is up
    print(f"Leverage in the browser: {public_url}")
    if host in LOCAL_HOSTS:
        print(
            f"Listening on {host} only: only this computer can connect. To let a class on your "
            "network in, use --host 0.0.0.0."
        )
    else:
        print(
            f"Listening on {host}, port {args.port}: anyone who can reach this computer can play "
            "(there is no password)."
        )
    print(f"Finished games are saved in {folder} (report: leverage workshop report {folder})")
    sys.stdout.flush()

    class GuardedServer(Server):
        """textual-serve with the Host and Origin checks in front of every route."""

        async def _make_app(self):  # type: ignore[no-untyped-def]
            app = await super()._make_app()
            app.middlewares.append(guard_middleware(allowed))
            return app

        async def on_startup(self, app) -> None:  # type: ignore[no-untyped-def]
            print("Press Ctrl+C to quit", flush=True)

    server = GuardedServer(
        served_command(folder),
        host=host,
        port=args.port,
        title="Leverage",
        public_url=public_url,
    )
    try:
        server.serve()
    except OSError as error:
        raise UsageError(
            f"cannot listen on {host}:{args.port} ({error.strerror or error})"
        ) from None
    return 0


def _checked_host(host: str) -> str:
    """`--host` as an address to listen on: a name or an IP literal. An empty one would listen
    on every address without the warning that says so; one with brackets, spaces or control
    characters is no address (and was a bare "Invalid IPv6 URL")."""
    name = host.strip()
    if not name or len(name) > 253 or not all(c.isalnum() or c in ".-_:%" for c in name):
        raise UsageError(
            f"--host {host[:60]!r}: expected an address to listen on, such as 127.0.0.1 (this "
            "computer only), 0.0.0.0 (everyone on your network), ::1 or this computer's name"
        )
    return name


def _check_port_free(host: str, port: int) -> None:
    """Bind the address once, as the server will, so a busy port is one line before anything
    else is printed (textual-serve would announce itself first, then fail)."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port} ({error.strerror or error})") from None
