"""Composition root: the one place that picks concrete adapters."""

import sys

from signup.service import SignupService
from signup.storage import JsonFileUserRepository


def build_service(path):
    return SignupService(JsonFileUserRepository(path))


def main(argv, path="signup-users.json"):
    service = build_service(path)
    for email in argv:
        user = service.register(email, email.split("@")[0])
        print(f"registered #{user.id} {user.email}")


if __name__ == "__main__":
    main(sys.argv[1:])
