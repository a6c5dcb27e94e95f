from campus.notifications.outbox import Outbox

__all__ = ["Outbox"]
