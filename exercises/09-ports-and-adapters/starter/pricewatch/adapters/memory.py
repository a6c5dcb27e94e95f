"""In-memory adapters for tests. (Nothing here yet.)"""
