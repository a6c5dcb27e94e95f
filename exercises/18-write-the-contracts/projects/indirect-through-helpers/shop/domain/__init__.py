"""The domain layer: the shop's rules, with no knowledge of storage or delivery."""
