"""The one module that imports PyYAML: safe loading only, with errors located for the user."""

from __future__ import annotations

from reciprocity.errors import SourceError


def load_yaml(text: str, source: str) -> object:
    """Parse YAML with the safe loader; raise SourceError at the faulty line and column."""
    import yaml  # Imported here so that commands which never read YAML start faster.

    # CSafeLoader is SafeLoader written in C (libyaml), present when PyYAML was built with it.
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.load(text, Loader=fast)
        except (yaml.YAMLError, ValueError, RecursionError):
            # libyaml words its errors its own way: parse again below, so that messages do
            # not depend on how PyYAML was built.
            pass
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "cannot be parsed"
        if mark is None:
            raise SourceError(f"{source}: invalid YAML: {problem}") from None
        location = f"{source}:{mark.line + 1}:{mark.column + 1}"
        raise SourceError(f"{location}: invalid YAML: {problem}") from None
    except yaml.YAMLError as error:
        raise SourceError(f"{source}: invalid YAML: {error}") from None
    except RecursionError:
        raise SourceError(f"{source}: invalid YAML: nested too deeply") from None
    except ValueError as error:
        # A scalar that looks like a date but is not one (2024-13-45) fails in datetime.
        raise SourceError(f"{source}: invalid YAML: {error}") from None
