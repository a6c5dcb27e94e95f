from inventory import purchasing, reports, services


def demo():
    services.add_item("MUG", 12, 5)
    services.ship("MUG", 8)
    print("low:", reports.low_stock(), "orders:", purchasing.ORDERS)


if __name__ == "__main__":
    demo()
