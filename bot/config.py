"""One typed Settings object, built once at start-up from the environment.

Our own settings use the POLICYBOT_ prefix; the ones other tools share keep their usual names
(OPENAI_API_KEY, OPENAI_BASE_URL, CHROMA_HOST, SLACK_BOT_TOKEN, ...).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

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

    # --- retrieval
    chroma_host: str | None = Field(None, validation_alias=_env("CHROMA_HOST", "chroma_host"))
    chroma_port: int = Field(8000, validation_alias=_env("CHROMA_PORT", "chroma_port"))
    embedding_provider: str = Field(
        "local", validation_alias=_env("POLICYBOT_EMBEDDINGS", "embedding_provider")
    )  # "local" (offline e5-small) or "openai"
    openai_embedding_model: str = Field(
        "text-embedding-3-small", validation_alias=_env("POLICYBOT_OPENAI_EMBEDDING_MODEL", "openai_embedding_model")
    )

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

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings() -> Settings:
    return Settings()
