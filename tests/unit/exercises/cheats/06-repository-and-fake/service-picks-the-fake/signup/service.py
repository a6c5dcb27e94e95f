from typing import Optional

from signup.domain import EmailTaken, User, UserRepository
from signup.fakes import InMemoryUserRepository

_default = InMemoryUserRepository()


def _normalise(email):
    return email.strip().lower()


class SignupService:
    def __init__(self, repository: Optional[UserRepository] = None):
        self._users = repository if repository is not None else _default

    def register(self, email, name) -> User:
        email = _normalise(email)
        if not email or "@" not in email:
            raise ValueError(f"not an e-mail address: {email!r}")
        if self._users.get_by_email(email) is not None:
            raise EmailTaken(email)
        user = User(id=self._users.next_id(), email=email, name=name)
        self._users.add(user)
        return user

    def find(self, email) -> Optional[User]:
        return self._users.get_by_email(_normalise(email))
