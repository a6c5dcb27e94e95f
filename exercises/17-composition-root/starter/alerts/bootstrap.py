"""Start-up. (There is nothing to wire: services.py builds what it needs when it is imported.)"""


def bootstrap():
    from alerts import services

    return services
