"""Event handlers: each reacts to a fact, and a second delivery changes nothing."""

from shop.domain import OrderPlaced


def send_confirmation(event: OrderPlaced, mailer, sent_confirmations: set) -> None:
    if event.order_id in sent_confirmations:
        return
    mailer.send(event.email, f"Order {event.order_id} confirmed", f"Total: {event.total}")
    sent_confirmations.add(event.order_id)


def record_sale(event: OrderPlaced, ledger) -> None:
    if ledger.has(event.order_id):
        return
    ledger.record(event.order_id, event.total)
