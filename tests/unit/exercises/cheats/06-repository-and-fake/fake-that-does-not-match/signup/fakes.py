class InMemoryUserRepository:
    users = {}

    def get_by_email(self, email):
        return self.users.get(email)

    def list(self):
        return list(self.users.values())

    def add(self, user):
        self.users[user.email] = user

    def next_id(self):
        return 1
