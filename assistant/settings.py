"""The one settings object; nothing else reads the environment."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """deskhand settings, read from `DESKHAND_*` environment variables."""

    model_config = SettingsConfigDict(env_prefix="DESKHAND_", extra="ignore")

    home: Path = Field(Path(".deskhand"), description="Data directory (SQLite file, index).")
    database_url: str | None = Field(None, description="SQLAlchemy URL; default SQLite in home.")
    model: str | None = Field(
        None,
        description="The brain: an OpenAI-compatible model name (or openai:NAME), scripted:PATH.",
    )
    base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible endpoint.")
    api_key: SecretStr | None = Field(
        None, description="API key of the OpenAI-compatible endpoint."
    )
    model_timeout_s: float = Field(30.0, gt=0, description="Timeout of one model request.")
    turn_timeout_s: float = Field(60.0, gt=0, description="Wall-time bound of one agent turn.")
    max_steps: int = Field(8, ge=1, le=50, description="Model calls allowed in one turn.")
    max_message_chars: int = Field(4000, ge=100, description="Longest accepted user message.")
    history_messages: int = Field(40, ge=2, description="Thread messages replayed to the model.")
    pending_ttl_s: int = Field(
        3600, ge=60, description="How long a proposed write can be confirmed."
    )
    log_level: str = Field("INFO", description="Level of the log file in the data directory.")
    busy_timeout_ms: int = Field(10000, ge=100, description="SQLite busy timeout.")

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'deskhand.db').resolve()}"
