"""Configuration. (Nearly empty: each module still reads its own variables.)"""

DEFAULT_PORT = 587
