"""Who is logged in (one user at a time: this is a very old app)."""

current_user = "anonymous"


def login(user):
    global current_user
    current_user = user
