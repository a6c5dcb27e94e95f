"""Stock levels and reordering."""
