"""One typed Settings object, built once at start-up from the environment (POLICYBOT_*)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

_PACKAGE = Path(__file__).resolve().parent


def shipped_path(name: str) -> Path:
    """A folder shipped with the product: inside the installed package, or at the root of a checkout."""
    installed = _PACKAGE / "_shipped" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", extra="ignore")

    kb_dir: Path = shipped_path("knowledge")  # POLICYBOT_KB_DIR
    data_dir: Path = Path.home() / ".policybot"  # POLICYBOT_DATA_DIR: indexes and the audit store


def load_settings() -> Settings:
    return Settings()
