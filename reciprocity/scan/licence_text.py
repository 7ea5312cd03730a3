"""Naming the licence a text is, by comparing its words with reference texts.

A title proves nothing: projects put a real licence's title over a body of their own. So a file
is read as a sequence of lower-case words (punctuation, Markdown and numbering styles drop out)
and each reference text is aligned with it through runs of five words ("shingles"). A reference
is *found* when nearly all of its words are there in order with almost nothing inserted between
them; otherwise, when much of it is there or the title claims it, the file is a *modified*
version of it, and the reading says how much differs. One file may hold several texts (a
choice between licences), each found in its own region.

Reference texts live in ``texts/`` of the catalogue folders, one ``<licence id>.txt`` each;
``<<var>>`` marks a part that changes from project to project (a copyright holder, BUSL's
parameters) and is neither required nor counted as a difference; text between
``<<beginOptional>>`` and ``<<endOptional>>`` is recognised when present but not required.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

SHINGLE = 5
VAR = "<<var>>"
_BEGIN_OPTIONAL = "<<beginOptional>>"
_END_OPTIONAL = "<<endOptional>>"
_MARKERS = re.compile(r"(<<var(?:;max=\d+)?>>|<<beginOptional>>|<<endOptional>>)")

FOUND_COVERAGE = 0.95
"""Share of a reference's words that must be present for the text to be that licence."""
FOUND_INSERTED = 0.015
"""Largest share of inserted words (relative to the reference) a found text may carry."""
MODIFIED_FLOOR = 0.3
"""Below this share of its shingles a reference is not a candidate unless a title claims it."""
RESEMBLES = 0.2
"""Past this share of inserted words, an untitled partial match is another licence, not a copy."""
VAR_ALLOWANCE = 12
"""Words a ``<<var>>`` may stand for; ``<<var;max=N>>`` allows more (BUSL's grant runs to 250)."""
MAX_COPIES = 20
"""Copies of licences counted in one file before the rest are ignored."""
# Words that decide who may use a work for what and what they owe: a text that lacks one of
# the reference's, or adds one, is not that licence, however small the change.
NEGATIONS = frozenset("not no non never".split())
SURGICAL = 3
"""Gaps up to this many words are edits of a phrase rather than dropped sentences."""
MEANINGFUL = frozenset(
    "noncommercial commercial commercially pay payment fee fees revenue "
    "royalty royalties prohibited forbidden cooperative cooperatives worker workers profit "
    "surplus compensation monetary sell selling".split()
)

_WORD = re.compile(r"[^\W_]+")
# Spelling variants the SPDX matching guidelines treat as the same word.
_EQUIVALENT = {
    "licence": "license",
    "licences": "licenses",
    "licenced": "licensed",
    "licencing": "licensing",
    "https": "http",
    "organisation": "organization",
    "organisations": "organizations",
    "authorised": "authorized",
    "behaviour": "behavior",
    "centre": "center",
    "favour": "favor",
    "offence": "offense",
    "utilise": "utilize",
}
_CHOICE = re.compile(
    r"\b(at (your|the user's|licensee's) (option|choice|election)|you may choose|"
    r"dual[- ]licen[cs]ed|tri[- ]licen[cs]ed|either (of )?the|one of the following|"
    r"choice of)\b",
    re.IGNORECASE,
)


def words(text: str) -> list[tuple[str, int]]:
    """Return the words of ``text`` (normalised) with their character offsets."""
    return [
        (_EQUIVALENT.get(w, w), m.start())
        for m in _WORD.finditer(text.casefold())
        for w in (m.group(),)
    ]


@dataclass(frozen=True)
class Reference:
    """A licence's reference text, prepared for alignment."""

    licence: str
    path: str
    length: int
    """Number of words the reference requires (its variable parts excluded)."""
    shingles: tuple[tuple[int, int], ...]
    """(hash, position of its first word in the reference) for every shingle, in order."""
    unique: frozenset[int]
    var_positions: tuple[int, ...]
    """Reference word positions right after which a ``<<var>>`` stands, sorted."""
    required: frozenset[int]
    """Positions of the words a text must have to be this licence (optional parts excluded)."""
    var_sizes: tuple[int, ...] = ()
    """How many words each ``<<var>>`` may stand for, in the order of ``var_positions``."""
    words: tuple[str, ...] = ()


def prepare(licence: str, text: str, path: str = "") -> Reference:
    """Turn a reference text into the shingles a file is aligned with."""
    position = 0
    shingles: list[tuple[int, int]] = []
    var_positions: list[int] = []
    var_sizes: list[int] = []
    every_word: list[str] = []
    required: list[int] = []
    optional = False
    segment: list[str] = []

    def close_segment() -> None:
        nonlocal position
        for start in range(len(segment) - SHINGLE + 1):
            shingles.append((hash(tuple(segment[start : start + SHINGLE])), position + start))
        position += len(segment)
        segment.clear()

    for piece in _MARKERS.split(text):
        if piece.startswith("<<var"):
            close_segment()
            var_positions.append(position - 1)
            size = re.search(r"max=(\d+)", piece)
            var_sizes.append(int(size.group(1)) if size else VAR_ALLOWANCE)
        elif piece == _BEGIN_OPTIONAL:
            optional = True
        elif piece == _END_OPTIONAL:
            optional = False
        else:
            piece_words = [w for w, _ in words(piece)]
            if not optional:
                # Words no shingle can reach (a run shorter than a shingle between two
                # variable parts) could never be found, so they are not required.
                required.extend(
                    range(position + len(segment), position + len(segment) + len(piece_words))
                )
            segment.extend(piece_words)
            every_word.extend(piece_words)
    close_segment()
    reachable: set[int] = set()
    for _, start in shingles:
        reachable.update(range(start, start + SHINGLE))
    return Reference(
        licence=licence,
        path=path,
        length=len(reachable.intersection(required)),
        shingles=tuple(shingles),
        unique=frozenset(h for h, _ in shingles),
        var_positions=tuple(var_positions),
        var_sizes=tuple(var_sizes),
        required=frozenset(reachable.intersection(required)),
        words=tuple(every_word),
    )


@dataclass(frozen=True)
class Match:
    """Where and how well one reference text was found in a file."""

    licence: str
    found: bool
    """True when the text is the licence (nearly every word there, almost nothing inserted)."""
    coverage: float
    """Share of the reference's words present, in order, from 0 to 1."""
    inserted: int
    """Words inside the matched region that the reference does not have."""
    missing: int
    """Words of the reference absent from the file."""
    start: int
    """Character offset of the first matched word."""
    end: int
    length: int
    """Words of the reference."""
    line: int = 1
    """1-based line where the matched text starts."""
    claimed: bool = False
    """The file's title names this licence."""
    difference: str = ""
    """The first stretch of text that differs, shortened, for a reader to check."""
    places: frozenset[int] = field(default=frozenset(), compare=False, repr=False)
    """File word positions where its shingles were found."""


@dataclass(frozen=True)
class Reading:
    """What a licence file holds: the licences found or modified, and how they combine."""

    matches: tuple[Match, ...]
    """Sorted by position in the file."""
    choice: bool
    """Several licences offered as a choice (OR) rather than all applying (AND)."""
    words: int
    resembles: tuple[Match, ...] = ()
    """Texts much of whose words are here amid much else: not that licence, not a version of it."""


@dataclass(frozen=True)
class Title:
    """A name a file's first lines may give itself, and the licence it belongs to."""

    licence: str
    words: tuple[str, ...]


class TextMatcher:
    """Aligns files with a set of reference texts."""

    def __init__(self, references: Sequence[Reference], titles: Iterable[Title] = ()) -> None:
        self._references = list(references)
        self._by_shingle: dict[int, list[int]] = {}
        for index, reference in enumerate(self._references):
            for shingle in reference.unique:
                self._by_shingle.setdefault(shingle, []).append(index)
        self._titles = sorted(titles, key=lambda t: (-len(t.words), t.licence))

    @property
    def licences(self) -> list[str]:
        """The ids of the references, sorted."""
        return sorted(r.licence for r in self._references)

    def read(self, text: str, file_name: str = "") -> Reading:
        """Find which reference texts ``text`` holds, and whether it offers them as a choice."""
        found_words = words(text)
        tokens = [w for w, _ in found_words]
        offsets = [o for _, o in found_words]
        positions: dict[int, list[int]] = {}
        for start in range(len(tokens) - SHINGLE + 1):
            shingle = hash(tuple(tokens[start : start + SHINGLE]))
            positions.setdefault(shingle, []).append(start)
        hits: dict[int, int] = {}
        for shingle in positions:
            for index in self._by_shingle.get(shingle, ()):
                hits[index] = hits.get(index, 0) + 1
        claimed = self._claimed(tokens)
        candidates = sorted(
            (
                (count / len(self._references[i].unique), i)
                for i, count in hits.items()
                if count / len(self._references[i].unique) >= MODIFIED_FLOOR
                or self._references[i].licence in claimed
            ),
            key=lambda c: (-c[0], -self._references[c[1]].length, c[1]),
        )
        # Judge each candidate alone first: the text that fits best claims its words, and a
        # licence sharing its template (CC-BY-SA inside CC-BY-NC-SA) is then left with little.
        alone = {
            index: self._align(self._references[index], positions, set(), tokens, offsets, text)
            for _, index in candidates
        }
        order = sorted(
            (index for index, match in alone.items() if match is not None),
            key=lambda i: (
                not alone[i].found,  # type: ignore[union-attr]
                self._references[i].licence not in claimed,
                -_fit(alone[i]),  # type: ignore[arg-type]
                i,
            ),
        )
        taken: set[int] = set()
        matches: list[Match] = []
        resembles: list[Match] = []
        for index in order:
            reference = self._references[index]
            first = alone[index]
            assert first is not None
            match = self._align(reference, positions, taken, tokens, offsets, text)
            while match is not None and match.found and len(matches) < MAX_COPIES:
                # The same licence again (a bundled notice): each copy is one match.
                matches.append(replace(match, line=text.count("\n", 0, match.start) + 1))
                taken.update(match.places)
                match = self._align(reference, positions, taken, tokens, offsets, text)
            if match is None or any(m.licence == reference.licence for m in matches):
                continue
            if len(first.places & taken) > len(first.places) / 2:
                # Its words are mostly another licence's, already found here.
                continue
            taken.update(match.places)
            is_claimed = reference.licence in claimed
            if match.coverage < MODIFIED_FLOOR and not is_claimed:
                continue
            line = text.count("\n", 0, match.start) + 1
            match = replace(match, claimed=is_claimed, line=line)
            if not match.found and not is_claimed and match.inserted > RESEMBLES * match.length:
                # CC-BY-SA holds most of CC-BY-NC-SA's words and a thousand more: another
                # licence that shares a template, not a modified copy.
                resembles.append(match)
                continue
            matches.append(match)
        lengths = {r.licence: r.length for r in self._references}
        for licence in sorted(claimed - {m.licence for m in matches}):
            # A title with (almost) none of its text behind it: still say what it claims.
            length = lengths.get(licence, 0)
            matches.append(
                Match(
                    licence=licence,
                    found=False,
                    coverage=0.0,
                    inserted=0,
                    missing=length,
                    start=0,
                    end=len(text),
                    length=length,
                    claimed=True,
                )
            )
        matches.sort(key=lambda m: (m.start, m.licence))
        choice = len([m for m in matches if m.found]) > 1 and (
            offers_choice(file_name) or _CHOICE.search(_outside(text, matches)) is not None
        )
        return Reading(tuple(matches), choice, len(tokens), tuple(resembles))

    def _claimed(self, tokens: list[str]) -> set[str]:
        head = " " + " ".join(tokens[:40]) + " "
        return {t.licence for t in self._titles if f" {' '.join(t.words)} " in head}

    def _align(
        self,
        reference: Reference,
        positions: dict[int, list[int]],
        taken: set[int],
        tokens: list[str],
        offsets: list[int],
        text: str,
    ) -> Match | None:
        pairs: list[tuple[int, int]] = []
        last = -1
        # Each place in the file serves one shingle: a phrase the licence says twice must be
        # there twice (a copy that drops one of PPL's two commercial clauses is not PPL).
        used = set(taken)
        for shingle, ref_position in reference.shingles:
            places = positions.get(shingle)
            if not places:
                continue
            chosen = _first_free(places, last + 1, used)
            if chosen is None:
                chosen = _first_free(places, 0, used)
            if chosen is None:
                continue
            pairs.append((ref_position, chosen))
            used.add(chosen)
            last = chosen
        if not pairs:
            return None
        covered_ref: set[int] = set()
        for ref_position, _ in pairs:
            covered_ref.update(range(ref_position, ref_position + SHINGLE))
        missing = len(reference.required - covered_ref)
        inserted, runs, difference_at = _insertions(pairs, reference)
        edited_words = _uncovered_words(pairs, tokens, reference)
        inserted_words = {w for start, size in runs for w in tokens[start : start + size]}
        main = _main_run(pairs)
        start_word = min(p for _, p in main)
        end_word = max(p for _, p in main) + SHINGLE - 1
        coverage = 1.0 - missing / reference.length if reference.length else 0.0
        found = (
            coverage >= FOUND_COVERAGE
            and inserted <= FOUND_INSERTED * reference.length
            and not (MEANINGFUL | NEGATIONS).intersection(edited_words)
            and not MEANINGFUL.intersection(inserted_words)
            and not _meaningful_gap(reference, covered_ref)
        )
        matched = frozenset(place for _, place in pairs)
        difference = ""
        if inserted or not found:
            difference = _excerpt(text, tokens, offsets, difference_at, pairs, covered_ref)
        return Match(
            licence=reference.licence,
            found=found,
            coverage=round(coverage, 4),
            inserted=inserted,
            missing=missing,
            start=offsets[start_word],
            end=offsets[min(end_word, len(offsets) - 1)],
            length=reference.length,
            difference=difference,
            places=matched,
        )


def _fit(match: Match) -> float:
    """How well a text fits a reference: its share found, less its share inserted."""
    return match.coverage - (match.inserted / match.length if match.length else 1.0)


def _first_free(places: list[int], at_least: int, taken: set[int]) -> int | None:
    index = bisect.bisect_left(places, at_least)
    for place in places[index:]:
        if place not in taken:
            return place
    return None


def _insertions(
    pairs: list[tuple[int, int]], reference: Reference
) -> tuple[int, list[tuple[int, int]], int | None]:
    """File words between aligned shingles that the reference does not have.

    Returns their number, each run of them as (first file position, length), and where the
    first one is.
    """
    inserted = 0
    runs: list[tuple[int, int]] = []
    first_at: int | None = None
    var_positions = reference.var_positions
    for (ref_a, file_a), (ref_b, file_b) in itertools.pairwise(pairs):
        if file_b <= file_a:
            continue
        extra = (file_b - file_a) - (ref_b - ref_a)
        if extra <= 0:
            continue
        index = bisect.bisect_left(var_positions, ref_a)
        if index < len(var_positions) and var_positions[index] < ref_b:
            size = reference.var_sizes[index]
            if size <= VAR_ALLOWANCE:
                # A name or a year fills a small variable part; its words are still read for
                # meaning ("including without limitation, for non-commercial use, the rights").
                runs.append((file_b - extra, min(extra, size)))
            if extra <= size:
                continue
            extra -= size
        inserted += extra
        runs.append((file_b - extra, extra))
        if first_at is None:
            first_at = file_a + SHINGLE
    return inserted, runs, first_at


def _uncovered_words(
    pairs: list[tuple[int, int]], tokens: list[str], reference: Reference
) -> set[str]:
    """Words between aligned shingles that no shingle covers (insertions and substitutions),
    leaving out what stands where the reference has a variable part."""
    covered: set[int] = set()
    for _, place in pairs:
        covered.update(range(place, place + SHINGLE))
    words_found: set[str] = set()
    var_positions = reference.var_positions
    for (ref_a, file_a), (ref_b, file_b) in itertools.pairwise(pairs):
        if file_b <= file_a + 1 or file_b - file_a > SHINGLE + SURGICAL:
            # Only small edits: a longer gap is a section added or moved (reformatted copies
            # add headings and numbering), weighed by the inserted-word count instead.
            continue
        index = bisect.bisect_left(var_positions, ref_a)
        if index < len(var_positions) and var_positions[index] < ref_b:
            continue
        words_found.update(tokens[i] for i in range(file_a, file_b) if i not in covered)
    return words_found


def _meaningful_gap(reference: Reference, covered: set[int]) -> bool:
    """Whether the text lacks words that decide what the licence allows.

    A short gap is a surgical edit: a missing "not" there counts. A long one is a dropped
    sentence (a copy without the moral-rights clause): only words about commercial use and
    payment count there, as negations fill every licence.
    """
    run: list[str] = []
    for position in [*sorted(reference.required), -1]:
        if position >= 0 and position not in covered:
            run.append(reference.words[position])
            continue
        deciding = MEANINGFUL if len(run) > SURGICAL else MEANINGFUL | NEGATIONS
        if deciding.intersection(run):
            return True
        run = []
    return False


def _main_run(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop stray shingles matched far from the rest (a phrase repeated in a preamble)."""
    places = sorted(p for _, p in pairs)
    median = places[len(places) // 2]
    spread = max(200, 2 * (places[-1] - places[0]) // 3)
    kept = [pair for pair in pairs if abs(pair[1] - median) <= spread]
    return kept or pairs


def _excerpt(
    text: str,
    tokens: list[str],
    offsets: list[int],
    inserted_at: int | None,
    pairs: list[tuple[int, int]],
    covered_ref: set[int],
) -> str:
    """A short quote of the first place where the file departs from the reference."""
    if inserted_at is not None and inserted_at < len(offsets):
        start = offsets[inserted_at]
    else:
        covered_file: set[int] = set()
        for _, place in pairs:
            covered_file.update(range(place, place + SHINGLE))
        first_place = min(p for _, p in pairs)
        gaps = [i for i in range(first_place, len(tokens)) if i not in covered_file]
        if not gaps:
            return ""
        start = offsets[gaps[0]]
    line = text[start:].split("\n", 1)[0].strip()
    return line[:80] + ("…" if len(line) > 80 else "")


def _outside(text: str, matches: list[Match]) -> str:
    pieces = []
    at = 0
    for match in sorted(matches, key=lambda m: m.start):
        pieces.append(text[at : match.start])
        at = max(at, match.end)
    pieces.append(text[at:])
    return " ".join(pieces)


def offers_choice(file_name: str) -> bool:
    stem = file_name.rsplit("/", 1)[-1].casefold()
    return "+" in stem or "-or-" in stem or "_or_" in stem or " or " in stem


def load_references(folders: Iterable[tuple[Path, str]]) -> list[Reference]:
    """Read every ``<id>.txt`` of each folder's ``texts/``; a later folder overrides an id."""
    chosen: dict[str, tuple[Path, str]] = {}
    for folder, label in folders:
        texts = folder / "texts"
        if not texts.is_dir():
            continue
        for path in sorted(texts.glob("*.txt")):
            chosen[path.stem] = (path, f"{label}/texts/{path.name}")
    return [
        prepare(licence, path.read_text(encoding="utf-8"), shown)
        for licence, (path, shown) in sorted(chosen.items())
    ]
