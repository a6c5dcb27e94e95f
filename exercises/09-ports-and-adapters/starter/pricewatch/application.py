import csv
from decimal import Decimal


def check_prices(watches, csv_path):
    prices = {}
    with open(csv_path, newline="", encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) != 2 or row[0].strip() == "product":
                continue
            prices[row[0].strip()] = Decimal(row[1].strip())
    count = 0
    for watch in watches:
        price = prices.get(watch.product)
        if price is not None and price <= watch.target:
            print(f"ALERT {watch.product}: {price} (target {watch.target})")
            count += 1
    return count
