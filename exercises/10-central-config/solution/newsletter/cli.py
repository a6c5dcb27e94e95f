import sys

from newsletter.config import ConfigError, load_settings
from newsletter.sender import build_envelopes


def main(argv, environ=None):
    try:
        settings = load_settings(environ)
    except ConfigError as error:
        print(f"config error: {error}", file=sys.stderr)
        return 2
    subject, recipients = argv[0], argv[1:]
    envelopes = build_envelopes(settings, recipients, subject)
    print(f"{sum(len(e['to']) for e in envelopes)} recipients in {len(envelopes)} batches")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
