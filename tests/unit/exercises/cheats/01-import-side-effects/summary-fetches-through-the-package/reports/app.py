from reports import db  # noqa: F401  (loads reports.db so the summary can reach it)
from reports.summary import format_report, total_by_region


def main():
    print(format_report(total_by_region()))


if __name__ == "__main__":
    main()
