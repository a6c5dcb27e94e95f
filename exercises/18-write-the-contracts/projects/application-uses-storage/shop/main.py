"""Entry point: python -m shop.main wires the adapters and runs the shop."""
from shop.adapters.console import run

if __name__ == "__main__":
    print(run())
