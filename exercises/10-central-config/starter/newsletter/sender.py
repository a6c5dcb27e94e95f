import os

from newsletter.batching import batches
from newsletter.config import DEFAULT_PORT

SMTP_HOST = os.environ["NEWSLETTER_SMTP_HOST"]
SMTP_PORT = int(os.environ.get("NEWSLETTER_SMTP_PORT", DEFAULT_PORT))
FROM = os.environ["NEWSLETTER_FROM"]


def build_envelopes(recipients, subject):
    preview = os.environ.get("NEWSLETTER_PREVIEW") == "1"
    groups = batches(recipients)
    if preview:
        subject, groups = "[PREVIEW] " + subject, groups[:1]
    return [{"host": SMTP_HOST, "port": SMTP_PORT, "from": FROM, "to": group, "subject": subject} for group in groups]
