"""The one place that knows which settings exist, where they come from and what is valid."""

import os
from dataclasses import dataclass, field

PREFIX = "NEWSLETTER_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ConfigError(ValueError):
    """A setting is missing or invalid; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    smtp_host: str
    from_address: str
    smtp_password: str = field(repr=False)
    smtp_port: int = 587
    batch_size: int = 50
    preview: bool = False


def _required(environ, name):
    value = environ.get(PREFIX + name, "").strip()
    if not value:
        raise ConfigError(f"{PREFIX}{name} is required")
    return value


def _int(environ, name, default, low, high=None):
    raw = environ.get(PREFIX + name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{PREFIX}{name} must be a whole number, got {raw!r}") from None
    if value < low or (high is not None and value > high):
        upper = f" and at most {high}" if high is not None else ""
        raise ConfigError(f"{PREFIX}{name} must be at least {low}{upper}, got {value}")
    return value


def _bool(environ, name, default):
    raw = environ.get(PREFIX + name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ConfigError(f"{PREFIX}{name} must be one of {sorted(_TRUE | _FALSE)}, got {raw!r}")


def load_settings(environ=None):
    """Builds validated settings from `environ` (the process environment by default)."""
    if environ is None:
        environ = os.environ
    from_address = _required(environ, "FROM")
    if "@" not in from_address:
        raise ConfigError(f"{PREFIX}FROM must be an e-mail address, got {from_address!r}")
    return Settings(
        smtp_host=_required(environ, "SMTP_HOST"),
        smtp_port=_int(environ, "SMTP_PORT", 587, 1, 65535),
        smtp_password=_required(environ, "SMTP_PASSWORD"),
        from_address=from_address,
        batch_size=_int(environ, "BATCH_SIZE", 50, 1),
        preview=_bool(environ, "PREVIEW", False),
    )
