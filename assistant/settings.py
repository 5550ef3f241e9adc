"""The one settings object; nothing else reads the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Anyone who knows the widget secret can sign in as any customer: production must set its own.
DEV_WIDGET_SECRET = "deskhand-dev-widget-secret-do-not-use-in-production"


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

    # Retrieval (retrieval/)
    embedder: Literal["minilm", "e5-small"] = Field(
        "minilm", description="Embedding model: minilm (English) or e5-small (multilingual)."
    )
    chroma_url: str | None = Field(
        None, description="Chroma server URL (http://host:8000); default an index in home."
    )
    model_cache: Path | None = Field(
        None, description="Where the ONNX export of the embedder is kept; default home/models."
    )
    # Fusion defaults chosen by `deskhand eval retrieval` (docs/retrieval-eval.md).
    fusion_bm25_weight: float = Field(1.5, ge=0, description="Weight of BM25 ranks in fusion.")
    fusion_dense_weight: float = Field(1.0, ge=0, description="Weight of dense ranks in fusion.")
    fusion_rrf_k: int = Field(20, ge=1, description="k of reciprocal rank fusion, 1/(k+rank).")
    index_sync_interval_s: float = Field(
        0.5, gt=0, description="How often a running server applies new changes to the index."
    )

    # Web chat (bots/web)
    widget_secret: SecretStr = Field(
        SecretStr(DEV_WIDGET_SECRET),
        description="HMAC-SHA256 key of the visitor tokens your website mints for the widget.",
    )
    widget_token_ttl_s: int = Field(3600, ge=60, description="Lifetime of demo-site tokens.")
    web_allowed_origins: str = Field(
        "", description="Comma-separated origins, besides the server's own, that may open chats."
    )
    web_link_hosts: str = Field(
        "", description="Comma-separated hosts, besides the server's own, answers may link to."
    )
    web_demo_site: bool = Field(True, description="Serve the demo website with its sign-in switch.")
    web_max_sessions: int = Field(500, ge=1, description="Concurrent chat connections.")
    web_workers: int = Field(
        1, ge=1, le=64, description="Server processes of `deskhand serve` (limits are shared out)."
    )
    web_idle_timeout_s: float = Field(300.0, gt=0, description="Close a silent chat connection.")
    web_messages_per_minute: int = Field(
        10, ge=1, description="Messages one conversation may send per minute."
    )
    web_ip_messages_per_minute: int = Field(
        30, ge=1, description="Messages one IP address may send per minute."
    )
    web_ip_connections_per_minute: int = Field(
        60, ge=1, description="Chat connections one IP address may open per minute."
    )
    web_max_body_bytes: int = Field(65536, ge=1024, description="Largest HTTP request body.")
    web_max_frame_bytes: int = Field(65536, ge=1024, description="Largest WebSocket message.")
    web_handoff_after_failures: int = Field(
        2, ge=1, description="Failed answers in a row before a person takes over."
    )
    slack_bot_token: SecretStr | None = Field(
        None, description="Slack bot token; with slack_support_channel, handoffs post there."
    )
    slack_support_channel: str | None = Field(None, description="Slack channel for handoffs.")

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.home / 'deskhand.db').resolve()}"

    @property
    def widget_secret_is_default(self) -> bool:
        return self.widget_secret.get_secret_value() == DEV_WIDGET_SECRET
