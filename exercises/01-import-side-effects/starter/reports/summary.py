from reports import db


def total_by_region():
    totals = {}
    for region, amount in db.fetch_sales():
        totals[region] = totals.get(region, 0) + amount
    return dict(sorted(totals.items()))


def format_report(totals):
    return "\n".join(f"{region}: {total}" for region, total in totals.items())
