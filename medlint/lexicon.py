"""The English word lists behind the spelling rules, opened once per process on first use.

pyspellchecker's dictionary (160,000 words with frequencies) says which words are common and
ranks suggestions. The lists shipped in rules/words/ add the rarer words of SCOWL size 80
(British and American) and a hand-made medical vocabulary; see rules/words/README.md for
their sources and licences.

Reading pyspellchecker's JSON and SCOWL's 128,000 words into Python sets costs about 0.35 s,
more than the rest of a one-page check. So the first run stores the lists as one marisa-trie
(a compact, memory-mapped word index) with arrays of frequencies and spelling varieties beside
it in the user's cache folder (``$XDG_CACHE_HOME/medlint``, else ``~/.cache/medlint``), and,
on first use, the deletion indexes that find the words one and two edits from a typo; later
runs and worker processes map those files in well under a millisecond and share their pages.
The files are named by a hash of their sources, so a new pyspellchecker or word list builds
new ones; when the folder cannot be written the index is built in memory for the run.
"""

from __future__ import annotations

import array
import functools
import gzip
from importlib.util import find_spec
from pathlib import Path

from medlint.atomicfile import write_bytes
from medlint.usercache import blake2b
from medlint.rules import FOLDER
from medlint.usercache import cache_home, remove_stale

VARIETIES = ("en-GB", "en-US")
VARIETY_FILES = {"en-GB": "scowl-en-GB.txt", "en-US": "scowl-en-US.txt"}  # words spelt only one way
VARIETY_BITS = {"en-GB": 1, "en-US": 2}
# Also in a word's variety bits: a common word SCOWL writes only capitalised (scowl-names.txt.gz),
# so that asking costs a lookup, not reading the 13,000 names in each process.
NAME_BIT = 4
INDEX_FORMAT = 6  # the layout of the stored index; part of its name
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
        # (the remembered answer first, without a call: most words asked are)
        seen = self._seen.get(word)
        return (self.count(word) if seen is None else seen) != NOT_COMMON

    def __getitem__(self, word: str) -> int:
        count = self.count(word)
        if count == NOT_COMMON:
            raise KeyError(word)
        return count


class Lexicon:
    """The words spelling reads, made once a process (``lexicon()``). (A plain class: a frozen
    dataclass compiles each method it writes, ~0.6 ms of every run's start.)"""

    def __init__(self, frequency: Frequencies, indexed, varieties: array.array, vocabulary: frozenset[str]) -> None:
        self.frequency = frequency  # common words (pyspellchecker) and how often they occur
        self.indexed = indexed  # the trie of every common, SCOWL and one-variety word: ``word in indexed``
        self.varieties = varieties  # by the trie's key id: VARIETY_BITS of the varieties a word is spelt only in, NAME_BIT
        self.vocabulary = vocabulary  # the named extra vocabularies (medical.txt)
        # one_edit_index() and two_edit_index() by the name they are stored under: opened when
        # neighbours() or two_edits() first needs them
        self.deletion_indexes: dict = {}

    def known(self, word: str) -> bool:
        """A correct spelling in British or American English (or a listed medical word)."""
        return word in self.indexed or word in self.vocabulary  # (every common word is in the trie)

    def other_variety(self, word: str, spelling: str) -> bool:
        """The word is spelt the way of the variety other than ``spelling`` ("color" in en-GB)."""
        if spelling not in VARIETIES:
            return False
        key = self.indexed.get(word)
        return key is not None and bool(self.varieties[key] & VARIETY_BITS[_other(spelling)])

    def spelt_one_way(self, word: str) -> bool:
        """The word is spelt so in only one of British and American English."""
        key = self.indexed.get(word)
        return key is not None and bool(self.varieties[key] & (VARIETY_BITS["en-GB"] | VARIETY_BITS["en-US"]))

    def is_name(self, word: str) -> bool:
        """A common word (in lower case) that SCOWL writes only capitalised: the name of a
        place, a person, a day, a month, a people ("london", "tuesday", "parkinson"), which a
        correction must capitalise."""
        key = self.indexed.get(word)
        return key is not None and bool(self.varieties[key] & NAME_BIT)

    def neighbours(self, word: str) -> list[str]:
        """Common words one edit away (a deletion, insertion, replacement or swap of two
        neighbouring letters; the word itself if it is common), most frequent first: the
        words among pyspellchecker's ``edit_distance_1`` candidates (Norvig's edits1). The
        first call opens the index (``one_edit_index``)."""
        # Looked up by the word and each string one deletion from it, a dozen probes, where
        # making every edit of the word (about fifty strings per letter) and looking each up
        # was a third of this rule's time.
        index = self._deletion_index("one-edit", lambda: one_edit_index(self))
        found = {w for key in within_one_deletion(word) for w in index.get(key, ())}
        near = (w.decode("utf-8") for w in found)
        return sorted((w for w in near if within_one_edit(word, w)), key=lambda w: (-self.frequency[w], w))

    def two_edits(self, word: str, min_count: int) -> list[str]:
        """Common words at least ``min_count`` frequent that start with ``word``'s letter and
        are exactly two edits from it (deletions, insertions, replacements, swaps of
        neighbouring letters: the optimal string alignment distance), most frequent first.
        The first call for a ``min_count`` opens its index (``two_edit_index``)."""
        index = self._deletion_index(f"two-edits-{min_count}", lambda: two_edit_index(self, min_count))
        # With the first letter shared, the distance is that of the rest (an alignment may
        # always pair equal first letters), so only the rest is looked up: by each string two
        # deletions or fewer from it, which an index entry of every word two edits away is.
        # (An entry's words are 0–2 letters longer than its key, which is 0–2 letters shorter
        # than the word: all within two letters of its length, none further than two edits.)
        first, rest = word[:1], word[1:]
        found = set()
        for key in within_two_deletions(rest):
            found.update(index.get(first + key, ()))
        near = (w.decode("ascii") for w in found)
        return sorted((w for w in near if two_edits_apart(word, w)), key=lambda w: (-self.frequency[w], w))

    def _deletion_index(self, name: str, build):
        """The deletion index stored as ``name``: opened (``_stored_index``) on first use."""
        if name not in self.deletion_indexes:
            self.deletion_indexes[name] = _stored_index(name, build)
        return self.deletion_indexes[name]


def one_edit_index(lex: Lexicon):
    """Every common word by itself and by each string one deletion from it (Garbe's symmetric
    deletion, SymSpell, for one edit): a marisa BytesTrie of 1.5 million entries (7 MB),
    built on first use (about two seconds, once) and stored beside the lexicon's index.

    Two strings one edit apart become one string by at most one deletion from each: a
    deletion or an insertion is one deletion on one side, a replacement one on both sides at
    the same place, a swap of neighbouring letters one of the same letter on both sides. So
    the word and the strings one deletion from it find every common word one edit away, with
    a few more that ``within_one_edit`` rules out."""
    import marisa_trie

    counts = lex.frequency.counts
    return marisa_trie.BytesTrie((deleted, word.encode("utf-8")) for word, key in lex.indexed.iteritems()
                                 if counts[key] != NOT_COMMON for deleted in within_one_deletion(word))


def two_edit_index(lex: Lexicon, min_count: int):
    """The common ASCII words at least ``min_count`` frequent, by their first letter followed
    by each string two deletions or fewer from their rest (Garbe's symmetric deletion,
    SymSpell): a marisa BytesTrie, stored beside the lexicon's index on first use (a third of
    a second to build; then mapped in a millisecond). The key holds no length, so a lookup
    is one probe per deletion string.

    Two strings at most two edits apart (optimal string alignment) become one string by at
    most two deletions from each: a replacement or a swap of neighbouring letters is one
    deletion on both sides, an insertion one on one side. So the strings two deletions or
    fewer from a word's rest find every candidate, with some more that the distance then
    rules out; a lookup costs a few dozen probes, where editing the word every way first
    cost thousands."""
    import marisa_trie

    counts = lex.frequency.counts
    words = [word for word, key in lex.indexed.iteritems() if counts[key] >= min_count and word.isascii() and word.isalpha()]
    return marisa_trie.BytesTrie((word[0] + deleted, word.encode("ascii"))
                                 for word in words for deleted in within_two_deletions(word[1:]))


def _stored_index(name: str, build):
    """The marisa BytesTrie stored in the user's cache folder as ``name`` beside the lexicon's
    index, memory-mapped; built by ``build()`` and stored first if there is none (or it is
    damaged). When the folder cannot be written, the one built is used for the run."""
    import marisa_trie

    path = cache_home() / f"{index_name()}.{name}.marisa"
    try:
        return marisa_trie.BytesTrie().mmap(str(path))
    except (OSError, RuntimeError):  # not built yet, or damaged (marisa raises RuntimeError)
        pass
    index = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes(path, index.tobytes())
    except OSError:
        return index  # a cache folder that cannot be written: built again next run
    remove_stale(path)
    return index


def within_one_deletion(word: str) -> set[str]:
    """The strings zero or one deletion from ``word``."""
    return {word, *(word[:i] + word[i + 1:] for i in range(len(word)))}


def within_two_deletions(word: str) -> set[str]:
    """The strings zero, one or two deletions from ``word``."""
    # Each pair of places deleted once: the second deletion only at or after the first (in
    # the shorter string), not before it too, which made every string twice.
    ones = [word[:i] + word[i + 1:] for i in range(len(word))]
    return {word, *ones, *(one[:j] + one[j + 1:] for i, one in enumerate(ones) for j in range(i, len(one)))}


def within_one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are at most one deletion, insertion, replacement or swap of two
    neighbouring letters apart (the distance ``two_edits_apart`` counts at most 1, in linear time)."""
    if len(a) < len(b):
        a, b = b, a
    if len(a) - len(b) > 1:
        return False
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), len(b))  # the first difference
    if len(a) > len(b):
        return a[first + 1:] == b[first:]
    # a replacement at the first difference, or a swap of it and the next letter
    return a[first + 1:] == b[first + 1:] or (a[first:first + 2] == b[first + 1:first + 2] + b[first:first + 1]
                                              and a[first + 2:] == b[first + 2:])


def two_edits_apart(a: str, b: str) -> bool:
    """Whether the optimal string alignment distance of ``a`` and ``b`` (the fewest deletions,
    insertions, replacements and swaps of two neighbouring letters, no letter edited twice:
    Damerau 1964, the distance Norvig's and pyspellchecker's edits count) is exactly 2.

    In linear time, where the edit-distance table is quadratic (it was most of a page of
    distinct unknown words' time): a shortest alignment keeps the letters before the first
    difference, and at it edits once (a deletion, an insertion, a replacement or a swap).
    The distance is 1 when one of those edits leaves the rest equal, 2 when it leaves them
    ``within_one_edit``."""
    if abs(len(a) - len(b)) > 2:
        return False
    first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    a, b = a[first:], b[first:]
    rests = [(a[1:], b), (a, b[1:]), (a[1:], b[1:])]
    if a[:2] == b[1::-1]:  # a swap (of two letters, both strings being at least two long here)
        rests.append((a[2:], b[2:]))
    if a == b or any(x == y for x, y in rests):
        return False
    return any(within_one_edit(x, y) for x, y in rests)


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
    trie, counts, varieties = _index()
    vocabulary = set()
    for name in vocabularies:
        vocabulary |= _words(name)
    return Lexicon(Frequencies(trie, counts), trie, varieties, frozenset(vocabulary))


def _index():
    """(trie, frequencies and variety bits by key id): from the stored index, built and
    stored first if there is none for these sources."""
    import marisa_trie

    folder = cache_home()
    name = index_name()
    try:
        counts, varieties = array.array("q"), array.array("B")
        counts.frombytes((folder / f"{name}.counts").read_bytes())  # written last: the others are there
        varieties.frombytes((folder / f"{name}.varieties").read_bytes())
        trie = marisa_trie.Trie().mmap(str(folder / f"{name}.marisa"))
        if len(counts) == len(varieties) == len(trie):
            return trie, counts, varieties
    except (OSError, ValueError, RuntimeError):  # marisa raises RuntimeError for a missing or damaged file
        pass  # not built yet, or damaged: build it
    built = _build()
    _store(folder, name, *built)
    return built


def _build():
    import marisa_trie
    from spellchecker import SpellChecker

    common = SpellChecker(language="en", distance=1).word_frequency.dictionary
    only = {variety: _words(file) for variety, file in VARIETY_FILES.items()}
    trie = marisa_trie.Trie([*common, *_words("scowl-en.txt.gz"), *(w for words in only.values() for w in words)])
    counts = array.array("q", [NOT_COMMON]) * len(trie)
    for word, count in common.items():
        counts[trie[word]] = count
    varieties = array.array("B", [0]) * len(trie)
    for variety, words in only.items():
        for word in words:
            varieties[trie[word]] |= VARIETY_BITS[variety]
    for word in _words("scowl-names.txt.gz"):  # (common words all: in the trie)
        varieties[trie[word]] |= NAME_BIT
    return trie, counts, varieties


def _store(folder: Path, name: str, trie, counts: array.array, varieties: array.array) -> None:
    """Write the three files, each renamed into place whole; the counts go last, so a
    reader that finds them finds the rest. A folder that cannot be written is skipped."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes(folder / f"{name}.marisa", trie.tobytes())
        write_bytes(folder / f"{name}.varieties", varieties.tobytes())
        write_bytes(folder / f"{name}.counts", counts.tobytes())
    except OSError:
        return
    remove_stale(folder / f"{name}.counts")


def index_name() -> str:
    """The stored index's name (its files' names without the extension) for these sources."""
    return f"lexicon-{_sources_digest()}"


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
