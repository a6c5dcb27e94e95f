import json
import os

from signup.domain import User


class JsonFileUserRepository:
    """UserRepository backed by a JSON file; the file is created on the first write."""

    def __init__(self, path):
        self.path = path

    def _load(self):
        if not os.path.exists(self.path):
            return []
        with open(self.path, encoding="utf-8") as handle:
            return [User(**row) for row in json.load(handle)]

    def get_by_email(self, email):
        return next((user for user in self._load() if user.email == email), None)

    def list(self):
        return self._load()

    def next_id(self):
        return max((user.id for user in self._load()), default=0) + 1

    def add(self, user):
        rows = [{"id": u.id, "email": u.email, "name": u.name} for u in [*self._load(), user]]
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(rows, handle)
