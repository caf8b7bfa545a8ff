"""The English word lists behind the spelling rules, opened once per process on first use.

pyspellchecker's dictionary (160,000 words with frequencies) says which words are common and
ranks suggestions. The lists shipped in rules/words/ add the rarer words of SCOWL size 80
(British and American) and a hand-made medical vocabulary; see rules/words/README.md for
their sources and licences.

Reading pyspellchecker's JSON and SCOWL's 128,000 words into Python sets costs about 0.35 s,
more than the rest of a one-page check. So the first run stores the lists as one marisa-trie
(a compact, memory-mapped word index) with arrays of frequencies and spelling varieties beside
it, in the user's cache folder (``$XDG_CACHE_HOME/medlint``, else ``~/.cache/medlint``); later runs
and worker processes map that file in well under a millisecond and share its pages. The file
is named by a hash of its sources, so a new pyspellchecker or word list builds a new one; when
the folder cannot be written the index is built in memory for the run.
"""

from __future__ import annotations

import array
import functools
import gzip
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

from medlint.cache import blake2b, write_whole
from medlint.rules import FOLDER
from medlint.usercache import cache_home

VARIETIES = ("en-GB", "en-US")
VARIETY_FILES = {"en-GB": "scowl-en-GB.txt", "en-US": "scowl-en-US.txt"}  # words spelt only one way
VARIETY_BITS = {"en-GB": 1, "en-US": 2}
INDEX_FORMAT = 2  # the layout of the stored index; part of its name
NOT_COMMON = -1  # the frequency stored for a word that only SCOWL knows


class Frequencies:
    """Common words and how often they occur: ``word in frequencies``, ``frequencies[word]``.

    Backed by the trie; each word looked up is remembered, so the words a run meets again and
    again (most of them) cost a dict lookup.
    """

    __slots__ = ("_trie", "counts", "_seen")

    def __init__(self, trie, counts: array.array) -> None:
        self._trie = trie
        self.counts = counts  # by the trie's key id: frequency, or NOT_COMMON
        self._seen: dict[str, int] = {}

    def count(self, word: str) -> int:
        """The word's frequency, or NOT_COMMON."""
        seen = self._seen.get(word)
        if seen is None:
            key = self._trie.get(word)
            seen = self._seen[word] = NOT_COMMON if key is None else self.counts[key]
        return seen

    def __contains__(self, word: str) -> bool:
        return self.count(word) != NOT_COMMON

    def __getitem__(self, word: str) -> int:
        count = self.count(word)
        if count == NOT_COMMON:
            raise KeyError(word)
        return count


@dataclass(frozen=True)
class Lexicon:
    frequency: Frequencies  # common words (pyspellchecker) and how often they occur
    indexed: object  # the trie of every common, SCOWL and one-variety word: ``word in indexed``
    varieties: array.array  # by the trie's key id: VARIETY_BITS of the varieties a word is spelt only in
    vocabulary: frozenset[str]  # the named extra vocabularies (medical.txt)
    letters: str  # the letters pyspellchecker's one-edit neighbours are made of
    longest: int  # the length of the longest common word
    # common_by_length() by (min_count, first letter), and deletion_index() by (min_count,
    # first letter, length): each built when two_edits() first needs it
    common_words: dict = field(default_factory=dict, compare=False, repr=False)
    deletion_indexes: dict = field(default_factory=dict, compare=False, repr=False)

    def known(self, word: str) -> bool:
        """A correct spelling in British or American English (or a listed medical word)."""
        return word in self.frequency or word in self.indexed or word in self.vocabulary

    def other_variety(self, word: str, spelling: str) -> bool:
        """The word is spelt the way of the variety other than ``spelling`` ("color" in en-GB)."""
        if spelling not in VARIETIES:
            return False
        key = self.indexed.get(word)
        return key is not None and bool(self.varieties[key] & VARIETY_BITS[_other(spelling)])

    def neighbours(self, word: str) -> list[str]:
        """Common words one edit away, most frequent first."""
        # The trie and the counts directly: most of the ~50 strings per letter are not words,
        # and remembering each miss (as Frequencies does) would cost more than it saves.
        key_of, counts = self.indexed.get, self.frequency.counts
        found = [(-count, w) for w in one_edit(word, self.letters, self.longest)
                 if (key := key_of(w)) is not None and (count := counts[key]) != NOT_COMMON]
        return [w for _, w in sorted(found)]

    def two_edits(self, word: str, min_count: int) -> list[str]:
        """Common words at least ``min_count`` frequent that start with ``word``'s letter and
        are exactly two edits from it (deletions, insertions, replacements, swaps of
        neighbouring letters: the optimal string alignment distance), most frequent first.
        The first call for a ``min_count``, a first letter and a length indexes the words of
        that letter within two letters of that length (a one-page run indexes only what its
        typos need: long medical words find few common words near their length)."""
        first, rest = word[:1], word[1:]
        if (min_count, first) not in self.common_words:
            self.common_words[min_count, first] = common_by_length(self.indexed, self.frequency.counts, min_count, first)
        by_length = self.common_words[min_count, first]
        indexes = {}  # by word length
        for length in range(len(word) - 2, len(word) + 3):  # no word further in length is two edits away
            if length in by_length:
                if (min_count, first, length) not in self.deletion_indexes:
                    self.deletion_indexes[min_count, first, length] = deletion_index(by_length[length])
                indexes[length] = self.deletion_indexes[min_count, first, length]
        if not indexes:
            return []  # (most long medical words: no frequent word is within two letters of their length)
        # With the first letter shared, the distance is that of the rest (an alignment may
        # always pair equal first letters), so only the rest is edited. A key is a word's rest
        # or its rest less one letter: only words one or two letters longer than it hold it.
        found = set()
        for edited in one_edit(rest, ASCII_LETTERS, self.longest):
            for key in (edited, *deletions(edited)):
                for length in (len(key) + 1, len(key) + 2):
                    if length in indexes:
                        found.update(indexes[length].get(first + key, ()))
        return sorted((w for w in found if edit_distance(word, w) == 2), key=lambda w: (-self.frequency[w], w))


ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def common_by_length(trie, counts: array.array, min_count: int, first: str) -> dict[int, list[str]]:
    """The common ASCII words at least ``min_count`` frequent that start with the letter
    ``first``, by their length."""
    by_length: dict[int, list[str]] = {}
    for word, key in trie.iteritems(first):
        if counts[key] >= min_count and word.isascii() and word.isalpha():
            by_length.setdefault(len(word), []).append(word)
    return by_length


def deletion_index(words: list[str]) -> dict[str, list[str]]:
    """``words`` by their first letter and the rest, or the rest with one letter deleted. A
    word two edits from ``w`` is one edit from a string one edit from ``w``, and two strings
    one edit apart share a key here (the symmetric-deletion idea of Garbe's SymSpell): so the
    keys of ``w``'s one-edit strings find every candidate."""
    index: dict[str, list[str]] = {}
    for word in words:
        for deleted in {word[1:], *deletions(word[1:])}:
            index.setdefault(word[:1] + deleted, []).append(word)
    return index


def deletions(word: str) -> list[str]:
    """The strings one deletion from ``word``."""
    return [word[:i] + word[i + 1:] for i in range(len(word))]


def edit_distance(a: str, b: str) -> int:
    """The optimal string alignment distance: the fewest deletions, insertions, replacements
    and swaps of two neighbouring letters turning ``a`` into ``b``, no letter edited twice
    (Damerau 1964; the distance Norvig's and pyspellchecker's edits count)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[-1]


def one_edit(word: str, letters: str, longest: int) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from ``word``
    (Norvig's edits1, as pyspellchecker's ``edit_distance_1`` makes them, with its rule that
    a word over three letters longer than any known word has no neighbours but itself)."""
    if len(word) > longest + 3:
        return {word}
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [left + right[1:] for left, right in splits if right]
    transposes = [left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1]
    replaces = [left + c + right[1:] for left, right in splits if right for c in letters]
    inserts = [left + c + right for left, right in splits for c in letters]
    return set(deletes + transposes + replaces + inserts)


@functools.cache
def proper_nouns() -> frozenset[str]:
    """Common words (in lower case) that SCOWL writes only capitalised: names of places,
    people, days, months, peoples ("london", "tuesday", "parkinson"), which a correction
    must capitalise. Read on first use (a few milliseconds)."""
    return frozenset(_words("scowl-names.txt.gz"))


def _other(spelling: str) -> str:
    return VARIETIES[1 - VARIETIES.index(spelling)]


def _words(name: str) -> set[str]:
    resource = FOLDER / "words" / name
    data = resource.read_bytes()
    text = gzip.decompress(data).decode("utf-8") if name.endswith(".gz") else data.decode("utf-8")
    # One word per line, "#" for comments; split() is the fast way to read 130,000 of them.
    lines = (line for line in text.lower().splitlines() if not line.startswith("#"))
    return set(" ".join(lines).split())


@functools.cache
def lexicon(vocabularies: tuple[str, ...]) -> Lexicon:
    """The lexicon with the named files of rules/words/ as extra vocabulary."""
    trie, counts, varieties, letters, longest = _index()
    vocabulary = set()
    for name in vocabularies:
        vocabulary |= _words(name)
    return Lexicon(Frequencies(trie, counts), trie, varieties, frozenset(vocabulary), letters, longest)


def _index():
    """(trie, frequencies and variety bits by key id, letters, longest common word): from
    the stored index, built and stored first if there is none for these sources."""
    import marisa_trie

    folder = cache_home()
    name = f"lexicon-{_sources_digest()}"
    try:
        counts, varieties = array.array("q"), array.array("B")
        counts.frombytes((folder / f"{name}.counts").read_bytes())  # written last: the others are there
        varieties.frombytes((folder / f"{name}.varieties").read_bytes())
        trie = marisa_trie.Trie().mmap(str(folder / f"{name}.marisa"))
        letters, longest = (folder / f"{name}.letters").read_text(encoding="utf-8").split("\n")
        if len(counts) == len(varieties) == len(trie):
            return trie, counts, varieties, letters, int(longest)
    except (OSError, ValueError, RuntimeError):  # marisa raises RuntimeError for a missing or damaged file
        pass  # not built yet, or damaged: build it
    built = _build()
    _store(folder, name, *built)
    return built


def _build():
    import marisa_trie
    from spellchecker import SpellChecker

    frequency = SpellChecker(language="en", distance=1).word_frequency
    common = frequency.dictionary
    only = {variety: _words(file) for variety, file in VARIETY_FILES.items()}
    trie = marisa_trie.Trie([*common, *_words("scowl-en.txt.gz"), *(w for words in only.values() for w in words)])
    counts = array.array("q", [NOT_COMMON]) * len(trie)
    for word, count in common.items():
        counts[trie[word]] = count
    varieties = array.array("B", [0]) * len(trie)
    for variety, words in only.items():
        for word in words:
            varieties[trie[word]] |= VARIETY_BITS[variety]
    return trie, counts, varieties, "".join(sorted(frequency.letters)), frequency.longest_word_length


def _store(folder: Path, name: str, trie, counts: array.array, varieties: array.array, letters: str,
           longest: int) -> None:
    """Write the four files, each renamed into place whole; the counts go last, so a
    reader that finds them finds the rest. A folder that cannot be written is skipped."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_whole(folder / f"{name}.marisa", trie.tobytes())
        write_whole(folder / f"{name}.varieties", varieties.tobytes())
        write_whole(folder / f"{name}.letters", f"{letters}\n{longest}".encode("utf-8"))
        write_whole(folder / f"{name}.counts", counts.tobytes())
    except OSError:
        pass


def _sources_digest() -> str:
    """A hash naming what the index is built from: pyspellchecker's English dictionary and
    the SCOWL lists (their paths, sizes and modification times), and the index layout."""
    spec = find_spec("spellchecker")
    words = FOLDER / "words"
    sources = [Path(next(iter(spec.submodule_search_locations)), "resources", "en.json.gz"),
               *(words / name for name in ("scowl-en.txt.gz", *VARIETY_FILES.values()))]
    parts = [str(INDEX_FORMAT)]
    for source in sources:
        stat = source.stat()
        parts.append(f"{source}:{stat.st_size}:{stat.st_mtime_ns}")
    return blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()
