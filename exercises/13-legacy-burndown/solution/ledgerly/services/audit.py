ENTRIES = []


def record(actor, text):
    ENTRIES.append((actor, text))


def entries():
    return list(ENTRIES)


def clear():
    ENTRIES.clear()
