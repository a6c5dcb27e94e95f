"""The message bus: a command goes to one handler, an event to every subscriber."""

import logging

logger = logging.getLogger(__name__)


class MessageBus:
    def __init__(self, command_handlers, event_handlers):
        self.command_handlers = dict(command_handlers)
        self.event_handlers = {kind: list(handlers) for kind, handlers in event_handlers.items()}

    def handle(self, command):
        handler = self.command_handlers.get(type(command))
        if handler is None:
            raise LookupError(f"no handler for {type(command).__name__}")
        # A failing command raises before any event leaves: events are published after the change.
        queue = list(handler(command) or [])
        while queue:
            event = queue.pop(0)
            for subscriber in self.event_handlers.get(type(event), []):
                try:
                    queue.extend(subscriber(event) or [])
                except Exception as error:
                    # Fire and forget: the change is committed, one broken reaction must not undo it.
                    logger.warning("handler %r failed on %r: %r", subscriber, event, error)
