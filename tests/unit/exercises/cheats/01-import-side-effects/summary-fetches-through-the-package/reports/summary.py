import reports


def total_by_region(rows=None):
    """Sum (region, amount) pairs into a dict sorted by region."""
    if rows is None:
        rows = reports.db.fetch_sales()
    totals = {}
    for region, amount in rows:
        totals[region] = totals.get(region, 0) + amount
    return dict(sorted(totals.items()))


def format_report(totals):
    return "\n".join(f"{region}: {total}" for region, total in totals.items())
