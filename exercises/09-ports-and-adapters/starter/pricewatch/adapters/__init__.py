"""Adapters: the only code that talks to files, streams and other systems."""
