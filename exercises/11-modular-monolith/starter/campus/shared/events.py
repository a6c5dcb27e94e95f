"""A synchronous event bus. (Nothing publishes on it yet.)"""


class EventBus:
    def __init__(self):
        self._handlers = {}

    def subscribe(self, event_type, handler):
        self._handlers.setdefault(event_type, []).append(handler)

    def publish(self, event):
        for handler in self._handlers.get(type(event), []):
            handler(event)
