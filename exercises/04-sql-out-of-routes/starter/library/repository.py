"""Data access for the library. (Empty so far: the SQL still lives in the routes.)"""
