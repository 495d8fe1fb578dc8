"""Deployment files, checked without Docker (no engine runs here): the compose file loads and wires the
bot to Chroma and PostgreSQL; the Dockerfile is slim, non-root, installs as the README does, and checks health."""

from __future__ import annotations

import re

import yaml

from bot.config import Settings
from tests.conftest import ROOT


def test_the_compose_file_runs_the_bot_in_http_mode_with_chroma_and_postgres() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"bot", "chroma", "postgres"} <= services.keys()
    bot = services["bot"]
    assert bot["command"][:3] == ["policybot", "serve", "--http"] and "0.0.0.0" in bot["command"]
    env = bot["environment"]
    assert env["CHROMA_HOST"] == "chroma" and env["CHROMA_PORT"] == "8000"
    assert (
        env["POLICYBOT_DATABASE_URL"].startswith("postgresql://") and "@postgres:5432/" in env["POLICYBOT_DATABASE_URL"]
    )
    assert {"SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"} <= env.keys()
    assert bot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["chroma"]["image"].startswith("chromadb/chroma:")
    assert services["postgres"]["image"].startswith("postgres:") and "healthcheck" in services["postgres"]
    assert set(compose["volumes"]) >= {"chroma-data", "postgres-data"}
    # the variables it sets are ones the bot reads
    fields = {str(a) for f in Settings.model_fields.values() for a in getattr(f.validation_alias, "choices", [])}
    unknown = {k for k in env if k not in fields and not k.startswith("SLACK_")}
    assert not unknown, unknown


def test_the_dockerfile_is_slim_non_root_installs_like_the_readme_and_checks_health() -> None:
    text = (ROOT / "Dockerfile").read_text()
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert lines[0] == "FROM python:3.11-slim"
    assert "pip install ." in text and "pip install . &&" in (ROOT / "README.md").read_text()
    warm_up = next(line for line in text.splitlines() if "LOCAL_MODELS['minilm'](None)" in line)
    assert warm_up.startswith("RUN ") and "embed_query" in warm_up  # the model is loaded at build time
    users = [line for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("USER root", "USER 0")
    assert lines.index(users[-1]) < next(i for i, line in enumerate(lines) if line.startswith("CMD "))
    assert any(line.startswith("HEALTHCHECK") for line in lines) and "/healthz" in text
    assert lines[-1] == 'CMD ["policybot", "serve", "--http", "--port", "8080", "--host", "0.0.0.0"]'
    ignored = (ROOT / ".dockerignore").read_text().split()
    for needed in ("bot", "knowledge", "prompts", "pyproject.toml", "README.md"):
        assert needed not in ignored
    for copied in ("pyproject.toml", "bot", "knowledge", "prompts"):
        assert re.search(rf"^COPY {re.escape(copied)}\b", text, re.M)
