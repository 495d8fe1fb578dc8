"""One typed Settings object, built once at start-up from the environment.

Our own settings use the POLICYBOT_ prefix; the ones other tools share keep their usual names
(OPENAI_API_KEY, OPENAI_BASE_URL, CHROMA_HOST, SLACK_BOT_TOKEN, ...).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.errors import ConfigError

_PACKAGE = Path(__file__).resolve().parent


def shipped_path(name: str) -> Path:
    """A folder shipped with the product: inside the installed package, or at the root of a checkout."""
    installed = _PACKAGE / "_shipped" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def _env(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    # --- knowledge and data
    kb_dir: Path = Field(shipped_path("knowledge"), validation_alias=_env("POLICYBOT_KB_DIR", "kb_dir"))
    data_dir: Path = Field(Path.home() / ".policybot", validation_alias=_env("POLICYBOT_DATA_DIR", "data_dir"))

    # --- audit store (bot/audit): SQLite under data_dir unless a database URL is given
    database_url: str | None = Field(None, validation_alias=_env("POLICYBOT_DATABASE_URL", "database_url"))
    audit_enabled: bool = Field(True, validation_alias=_env("POLICYBOT_AUDIT", "audit_enabled"))
    redact_pii: bool = Field(False, validation_alias=_env("POLICYBOT_REDACT_PII", "redact_pii"))
    audit_retention_days: int = Field(
        365, ge=1, validation_alias=_env("POLICYBOT_AUDIT_RETENTION_DAYS", "audit_retention_days")
    )

    # --- the policy owner's console (bot/console): off unless a token is set
    admin_token: SecretStr | None = Field(
        None, validation_alias=_env("POLICYBOT_ADMIN_TOKEN", "admin_token")
    )  # logs in at /admin/ (or `Authorization: Bearer`); the session key is derived from it

    # --- retrieval
    chroma_host: str | None = Field(None, validation_alias=_env("CHROMA_HOST", "chroma_host"))
    chroma_port: int = Field(8000, validation_alias=_env("CHROMA_PORT", "chroma_port"))
    embedding_provider: str = Field(
        "local", validation_alias=_env("POLICYBOT_EMBEDDINGS", "embedding_provider")
    )  # "local" (offline all-MiniLM-L6-v2), "local:e5" (multilingual), "local:e5+minilm" or "openai"
    openai_embedding_model: str = Field(
        "text-embedding-3-small", validation_alias=_env("POLICYBOT_OPENAI_EMBEDDING_MODEL", "openai_embedding_model")
    )
    late_interaction: bool = Field(
        True, validation_alias=_env("POLICYBOT_LATE_INTERACTION", "late_interaction")
    )  # rank with token vectors too (MiniLM only): better answers, ~3-4 ms more a query, a token store on disk

    # --- LLM (OpenAI, Azure OpenAI, or any OpenAI-compatible server)
    openai_api_key: str | None = Field(None, validation_alias=_env("OPENAI_API_KEY", "openai_api_key"))
    openai_base_url: str | None = Field(None, validation_alias=_env("OPENAI_BASE_URL", "openai_base_url"))
    llm_model: str = Field("gpt-4o-mini", validation_alias=_env("POLICYBOT_LLM_MODEL", "llm_model"))
    azure_openai_endpoint: str | None = Field(
        None, validation_alias=_env("AZURE_OPENAI_ENDPOINT", "azure_openai_endpoint")
    )
    azure_openai_api_key: str | None = Field(
        None, validation_alias=_env("AZURE_OPENAI_API_KEY", "azure_openai_api_key")
    )
    azure_openai_deployment: str | None = Field(
        None, validation_alias=_env("AZURE_OPENAI_DEPLOYMENT", "azure_openai_deployment")
    )
    azure_openai_api_version: str = Field(
        "2024-10-21", validation_alias=_env("AZURE_OPENAI_API_VERSION", "azure_openai_api_version")
    )
    llm_timeout_s: float = Field(20.0, validation_alias=_env("POLICYBOT_LLM_TIMEOUT", "llm_timeout_s"))
    llm_total_budget_s: float = Field(45.0, validation_alias=_env("POLICYBOT_LLM_BUDGET", "llm_total_budget_s"))
    llm_max_retries: int = Field(2, validation_alias=_env("POLICYBOT_LLM_RETRIES", "llm_max_retries"))
    llm_max_prompt_tokens: int = Field(
        6000, validation_alias=_env("POLICYBOT_LLM_MAX_PROMPT_TOKENS", "llm_max_prompt_tokens")
    )  # the cap on one request's prompt: older turns, then lower-ranked clauses, are left out to fit
    prompts_dir: Path = Field(shipped_path("prompts"), validation_alias=_env("POLICYBOT_PROMPTS_DIR", "prompts_dir"))

    # --- Slack (bot/slack/); an empty variable counts as unset
    slack_bot_token: str | None = Field(None, validation_alias=_env("SLACK_BOT_TOKEN", "slack_bot_token"))
    slack_signing_secret: str | None = Field(
        None, validation_alias=_env("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_app_token: str | None = Field(None, validation_alias=_env("SLACK_APP_TOKEN", "slack_app_token"))
    slack_api_url: str | None = Field(
        None, validation_alias=_env("SLACK_API_URL", "slack_api_url")
    )  # the Slack Web API's base URL (default https://slack.com/api/)
    announce_channel: str | None = Field(
        None, validation_alias=_env("POLICYBOT_ANNOUNCE_CHANNEL", "announce_channel")
    )  # channel id where `policybot ingest` posts each new version's summary of changes; unset: none
    slack_allowed_teams: str | None = Field(
        None, validation_alias=_env("POLICYBOT_SLACK_TEAMS", "slack_allowed_teams")
    )  # comma-separated workspace (team) ids; unset: any
    slack_allowed_channels: str | None = Field(
        None, validation_alias=_env("POLICYBOT_SLACK_CHANNELS", "slack_allowed_channels")
    )  # comma-separated channel ids the app answers in; unset: any (DMs always)
    slack_admins: str | None = Field(
        None, validation_alias=_env("POLICYBOT_SLACK_ADMINS", "slack_admins")
    )  # comma-separated user ids: no rate limit, answers show the rules and warnings
    slack_rate_limit: int = Field(
        10, ge=0, validation_alias=_env("POLICYBOT_SLACK_RATE_LIMIT", "slack_rate_limit")
    )  # questions per user per window; 0: no limit
    slack_rate_window_s: float = Field(
        60.0, gt=0, validation_alias=_env("POLICYBOT_SLACK_RATE_WINDOW", "slack_rate_window_s")
    )
    slack_workers: int = Field(
        32, ge=1, validation_alias=_env("POLICYBOT_SLACK_WORKERS", "slack_workers")
    )  # questions answered at once; more wait their turn (acknowledged already)

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "slack_api_url",
        "announce_channel",
        "slack_allowed_teams",
        "slack_allowed_channels",
        "slack_admins",
        "slack_rate_limit",
        "slack_rate_window_s",
        "slack_workers",
        "database_url",
        "audit_enabled",
        "late_interaction",
        "redact_pii",
        "audit_retention_days",
        "admin_token",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and not value.strip():
            return cls.model_fields[info.field_name or ""].default
        return value

    @property
    def slack_team_ids(self) -> frozenset[str]:
        return _ids(self.slack_allowed_teams)

    @property
    def slack_channel_ids(self) -> frozenset[str]:
        return _ids(self.slack_allowed_channels)

    @property
    def slack_admin_ids(self) -> frozenset[str]:
        return _ids(self.slack_admins)

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def audit_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'audit.db'}"


def _ids(text: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (text or "").replace(" ", ",").split(",") if part.strip())


def load_settings() -> Settings:
    """The settings from the environment; a bad value fails fast naming the variable to fix."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else "a setting"
        raise ConfigError(f"{name.upper()}: {first['msg']} (got {first.get('input')!r})") from None
