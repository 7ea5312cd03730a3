"""Usage declarations (``reciprocity.yml``): the model, and the loader that checks them."""

from reciprocity.declaration.loader import DECLARATION_FILE, load_declaration, parse_declaration
from reciprocity.declaration.model import (
    Contribution,
    Declaration,
    Organisation,
    Period,
    Prestation,
    Use,
    Waiver,
)

__all__ = [
    "DECLARATION_FILE",
    "Contribution",
    "Declaration",
    "Organisation",
    "Period",
    "Prestation",
    "Use",
    "Waiver",
    "load_declaration",
    "parse_declaration",
]
