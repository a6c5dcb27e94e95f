from reports.summary import format_report, total_by_region


def main():
    print(format_report(total_by_region()))


if __name__ == "__main__":
    main()
