"""Bearer tokens: who a request comes from.

The API only ever asks a `TokenVerifier` to turn a bearer token into `Claims` (the user name it stands
for). `LocalTokens` is the one implementation: HS256 JWTs that pressdesk itself issues at
`POST /api/v1/auth/token`, signed with PRESSDESK_SECRET_KEY and expiring. An OpenID Connect provider
(the province's single sign-on) plugs in as another verifier that checks the provider's signed tokens
(issuer, audience, keys from its JWKS) and returns the local user name they map to; see the README.
Expiry is judged by the engine clock, so tests can let a token expire without waiting.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

import jwt

from engine.clock import Clock


class InvalidToken(Exception):
    """A bearer token that is malformed, forged, expired or otherwise unacceptable."""

    def __init__(self, message: str, code: str = "invalid_token") -> None:
        super().__init__(message)
        self.message, self.code = message, code


@dataclass(frozen=True)
class Claims:
    subject: str  # the local user name (users.username)
    # The user's token generation when the token was issued; a token of an older generation was revoked
    # (sign-out, password change, disabled user). None: the verifier does not track it (external tokens).
    generation: int | None = None


class TokenVerifier(Protocol):
    def verify(self, token: str) -> Claims:
        """The claims of a valid token; raises InvalidToken otherwise."""


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    token_type: str = "Bearer"


class LocalTokens:
    """Issues and verifies pressdesk's own tokens."""

    ALGORITHM = "HS256"

    def __init__(self, secret: str, ttl_seconds: int, clock: Clock, issuer: str = "pressdesk") -> None:
        if not secret:
            raise ValueError("a token secret is required")
        # A fixed-length key derived from the configured secret, whatever its length (HS256 wants 32 bytes).
        self._secret = hashlib.sha256(b"pressdesk access token\0" + secret.encode()).digest()
        self._ttl, self._clock, self._issuer = ttl_seconds, clock, issuer

    def issue(self, username: str, generation: int = 0) -> IssuedToken:
        now = self._clock.now()
        claims = {"sub": username, "iss": self._issuer, "iat": int(now.timestamp()),
                  "exp": int((now + timedelta(seconds=self._ttl)).timestamp()), "gen": generation}
        return IssuedToken(jwt.encode(claims, self._secret, algorithm=self.ALGORITHM), self._ttl)

    def verify(self, token: str) -> Claims:
        try:
            # Expiry is checked below against the engine clock rather than by PyJWT against time.time().
            claims = jwt.decode(token, self._secret, algorithms=[self.ALGORITHM], issuer=self._issuer,
                                options={"require": ["sub", "exp", "iat", "iss"], "verify_exp": False,
                                         "verify_iat": False})
        except jwt.InvalidTokenError as exc:
            raise InvalidToken(f"invalid bearer token: {exc}") from exc
        exp = claims["exp"]
        if not isinstance(exp, int | float) or exp <= self._clock.now().timestamp():
            raise InvalidToken("the bearer token has expired; ask for a new one", "token_expired")
        if not isinstance(claims["sub"], str) or not claims["sub"]:
            raise InvalidToken("invalid bearer token: no subject")
        generation = claims.get("gen", 0)
        if not isinstance(generation, int) or isinstance(generation, bool):
            raise InvalidToken("invalid bearer token: bad generation")
        return Claims(claims["sub"], generation)
