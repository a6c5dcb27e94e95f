"""Order management: place, look up and cancel orders."""
