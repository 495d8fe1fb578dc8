"""`policybot serve`: check the settings, build the app once, and run HTTP or Socket Mode until stopped."""

from __future__ import annotations

import json
import logging
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from slack_bolt import App
from slack_bolt.error import BoltError
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.config import Settings
from bot.errors import ConfigError
from bot.logs import configure_logging
from bot.slack.app import create_app
from bot.slack.deps import SlackDeps
from bot.slack.server import EVENTS_PATH, SlackHTTPServer

log = logging.getLogger(__name__)

SLACK_API_URL = "https://slack.com/api/"
DRAIN_S = 20.0  # on SIGTERM, answers under way get this long to be posted

REQUIRED = {
    "http": (
        ("SLACK_BOT_TOKEN", "slack_bot_token", "the bot token (OAuth & Permissions, xoxb-…)"),
        ("SLACK_SIGNING_SECRET", "slack_signing_secret", "the signing secret (Basic Information › App Credentials)"),
    ),
    "socket": (
        ("SLACK_BOT_TOKEN", "slack_bot_token", "the bot token (OAuth & Permissions, xoxb-…)"),
        ("SLACK_APP_TOKEN", "slack_app_token", "an app-level token with connections:write (xapp-…)"),
    ),
}


def check_settings(settings: Settings, mode: str) -> None:
    """Fail before starting anything, naming each variable to set."""
    missing = [(name, what) for name, field, what in REQUIRED[mode] if not getattr(settings, field)]
    if missing:
        names = " and ".join(name for name, _ in missing)
        what = "; ".join(f"{name} is {what}" for name, what in missing)
        raise ConfigError(f"set {names} to serve Slack in {mode} mode ({what})")


def slack_client(settings: Settings) -> WebClient:
    """The Web API client: Slack's, or whatever SLACK_API_URL points at (a test server, a proxy)."""
    client = WebClient(token=settings.slack_bot_token, base_url=_with_slash(settings.slack_api_url or SLACK_API_URL))
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return client


def _with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def verify_token(client: WebClient) -> None:
    """auth.test before the knowledge base and index are loaded: a bad token or URL fails in a second."""
    try:
        client.auth_test()
    except (SlackApiError, SlackClientError, OSError) as exc:
        raise _rejected(client, exc) from None


def build_app(deps: SlackDeps, client: WebClient, *, socket_mode: bool = False) -> App:
    """The app (Bolt checks the token with auth.test again and learns the bot's user id)."""
    try:
        return create_app(deps, client, socket_mode=socket_mode)
    except (BoltError, SlackApiError, SlackClientError, OSError) as exc:
        raise _rejected(client, exc) from None


def _rejected(client: WebClient, exc: Exception) -> ConfigError:
    reason = exc.response.get("error") if isinstance(exc, SlackApiError) else str(exc)
    return ConfigError(
        f"Slack did not accept SLACK_BOT_TOKEN at {client.base_url} ({reason}); check SLACK_BOT_TOKEN and SLACK_API_URL"
    )


def run_http(settings: Settings, host: str, port: int, kb_dir: Path | None = None, use_llm: bool = True) -> None:
    check_settings(settings, "http")
    configure_logging()
    client = slack_client(settings)
    verify_token(client)
    deps = _deps(settings, kb_dir, use_llm)
    app = build_app(deps, client)
    try:
        server = SlackHTTPServer(app, host, port, ready=lambda: not deps.workers.closed, priority=deps.workers.gate)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    server.get_routes["/metrics"] = deps.metrics.render
    server.get_routes["/readyz"] = readiness(deps)
    _mount_console(server, settings, deps, kb_dir, host)
    _on_stop(lambda: threading.Thread(target=server.shutdown, daemon=True).start())
    log.info("serving Slack on http://%s:%d%s (/healthz, /readyz, /metrics)", host, server.port, EVENTS_PATH)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        _drain(deps)


def _mount_console(
    server: SlackHTTPServer, settings: Settings, deps: SlackDeps, kb_dir: Path | None, host: str
) -> None:
    """The policy owner's console under /admin/, when POLICYBOT_ADMIN_TOKEN is set and answers are audited."""
    if settings.admin_token is None:
        return
    if deps.audit is None:
        log.warning("POLICYBOT_ADMIN_TOKEN is set but auditing is off (POLICYBOT_AUDIT=0): no console to serve")
        return
    from bot.console.server import build_console, mount

    mount(server.prefix_routes, build_console(settings, deps.audit, deps.kb, str(kb_dir or "")))
    log.info(
        "the policy owner's console is at http://%s:%d/admin/ (sign in with POLICYBOT_ADMIN_TOKEN)", host, server.port
    )


def readiness(deps: SlackDeps) -> Callable[[], tuple[int, str, str]]:
    """GET /readyz: taking work, the knowledge base loaded, and the audit store reachable (when there is one)."""

    def check() -> tuple[int, str, str]:
        checks = {
            "workers": not deps.workers.closed,
            "knowledge_base": bool(deps.kb.clauses),
            "audit_store": _reachable(deps.audit),
        }
        ok = all(checks.values())
        return (200 if ok else 503), "application/json", json.dumps({"ready": ok, **checks})

    return check


def _reachable(audit: Any) -> bool:
    try:
        return audit is None or bool(audit.ping())
    except Exception:
        return False


def run_socket(settings: Settings, kb_dir: Path | None = None, use_llm: bool = True) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    check_settings(settings, "socket")
    configure_logging()
    client = slack_client(settings)
    verify_token(client)
    deps = _deps(settings, kb_dir, use_llm)
    app = build_app(deps, client, socket_mode=True)
    handler = SocketModeHandler(app, settings.slack_app_token)
    stopped = threading.Event()
    _on_stop(stopped.set)
    try:
        handler.connect()
    except (SlackApiError, SlackClientError, OSError) as exc:
        raise ConfigError(f"Socket Mode could not connect ({exc}); check SLACK_APP_TOKEN") from None
    log.info("connected to Slack through Socket Mode")
    try:
        stopped.wait()
    finally:
        handler.close()
        _drain(deps)


def _deps(settings: Settings, kb_dir: Path | None, use_llm: bool) -> SlackDeps:
    from bot.wiring import build_slack_deps

    deps = build_slack_deps(kb_dir, use_llm=use_llm, settings=settings)
    # The vocabulary's expressions compile on first use (a CLI `ask` needs few); a server compiles them all
    # while it waits for its first events, so no early question pays for them.
    threading.Thread(target=deps.kb.vocabulary.compile_all, name="compile-vocabulary", daemon=True).start()
    return deps


def _on_stop(stop: Callable[[], Any]) -> None:
    def handle(signum: int, frame: object) -> None:
        log.info("stopping (%s)", signal.Signals(signum).name)
        stop()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def _drain(deps: SlackDeps) -> None:
    if not deps.workers.shutdown(DRAIN_S):
        log.warning("stopped with answers still under way")
