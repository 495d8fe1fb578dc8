"""`policybot console [--host] [--port]`: the policy owner's console alone, for a CLI-only installation."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    app.command("console")(console)


def console(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8080,
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base folder (default: the shipped one).")] = None,
) -> None:
    """Serve the policy owner's console at /admin/ (needs POLICYBOT_ADMIN_TOKEN)."""
    from bot.audit.store import AuditStore
    from bot.config import load_settings
    from bot.console.server import ConsoleHTTPServer, build_console
    from bot.errors import ConfigError
    from bot.logs import configure_logging
    from bot.policy.knowledge import load_knowledge_base

    settings = load_settings()
    if settings.admin_token is None:
        raise ConfigError("set POLICYBOT_ADMIN_TOKEN to turn the console on (it is also the sign-in token)")
    if not settings.audit_enabled:
        raise ConfigError("the console reads the audit store, which is off (POLICYBOT_AUDIT=0)")
    configure_logging()
    audit = AuditStore.from_settings(settings)
    audit.migrate()
    knowledge = load_knowledge_base(kb or settings.kb_dir, cache_dir=settings.data_dir / "cache")
    app = build_console(settings, audit, knowledge, str(kb or ""))
    try:
        server = ConsoleHTTPServer(app, host, port)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    server.start_in_thread()
    log.info(
        "the policy owner's console is at http://%s:%d/admin/ (sign in with POLICYBOT_ADMIN_TOKEN)", host, server.port
    )
    try:
        stop.wait()
    finally:
        server.shutdown()
        server.server_close()
        audit.close()
