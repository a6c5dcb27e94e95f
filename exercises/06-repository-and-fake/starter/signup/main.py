import sys

from signup import service


def main(argv):
    for email in argv:
        user = service.register(email, email.split("@")[0])
        print(f"registered #{user.id} {user.email}")


if __name__ == "__main__":
    main(sys.argv[1:])
