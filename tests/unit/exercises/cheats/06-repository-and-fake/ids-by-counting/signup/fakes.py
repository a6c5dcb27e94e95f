class InMemoryUserRepository:
    """UserRepository in a dict, for tests and demos."""

    def __init__(self):
        self._by_email = {}

    def get_by_email(self, email):
        return self._by_email.get(email)

    def list(self):
        return list(self._by_email.values())

    def add(self, user):
        self._by_email[user.email] = user

    def next_id(self):
        return len(self._by_email) + 1
