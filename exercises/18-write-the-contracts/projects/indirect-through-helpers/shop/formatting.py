"""Helpers outside every layer, which print through the console adapter."""
from shop.adapters import console


def banner(text: str) -> str:
    return f"== {text} == ({console.__name__})"
