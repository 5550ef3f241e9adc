"""The widget's WebSocket protocol: what a browser may send, close codes, the texts it shows.

Every message is one JSON object with a `type`. The browser sends `hello` first; the server
answers `ready` (with the history), then streams `turn`, `token`, `tool`, `action`, `answer`
for each message. Texts shown to visitors are fixed here; details go to the log.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

# Close codes (1xxx from RFC 6455, 4xxx our own).
POLICY = 1008  # malformed hello, no hello in time, too many malformed messages
TOO_BIG = 1009  # a message over the frame cap (uvicorn closes with it too)
SERVER_ERROR = 1011
BUSY = 1013  # the session cap is reached: try again later
IDLE = 4000  # nothing sent for a while; the widget reconnects when the visitor types
SLOW_DOWN = 4429  # too many connections from one address


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hello(_In):
    type: Literal["hello"]
    token: str | None = Field(None, max_length=2048)
    conversation: str | None = Field(None, max_length=40)
    resume_key: str | None = Field(None, max_length=64)


class Say(_In):
    type: Literal["message"]
    text: str = Field(max_length=65536)


class Decide(_In):
    type: Literal["confirm", "cancel"]
    action_id: str = Field(max_length=40)


class Rate(_In):
    type: Literal["feedback"]
    message_id: int
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=4000)


class AskPerson(_In):
    type: Literal["handoff"]


class Details(_In):
    type: Literal["lead"]
    name: str = Field(max_length=200)
    email: str = Field(max_length=200)
    company: str | None = Field(None, max_length=200)
    message: str | None = Field(None, max_length=2000)


class End(_In):
    type: Literal["end"]


class Csat(_In):
    type: Literal["csat"]
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(None, max_length=4000)


class Ping(_In):
    type: Literal["ping"]


Incoming = Annotated[
    Hello | Say | Decide | Rate | AskPerson | Details | End | Csat | Ping,
    Field(discriminator="type"),
]
INCOMING: TypeAdapter[Incoming] = TypeAdapter(Incoming)

TEXTS = {
    "busy": "We're very busy right now. Please try again in a minute.",
    "slow_down": "You're sending messages faster than I can answer. Please wait a moment.",
    "too_many_connections": "Too many chats from your network right now. Please wait a minute.",
    "bad_request": "Sorry, I didn't understand that request. Please reload the page.",
    "wait": "Please wait for my answer to your last message.",
    "ended": "This conversation has ended. Start a new one to keep chatting.",
    "too_long": "Your message is {length:,} characters; the limit is {limit:,}. Please shorten it.",
    "empty": "Your message is empty.",
    "server_error": "Something went wrong on our side. Please try again.",
    "token_invalid": "We could not confirm your sign-in, so you are chatting as a guest: I can "
    "answer general questions but cannot see your account. Reload the page to try again.",
    "token_expired": "Your sign-in has expired, so you are chatting as a guest: I can answer "
    "general questions but cannot see your account. Reload the page to sign in again.",
    "action_gone": "That action is not available in this conversation any more.",
    "cancelled": "Cancelled; nothing was changed.",
    "handoff": "I've passed this conversation to our support team as case {case}, with "
    "everything you've written here, so you won't need to repeat it. A person will reply "
    "here or by email, usually within one business day. You can keep adding details here.",
    "handoff_failures": "I'm sorry I couldn't help with this. ",
    "handoff_upset": "I'm sorry for the trouble. ",
    "need_details": "A person can take over once you leave your name and email, so they "
    "can get back to you.",
    "lead_saved": "Thanks, {name}. We'll be in touch at {email}.",
    "details_invalid": "Please enter your name and a valid email address.",
    "lead_signed_in": "You're signed in, so we already know how to reach you.",
    "delivered": "Sent to our support team.",
    "back_to_ai": "You're chatting with the assistant again.",
    "feedback_saved": "Thanks for your feedback.",
    "csat_saved": "Thanks for rating this conversation.",
    "no_answer": "No such answer in this conversation.",
}

TOOL_LABELS = {
    "find_cases": "Looking up your cases…",
    "find_contacts": "Looking up your details…",
    "search_knowledge": "Searching the help center…",
    "open_case": "Preparing a new case…",
    "comment_on_case": "Preparing your comment…",
}
DEFAULT_TOOL_LABEL = "Working on it…"
