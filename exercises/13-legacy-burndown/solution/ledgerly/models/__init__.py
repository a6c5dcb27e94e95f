"""Core types and rules."""
