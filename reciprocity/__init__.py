"""reciprocity: check what the use of a commons under a reciprocity licence owes back to it."""

__version__ = "0.1.0"
