"""What ``goalcheck serve`` is told: address, token, origins and limits, with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_MAX_BODY = 1024 * 1024
DEFAULT_MAX_GOALS = 100


class SettingsError(ValueError):
    """A setting that cannot be used; the message is one line for the user."""


@dataclass(frozen=True)
class Settings:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = DEFAULT_MAX_BODY
    max_goals: int = DEFAULT_MAX_GOALS

    def __post_init__(self) -> None:
        if self.token is not None and (len(self.token) < 16 or any(c.isspace() for c in self.token)):
            raise SettingsError("the token must be at least 16 characters with no spaces")
        if not is_loopback(self.host) and not self.token:
            raise SettingsError(f"a token is required to listen on {self.host} (not a loopback address); "
                                "set GOALCHECK_TOKEN or --token")
        if self.max_body_bytes < 1024:
            raise SettingsError("--max-body-bytes must be at least 1024")
        if self.max_goals < 1:
            raise SettingsError("--max-goals must be at least 1")
        for origin in self.cors_origins:
            if origin == "*" or not origin.startswith(("http://", "https://")) or origin.endswith("/"):
                raise SettingsError(f"CORS origin {origin!r} must be a scheme and host such as https://iep.example.org")

    @property
    def max_text_chars(self) -> int:
        # A draft's characters, bounded so that any text the schema allows fits the body limit
        # even when every character is sent as a 6-byte \\uXXXX escape.
        return self.max_body_bytes // 8


def is_loopback(host: str) -> bool:
    import ipaddress  # here, not at the top: this module is imported by every `goalcheck` command

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
