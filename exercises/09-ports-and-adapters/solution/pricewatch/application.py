from pricewatch.domain import alert_for
from pricewatch.ports import Notifier, PriceSource


def check_prices(watches, source: PriceSource, notifier: Notifier):
    alerts = []
    for watch in watches:
        alert = alert_for(watch, source.price_of(watch.product))
        if alert is not None:
            notifier.notify(alert)
            alerts.append(alert)
    return alerts
