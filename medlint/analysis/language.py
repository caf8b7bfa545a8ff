"""Which language a page, or one paragraph of it, is written in.

The declared language (front matter ``language``/``lang``, HTML ``<html lang>``) wins;
otherwise the language whose common function words the text uses most (the lists are in
``rules/analysis.yaml``). English wins ties: the formulas and the dictionary are English,
and a page with too few words to tell is checked. Counting function words is the method of
the classic stopword-based identifiers (e.g. Grefenstette 1995) and is enough for whole
paragraphs of patient text, where the languages met are English, Spanish, French, German
and Portuguese.
"""

from __future__ import annotations

import functools

from medlint.analysis import memoised, vocabulary
from medlint.analysis.words import WORD
from medlint.document import Document


@functools.cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for language, listed in vocabulary()["function_words"].items():
        for word in listed:
            found.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in found.items()}


def text_language(text: str) -> str:
    """The language code ("en", "es", "fr", "de", "pt") whose function words ``text`` uses
    most; "en" when none is used or English ties for the most."""
    table = _word_languages()
    counts: dict[str, int] = {}
    for word in WORD.findall(text.lower()):
        for language in table.get(word, ()):
            counts[language] = counts.get(language, 0) + 1
    if not counts:
        return "en"
    best = max(counts.values())
    return "en" if counts.get("en", 0) == best else max(counts, key=counts.get)


def page_language(document: Document) -> str:
    """The page's language: declared in its metadata, else from its main text."""
    def compute() -> str:
        declared = document.metadata.get("language") or document.metadata.get("lang")
        if isinstance(declared, str) and declared.strip():
            return declared.strip().lower()[:2]
        return text_language(" ".join(b.text for b in document.blocks
                                      if b.region == "main" and b.kind in ("paragraph", "list_item")))

    return memoised(document, ("page_language",), compute)


def is_english(document: Document) -> bool:
    """Whether the page is in English (the grade formulas, their targets and the spelling
    dictionary are for English only)."""
    return page_language(document) == "en"
