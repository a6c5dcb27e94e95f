"""'Injection' by overwriting the service module's globals."""

from alerts import services


class App:
    def run(self):
        return services.send_reminders()

    @property
    def sender(self):
        return services.SENDER

    @property
    def invoices(self):
        return services.INVOICES


def bootstrap(invoices=None, sender=None, clock=None, environ=None):
    if invoices is not None:
        services.INVOICES = invoices
    if sender is not None:
        services.SENDER = sender
    if clock is not None:
        services.CLOCK = clock
    return App()
