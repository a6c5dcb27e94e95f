"""Reads prices from a CSV file. (Nothing here yet: the CSV code still lives in the application.)"""
