class ConsoleNotifier:
    """Notifier writing one line per alert to a text stream."""

    def __init__(self, stream):
        self._stream = stream

    def notify(self, alert):
        self._stream.write(f"ALERT {alert.product}: {alert.price} (target {alert.target})\n")
