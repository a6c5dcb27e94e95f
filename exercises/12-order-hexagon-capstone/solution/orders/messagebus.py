"""A small message bus: each event goes to every handler subscribed to its type, in order."""


class MessageBus:
    def __init__(self, handlers):
        self.handlers = {kind: list(subscribers) for kind, subscribers in handlers.items()}
        self.failures = []

    def publish(self, event):
        # Fire and forget: a handler that fails is recorded, and the others still run.
        for handler in self.handlers.get(type(event), []):
            try:
                handler(event)
            except Exception as exc:
                self.failures.append((event, exc))
