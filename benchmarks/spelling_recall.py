"""Recall of SP001 on typos of common words put into sentences at every position.

    python benchmarks/spelling_recall.py [--words 300] [--seed 1]

Takes common English words of five letters or more (pyspellchecker's frequencies, the list
SP001 ranks suggestions by), makes one typo of each kind (a letter dropped, doubled, swapped
with the next, replaced) that is not itself a word, and puts each typo into sentences at
the start (capitalised), in the middle, at the end before a full stop, and as a list item.
It prints the share reported as SP001 (recall), and the share whose suggestion is the word
the typo was made from ("waitd" may fairly be "wait"), for one-edit typos, and for two-edit
typos (two such edits: found when they are one edit from another common word, on the
rule's list of known misspellings, or two edits from exactly one frequent word with the
same first letter). Targets: one edit >= 90%, two edits >= 50%.
Not run by pytest.
"""

from __future__ import annotations

import argparse
import random
import sys

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.lexicon import lexicon

SENTENCES = ("{W} is on the list.", "Ask the nurse about {w} before you go home.",
             "Your doctor will talk to you about {w}.", "- {w}")


def one_edit(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:at] + word[at + 1:]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2:]
    return word[:at] + rng.choice("aeioustrnl".replace(word[at], "")) + word[at + 1:]


def recall(pairs, settings) -> tuple[float, float]:
    """(share of typos reported, share reported with the intended word as the suggestion)."""
    reported = right = total = 0
    for typo, word in pairs:
        for template in SENTENCES:
            page = "# Page\n\n" + template.format(w=typo, W=typo.capitalize()) + "\n"
            found = [d for d in lint_bytes(page.encode(), "page.md", "markdown", settings).diagnostics if d.code == "SP001"]
            total += 1
            reported += bool(found)
            right += any((d.suggestion or "").lower() == word for d in found)
    return (reported / total, right / total) if total else (0.0, 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    from spellchecker import SpellChecker  # the frequencies SP001 ranks its suggestions by

    lex = lexicon(("medical.txt",))
    counts = SpellChecker().word_frequency.dictionary
    common = sorted((w for w, n in counts.items() if n >= 5000 and len(w) >= 5 and w.isalpha()),
                    key=lambda w: -counts[w])[:3000]
    words = rng.sample(common, min(args.words, len(common)))
    one = [(t, w) for w in words if not lex.known(t := one_edit(w, rng)) and t != w]
    two = [(t, w) for w in words if not lex.known(t := one_edit(one_edit(w, rng), rng)) and t != w]
    settings = build_settings(Config(), select=("SP001",))
    for name, pairs, target in (("one edit", one, "90%"), ("two edits", two, "50%")):
        reported, right = recall(pairs, settings)
        print(f"{name:9}: {len(pairs)} typos x {len(SENTENCES)} positions: reported {reported:.1%}, "
              f"with the intended word suggested {right:.1%} (target {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
