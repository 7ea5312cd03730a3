"""Renderers: results and documents in, text out. Each module is pure and prints nothing."""
