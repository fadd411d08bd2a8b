"""Machine suggestions."""
