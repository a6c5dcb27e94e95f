"""Sales reports per region."""
