class Outbox:
    def __init__(self):
        self.sent = []

    def send(self, email, subject):
        self.sent.append((email, subject))
