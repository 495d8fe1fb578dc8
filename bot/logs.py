"""Structured JSON logs on stderr, with tokens and keys masked wherever they appear in a record."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from datetime import UTC, datetime

# Slack tokens, OpenAI-style keys, bearer tokens, and secrets passed as key=value.
_SECRETS = re.compile(
    r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|sk-[A-Za-z0-9_-]{8,}|(?i:bearer\s+)[A-Za-z0-9._-]{8,}"
    r"|(?i:(?:api[_-]?key|token|secret|password)=)[^\s&\"']+"
)
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
NOISY = ("slack_bolt", "slack_sdk", "bot.slack.bolt", "httpx", "openai", "chromadb", "urllib3")


def mask(text: str) -> str:
    return _SECRETS.sub(lambda m: m.group(0)[:4] + "…[masked]", text)


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, any extra fields, and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": mask(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = mask(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = mask(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging() -> None:
    """JSON logs at INFO (DEBUG with POLICYBOT_DEBUG); third-party chatter only from WARNING up."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    debug = bool(os.environ.get("POLICYBOT_DEBUG"))
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    if not debug:
        for noisy in NOISY:
            logging.getLogger(noisy).setLevel(logging.WARNING)
