class Outbox:
    """Pretends to send e-mail."""

    def __init__(self):
        self.sent = []

    def on_student_enrolled(self, event):
        self.send(event.email, f"Welcome to {event.course}")

    def send(self, email, subject):
        self.sent.append((email, subject))
