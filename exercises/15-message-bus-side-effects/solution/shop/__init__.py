"""A shop that places orders, then tells whoever cares."""
