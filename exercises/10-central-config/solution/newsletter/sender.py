from newsletter.batching import batches


def build_envelopes(settings, recipients, subject):
    groups = batches(recipients, settings.batch_size)
    if settings.preview:
        subject, groups = "[PREVIEW] " + subject, groups[:1]
    return [
        {"host": settings.smtp_host, "port": settings.smtp_port, "from": settings.from_address, "to": group, "subject": subject}
        for group in groups
    ]
