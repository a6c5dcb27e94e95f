from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str


class EmailTaken(Exception):
    """Somebody already signed up with this address."""
