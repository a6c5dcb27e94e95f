"""Code every feature may use."""
