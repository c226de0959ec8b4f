"""Plot functions: each takes computed data and returns a matplotlib Figure."""
