from typing import Optional

from signup.domain import EmailTaken, User, UserRepository


def _normalise(email):
    return email.strip().lower()


class SignupService:
    def __init__(self, repository: UserRepository):
        self._users = repository

    def register(self, email, name) -> User:
        email = _normalise(email)
        if not email or "@" not in email:
            raise ValueError(f"not an e-mail address: {email!r}")
        if self._users.get_by_email(email) is not None:
            raise EmailTaken(email)
        user = User(id=len(self._users.list()) + 1, email=email, name=name)
        self._users.add(user)
        return user

    def find(self, email) -> Optional[User]:
        return self._users.get_by_email(_normalise(email))
