import sys

from newsletter.sender import build_envelopes


def main(argv):
    subject, recipients = argv[0], argv[1:]
    envelopes = build_envelopes(recipients, subject)
    print(f"{sum(len(e['to']) for e in envelopes)} recipients in {len(envelopes)} batches")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
