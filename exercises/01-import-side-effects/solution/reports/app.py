from reports import db
from reports.summary import format_report, total_by_region


def main():
    print(format_report(total_by_region(db.fetch_sales())))


if __name__ == "__main__":
    main()
