def total_by_region(rows):
    """Sum (region, amount) pairs into a dict sorted by region."""
    totals = {}
    for region, amount in rows:
        totals[region] = totals.get(region, 0) + amount
    return dict(sorted(totals.items()))


def format_report(totals):
    return "\n".join(f"{region}: {total}" for region, total in totals.items())
