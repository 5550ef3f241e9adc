"""Who is chatting: anonymous, or a customer the host website vouches for with a signed token.

A token is `base64url(JSON {"email", "exp"}) + "." + base64url(HMAC-SHA256(secret, first part))`
(like Intercom's identity verification): the host site mints it server-side for its logged-in
user. Only contacts with portal access can sign in this way; a bad or expired token falls back
to anonymous with a notice, and never to anyone else.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from assistant.crm.db import Store
from assistant.crm.models import Contact
from assistant.crm.principal import ANONYMOUS, Principal, principal_for_contact
from bots.web.protocol import TEXTS

DEV_SECRET_WARNING = (
    "DESKHAND_WIDGET_SECRET is not set: visitor tokens are signed with a public development "
    "key, so anyone could sign in as any customer. Set it to a long random value in production."
)


class BadToken(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "invalid" or "expired"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def mint_token(secret: str, email: str, *, ttl_s: int = 3600, now: float | None = None) -> str:
    """A token saying the host site signed in `email`, valid for `ttl_s` seconds."""
    exp = int((now if now is not None else time.time()) + ttl_s)
    payload = _b64(json.dumps({"email": email, "exp": exp}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(secret, payload)}"


def verify_token(secret: str, token: str, *, now: float | None = None) -> str:
    """The email a valid token vouches for; BadToken("invalid" | "expired") otherwise."""
    payload, _, signature = token.strip().partition(".")
    if not payload or not hmac.compare_digest(signature.encode(), _sign(secret, payload).encode()):
        raise BadToken("invalid")
    try:
        data = json.loads(_unb64(payload))
        email, exp = str(data["email"]).strip().lower(), float(data["exp"])
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise BadToken("invalid") from exc
    if exp < (now if now is not None else time.time()):
        raise BadToken("expired")
    return email


@dataclass(frozen=True)
class Visitor:
    principal: Principal
    notice: str | None = None

    @property
    def signed_in(self) -> bool:
        return self.principal.role == "customer"


def visitor_for(store: Store, secret: str, token: str | None) -> Visitor:
    """The visitor a hello's token identifies; anonymous (with a notice) when it does not."""
    if not token:
        return Visitor(ANONYMOUS)
    try:
        email = verify_token(secret, token)
    except BadToken as exc:
        return Visitor(ANONYMOUS, TEXTS[f"token_{exc.reason}"])
    with store.read() as s:
        contact = s.scalar(
            select(Contact).where(
                func.lower(Contact.email) == email, Contact.portal_access.is_(True)
            )
        )
        if contact is None:  # staff, unknown people and contacts without portal access
            return Visitor(ANONYMOUS, TEXTS["token_invalid"])
        return Visitor(principal_for_contact(contact))
