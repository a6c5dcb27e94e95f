"""Writes alerts to a text stream. (Nothing here yet: the printing still lives in the application.)"""
