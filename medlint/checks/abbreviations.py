"""Abbreviations: an upper-case abbreviation used before the page says what it stands for.

Defined means "long form (ABBR)", "long form (or ABBR)", "ABBR (long form)", "ABBR scan
(long form scan)", "ABBR, which stands for / means …", or a name introduced as such ("a
protein called CTLA-4"), anywhere on the page; a use before that (or with no definition at all) is reported once, at
the first use in the page's text (headings are skipped: a heading "What is COPD?" is
usually followed by the definition).

Not abbreviations: the pack's ``known`` list and config ``abbreviations`` (UK, NHS, DNA …),
``not_abbreviations`` (shouted words and units: CALL, NOTE, MG), roman numerals, chemical
formulas (CO2, H2O), pronunciation guides "(an-tee-TRIP-sin)", a word in a run of capitals
("DO NOT STOP") or in quotation marks ("text 'FLU' to …"), and paragraphs that shout.
"""

from __future__ import annotations

import re

from medlint.analysis.citations import is_reference_entry
from medlint.checks import SCOPE_SCHEMA, Finding, scoped_blocks

PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "known": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "not_abbreviations": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "max_letters": {"type": "integer", "minimum": 2},  # longer all-capital words are names, not abbreviations
        **SCOPE_SCHEMA,
    },
}
# PD-1, CTLA-4, COPD, A&E, HER2, NSAIDs (a plural s is allowed).
# Not inside a URL, path, e-mail address or template token (/, _, %, $, {, @, #).
# (An en dash joins parts too: "RT–PCR".)
TOKEN = re.compile(r"(?<![\w&/%$@#{.–-])([A-Z][A-Z0-9&]*[A-Z0-9](?:[-–][A-Z0-9]+)*)(s?)(?![\w&%}/@]|[-–]\w)")
ROMAN = re.compile(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})[A-C]?$")  # also stages: IIIA, IVB
CHEMICAL = re.compile(r"^(?:(?:[HBCNOFPSKVYIWU]|C[lao]|Na|Mg|Fe|Zn)\d*)+$")
# The long form right after: "COPD (chronic obstructive pulmonary disease)", "GA, or general anaesthetic".
# Linear time, as substitution.EXPLAINED_AFTER: spaces read once, the bracket looked into for 200 characters.
EXPANDED_AFTER = re.compile(r"(?<!\s)\s*(?:\((?=[^)]{0,200}?[a-z]{2})|,\s+or\s+(?=[a-z])"
                            r"|,\s+(?:which\s+)?(?:stands\s+for|means|is\s+short\s+for)\b"
                            r"|(?<=\s)(?:which\s+)?(?:stands\s+for|means|is\s+short\s+for)\b)")
SHOUTING = 0.6  # share of capital letters above which a paragraph shouts
# "ABBR scan (long form scan)": up to two words, then the long form in brackets.
WORDS_THEN_BRACKET = re.compile(r"(?<!\s)((?:\s+[a-z][\w-]*){1,2})\s*\(([^()]{3,120})\)")
# "(or SERM)", "(also called PSA)": the bracket names the abbreviation of the words before it.
ALIAS_BEFORE = re.compile(r"\((?:or|also\s+called|also\s+known\s+as|known\s+as|short\s+for)\s+$", re.IGNORECASE)
# "a protein on immune cells called CTLA-4": the sentence says what the name is.
NAMED_BEFORE = re.compile(r"\b(?:called|named|known\s+as|the\s+(?:protein|gene|enzyme|receptor|antigen))\s+$", re.IGNORECASE)


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.known = frozenset(params.get("known", []))
        self.ignored = frozenset(w.upper() for w in params.get("not_abbreviations", []))
        self.max_letters = params.get("max_letters", 6)

    def findings(self, document, context):
        known = self.known | context.abbreviations | _site_names(document)
        blocks = scoped_blocks(document, self.params)
        tokens = [list(TOKEN.finditer(block.text)) for block in blocks]  # read once, used twice
        defined = self._definitions(blocks, tokens)
        reported: set[str] = set()
        for index, block in enumerate(blocks):
            if block.kind in ("heading", "title"):
                continue
            candidates = [m for m in tokens[index] if m[1] not in known]
            # (A reference entry's journal abbreviations are not the page's words.) Both tests
            # read the whole block: asked only of a block with a candidate.
            if not candidates or _shouts(block.text) or is_reference_entry(document, block):
                continue
            for match in candidates:
                abbr = match[1]
                if abbr in reported or not self._is_abbreviation(block.text, match):
                    continue
                where = defined.get(abbr)
                if where is not None and where <= (index, match.start()):
                    continue
                reported.add(abbr)
                later = " (it is only explained further down the page)" if where is not None else ""
                yield Finding(block, match.start(1), match.end(1), {"match": abbr, "later": later})

    @staticmethod
    def _definitions(blocks, tokens) -> dict[str, tuple[int, int]]:
        """Where each abbreviation is first explained: (block index, offset). ``tokens``: each
        block's TOKEN matches."""
        found: dict[str, tuple[int, int]] = {}
        for index, block in enumerate(blocks):
            text = block.text
            for match in tokens[index]:
                abbr, start, end = match[1], match.start(), match.end()
                inside = text[start - 1:start] == "("  # "(COPD)", or an alias "CT scan (CAT scan)"
                # "long form (ABBR)": words before the bracket; "ABBR (long form)" or "ABBR, or …".
                long_form = inside and any(c.islower() for word in text[:start - 1].split()[-3:] for c in word)
                named = ALIAS_BEFORE.search(text, max(0, start - 30), start) or NAMED_BEFORE.search(text, max(0, start - 20), start)
                if long_form or named or EXPANDED_AFTER.match(text, end) or _long_form_after_words(text, end, abbr):
                    found.setdefault(abbr, (index, start))
        return found

    def _is_abbreviation(self, text: str, match: re.Match) -> bool:
        abbr = match[1]
        letters = sum(c.isalpha() for c in abbr)
        if letters < 2 or (letters > self.max_letters and "-" not in abbr and not any(c.isdigit() for c in abbr)):
            return False
        if abbr in self.ignored or all(ROMAN.match(part) for part in re.split(r"[-–]", abbr)) or (
                any(c.isdigit() for c in abbr) and CHEMICAL.match(abbr)):  # (a stage range "II–IV" too)
            return False
        start, end = match.start(), match.end()
        if len(abbr) == 2 and re.search(r"\b[A-Z][a-z]+,\s$", text[max(0, start - 20):start]):
            return False  # "Bethesda, MD", "Washington, DC": a state in an address, or "Jane Smith, MD"
        before, after = text[max(0, start - 2):start], text[end:end + 2]
        if re.search(r"[a-z]-$", before) or re.match(r"-[a-z]", after):
            return False  # a pronunciation guide "an-tee-TRIP-sin" or a compound word
        if before[-1:] in "\"'“‘" and after[:1] in "\"'”’":
            return False
        # In a run of capital words ("DO NOT STOP TAKING"): shouting, not an abbreviation.
        return not (re.search(r"\b[A-Z]{2,}\s$", text[max(0, start - 20):start]) or re.match(r"\s[A-Z]{2,}\b", text[end:end + 20]))


def _long_form_after_words(text: str, end: int, abbr: str) -> bool:
    """"PET scan (positron emission tomography scan)": a word or two after the abbreviation,
    then a bracket whose words start with its letters, in order."""
    match = WORDS_THEN_BRACKET.match(text, end)
    if not match:
        return False
    initials = "".join(w[0] for w in re.split(r"[\s–-]+", match[2].lower()) if w)
    letters = iter(initials)
    return all(c in letters for c in abbr.lower() if c.isalpha())


def _shouts(text: str) -> bool:
    letters = list(filter(str.isalpha, text))  # (filter and map run the tests in C)
    return len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > SHOUTING


def _site_names(document) -> set[str]:
    """Abbreviations in the page title's site-name part: "Palifermin - NCI", "Flu | NHS"."""
    title = document.metadata.get("title")
    if not isinstance(title, str) or not re.search(r"\s[-|–—]\s", title):
        return set()
    return {m[1] for m in TOKEN.finditer(re.split(r"\s[-|–—]\s", title)[-1])}
