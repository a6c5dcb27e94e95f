"""Send a newsletter in batches."""
