"""A lending library's web API."""
