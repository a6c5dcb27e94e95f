"""The invoicing domain: no I/O, no frameworks."""
