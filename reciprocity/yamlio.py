"""The one module that imports PyYAML: safe loading only, with errors located for the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NoReturn

from reciprocity.errors import SourceError, quoted


def load_yaml(text: str, source: str) -> object:
    """Parse YAML with the safe loader; raise SourceError at the faulty line and column."""
    import yaml  # Imported here so that commands which never read YAML start faster.

    # CSafeLoader is SafeLoader written in C (libyaml), present when PyYAML was built with it.
    fast, too_deep = _libyaml_loader(yaml, text)
    if too_deep is not None:
        line, column = too_deep
        raise SourceError(
            f"{source}:{line}:{column}: invalid YAML: nested more than {MAX_DEPTH} deep"
        )
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


MAX_NODES = 100_000
"""More values than any declaration needs; a file over it is refused (alias bombs)."""
MAX_DEPTH = 100
"""Lists and mappings inside one another; a declaration needs four or five."""

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class LocatedYaml:
    """Plain values read from YAML, with the 1-based line and column of each value and key.

    Numbers keep their written precision (``Decimal``, never float); dates stay as written
    (``"2026-04-12"``) so that the caller checks them where it can point at them.
    """

    value: object
    values: dict[Path_, tuple[int, int]] = field(repr=False)
    keys: dict[Path_, tuple[int, int]] = field(repr=False)


def compose_yaml(text: str, source: str) -> LocatedYaml:
    """Read one YAML document into plain values and positions, refusing anything unsafe.

    Tags other than YAML's plain ones (``!!python/object``...), duplicate keys, keys that are
    not plain words and more than MAX_NODES values (alias bombs) are errors at their place.
    """
    import yaml

    node = _compose_fast(yaml, text, source)
    try:
        if node is None:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "cannot be parsed"
        _raise_at(
            text,
            source,
            mark.line + 1 if mark else 0,
            mark.column + 1 if mark else 0,
            f"invalid YAML: {problem}",
            _yaml_hint(problem),
        )
    except yaml.reader.ReaderError as error:
        # PyYAML refuses control characters before it reads any line, so its error carries
        # an offset rather than a place.
        line, column = _place(text, error.position)
        _raise_at(
            text,
            source,
            line,
            column,
            f"invalid YAML: character U+{error.character:04X} is not allowed",
            "remove it: YAML allows no control character but tabs and line breaks",
        )
    except yaml.YAMLError as error:
        _raise_at(text, source, 0, 0, f"invalid YAML: {error}", "")
    except RecursionError:
        _raise_at(
            text,
            source,
            0,
            0,
            "invalid YAML: nested too deeply",
            "a declaration needs a few levels of lists and mappings: check the brackets",
        )
    located = LocatedYaml(value=None, values={}, keys={})
    if node is None:
        return located
    builder = _Builder(yaml, text, source, located)
    return LocatedYaml(builder.build(node, ()), located.values, located.keys)


def _compose_fast(yaml: Any, text: str, source: str) -> Any:
    """The document's nodes composed by libyaml, when PyYAML has it; None when it is missing,
    the document is empty, or libyaml finds a fault.

    libyaml composes a large declaration five times faster than PyYAML's Python code, into the
    same nodes with the same places. Faults are left to the Python composer, so that messages
    do not depend on how PyYAML was built.
    """
    loader, too_deep = _libyaml_loader(yaml, text)
    if too_deep is not None:
        line, column = too_deep
        _raise_at(text, source, line, column, f"values nested more than {MAX_DEPTH} deep", _DEEP)
    if loader is None:
        return None
    try:
        return yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, ValueError):
        return None


def _libyaml_loader(yaml: Any, text: str) -> tuple[Any, tuple[int, int] | None]:
    """libyaml's safe loader (None when PyYAML lacks it or libyaml finds a fault), and the
    place where the text is nested past MAX_DEPTH, if it is.

    libyaml builds nodes by recursion in C, with no limit: a stranger's file of 50,000 nested
    brackets would crash the interpreter. Its event parser does not recurse, so depth is
    counted on its events before any node is built.
    """
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return None, None
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                # The document's own collection is not nested in anything: as the builder counts.
                if depth > MAX_DEPTH + 1:
                    mark = event.start_mark
                    return None, (mark.line + 1, mark.column + 1)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (yaml.YAMLError, ValueError):
        return None, None
    return loader, None


_DEEP = (
    "a declaration needs a few levels of lists and mappings: check the brackets, "
    "and that no alias stands inside the value it names"
)


def _place(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of a character offset, lines broken as YAML breaks them."""
    before = text[:offset].splitlines(keepends=True)
    if not before or before[-1].splitlines()[0] != before[-1]:
        return len(before) + 1, 1
    return len(before), len(before[-1]) + 1


def _yaml_hint(problem: str) -> str:
    if "'\\t'" in problem or "tab" in problem:
        return "indent with spaces: YAML does not allow tabs"
    return "check the indentation and the quoting around this place"


def _raise_at(text: str, source: str, line: int, column: int, message: str, hint: str) -> NoReturn:
    from reciprocity.errors import DeclarationError, Diagnostic

    raise DeclarationError(
        (Diagnostic.at(text, source=source, line=line, column=column, message=message, hint=hint),)
    ) from None


class _Builder:
    def __init__(self, yaml: Any, text: str, source: str, located: LocatedYaml) -> None:
        self._yaml = yaml
        self._text = text
        self._source = source
        self._located = located
        self._count = 0
        self._constructor = yaml.SafeLoader("")

    def _fail(self, node: Any, message: str, hint: str = "") -> NoReturn:
        mark = node.start_mark
        _raise_at(self._text, self._source, mark.line + 1, mark.column + 1, message, hint)

    def build(self, node: Any, path: Path_) -> object:
        self._count += 1
        if self._count > MAX_NODES:
            self._fail(
                node,
                f"more than {MAX_NODES:,} values (aliases expanding without end?)",
                "write the values out; a declaration needs no aliases",
            )
        if len(path) > MAX_DEPTH:
            # An alias can stand inside the value it names ("&a [*a]"), or repeat a deep
            # value inside another: the composer accepted both, but building recurses.
            self._fail(node, f"values nested more than {MAX_DEPTH} deep", _DEEP)
        self._located.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        yaml = self._yaml
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                self._fail(node, f"tag {_shown(node.tag)} is not allowed", "remove the tag")
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self._fail(node, f"tag {_shown(node.tag)} is not allowed", "remove the tag")
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            self._fail(
                node, f"tag {_shown(node.tag)} is not allowed", "remove the tag: only plain values"
            )
        return self._scalar(node)

    def _mapping(self, node: Any, path: Path_) -> dict[str, object]:
        out: dict[str, object] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._fail(key_node, "merge keys (<<) are not allowed", "write the fields out")
            if not isinstance(key_node, self._yaml.ScalarNode):
                self._fail(key_node, "a key must be a plain word", "write the key as a word")
            key = str(key_node.value)
            if key in out:
                self._fail(key_node, f"duplicate key '{quoted(key)}'", "keep one of the two")
            self._located.keys[(*path, key)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: Any) -> object:
        tag = node.tag
        if tag == "tag:yaml.org,2002:int":
            try:
                return self._constructor.construct_yaml_int(node)
            except ValueError:
                # Python refuses to read an integer of more than 4,300 digits, and YAML 1.1
                # reads "0x_" as an integer with no digit.
                if str(node.value).lstrip("+-").replace("_", "").isdigit():
                    self._fail(node, "this number is far too large", "write a smaller number")
                self._fail(node, f"'{quoted(node.value)}' is not a number", "write digits: 1234")
        if tag == "tag:yaml.org,2002:float":
            text = str(node.value).replace("_", "")
            try:
                number = Decimal(text)
            except ArithmeticError:
                self._fail(node, f"'{quoted(node.value)}' is not a number", "write digits: 1234.50")
            if not number.is_finite():
                self._fail(node, f"'{quoted(node.value)}' is not a finite number", "write digits")
            return number
        if tag == "tag:yaml.org,2002:bool":
            # YAML 1.2 booleans only: "country: NO" is Norway, not false.
            if str(node.value).lower() in ("true", "false"):
                return self._constructor.construct_yaml_bool(node)
            return str(node.value)
        if tag == "tag:yaml.org,2002:null":
            return None
        return str(node.value)


def _shown(tag: str) -> str:
    return quoted(tag.replace("tag:yaml.org,2002:", "!!"))
