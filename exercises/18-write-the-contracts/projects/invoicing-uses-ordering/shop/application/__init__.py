"""The application layer: one module per feature, each using the domain through a repository port."""
