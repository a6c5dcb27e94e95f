from dataclasses import dataclass
from typing import Optional, Protocol


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str


class EmailTaken(Exception):
    """Somebody already signed up with this address."""


class UserRepository(Protocol):
    """Where users are kept. The domain owns this interface; storage adapters implement it."""

    def get_by_email(self, email: str) -> Optional[User]: ...

    def list(self) -> "list[User]": ...

    def add(self, user: User) -> None: ...

    def next_id(self) -> int:
        """An id no user of this repository has had; the store owns the sequence, as a database would."""
        ...
