import os
import tempfile

from signup.domain import EmailTaken, User
from signup.storage import JsonFileStore

_store = JsonFileStore(os.path.join(tempfile.gettempdir(), "signup-users.json"))


def register(email, name):
    email = email.strip().lower()
    if not email or "@" not in email:
        raise ValueError(f"not an e-mail address: {email!r}")
    rows = _store.load()
    if any(row["email"] == email for row in rows):
        raise EmailTaken(email)
    user = User(id=len(rows) + 1, email=email, name=name)
    rows.append({"id": user.id, "email": user.email, "name": user.name})
    _store.save(rows)
    return user


def find(email):
    email = email.strip().lower()
    for row in _store.load():
        if row["email"] == email:
            return User(**row)
    return None
