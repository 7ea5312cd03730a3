"""Run the command line with ``python -m reciprocity``."""

from reciprocity.cli import main

if __name__ == "__main__":
    main()
