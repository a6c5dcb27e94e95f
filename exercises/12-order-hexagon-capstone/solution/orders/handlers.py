"""What happens because of an event. Each handler is given the one port it needs."""


def send_confirmation(event, notifier):
    notifier.send(event.customer, f"Order {event.order_id} confirmed")


def refund_payment(event, gateway):
    gateway.refund(event.transaction_id, event.total)


def return_stock(event, catalog):
    for line in event.lines:
        catalog.put_back(line.sku, line.qty)


def send_cancellation(event, notifier):
    notifier.send(event.customer, f"Order {event.order_id} cancelled")
