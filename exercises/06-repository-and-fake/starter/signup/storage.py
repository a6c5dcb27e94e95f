import json
import os


class JsonFileStore:
    """Keeps a list of user dicts in a JSON file."""

    def __init__(self, path):
        self.path = path
        if not os.path.exists(path):
            self.save([])

    def load(self):
        with open(self.path, encoding="utf-8") as handle:
            return json.load(handle)

    def save(self, rows):
        with open(self.path, "w", encoding="utf-8") as handle:
            json.dump(rows, handle)
