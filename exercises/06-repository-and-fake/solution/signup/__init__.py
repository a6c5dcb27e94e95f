"""User sign-up."""
