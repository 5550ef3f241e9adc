"""Telling support about a handoff: in the log always, in a Slack channel when configured."""

from __future__ import annotations

import logging
from typing import Protocol

from assistant.settings import Settings

log = logging.getLogger(__name__)


class Notifier(Protocol):
    def notify(self, text: str) -> None:
        """Deliver `text` to support; never raises."""


class LogNotifier:
    def notify(self, text: str) -> None:
        log.info("support notification: %s", text)


class SlackNotifier:
    """Posts to one channel with the Web API (`chat.postMessage`)."""

    def __init__(self, token: str, channel: str, *, base_url: str | None = None):
        from slack_sdk import WebClient  # only when Slack is configured

        kwargs = {"base_url": base_url} if base_url else {}
        self.client = WebClient(token=token, timeout=5, **kwargs)
        self.channel = channel

    def notify(self, text: str) -> None:
        log.info("support notification (Slack %s): %s", self.channel, text)
        try:
            self.client.chat_postMessage(channel=self.channel, text=text)
        except Exception:  # a Slack outage must not break the customer's chat
            log.exception("could not post the handoff to Slack channel %s", self.channel)


def build_notifier(settings: Settings) -> Notifier:
    if settings.slack_bot_token and settings.slack_support_channel:
        return SlackNotifier(
            settings.slack_bot_token.get_secret_value(), settings.slack_support_channel
        )
    return LogNotifier()
