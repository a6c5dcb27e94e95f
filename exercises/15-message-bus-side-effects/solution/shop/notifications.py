"""The mail adapter (a stand-in for SMTP): it keeps what it sent."""


class MailServerDown(Exception):
    pass


class Mailer:
    def __init__(self):
        self.sent = []

    def send(self, to, subject, body):
        self.sent.append((to, subject, body))
