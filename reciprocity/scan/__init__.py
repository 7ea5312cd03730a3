"""Repository scanning."""
