"""Ports: what the application needs from the outside world. (Nothing here yet.)"""
