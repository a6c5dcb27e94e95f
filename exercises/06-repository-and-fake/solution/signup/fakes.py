class InMemoryUserRepository:
    """UserRepository in a dict, for tests and demos."""

    def __init__(self):
        self._by_email = {}
        self._last_id = 0

    def get_by_email(self, email):
        return self._by_email.get(email)

    def list(self):
        return list(self._by_email.values())

    def add(self, user):
        self._by_email[user.email] = user
        self._last_id = max(self._last_id, user.id)

    def next_id(self):
        self._last_id += 1
        return self._last_id
