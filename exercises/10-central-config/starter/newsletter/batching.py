import os

BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "50"))


def batches(recipients):
    return [recipients[i : i + BATCH_SIZE] for i in range(0, len(recipients), BATCH_SIZE)]
