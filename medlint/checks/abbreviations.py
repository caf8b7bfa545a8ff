"""Abbreviations: an upper-case abbreviation used before the page says what it stands for.

Defined means "long form (ABBR)", "long form (or ABBR)", "ABBR (long form)", "ABBR scan
(long form scan)", "ABBR, which stands for / means …", "ABBR = long form", a long form just
before whose initials the letters are ("red blood cells (your RBC count)"), or a name the page
says what it is of ("a protein called CTLA-4", "the BRAF gene", "SWOG, an international
network"): a gene symbol or a trial's acronym is a name whose long form helps no reader, and
what explains it is its kind. Anywhere on the page; a use before that (or with no definition
at all) is reported once, at the first use in the page's text (headings and link-only items,
another page's title, are skipped: a heading "What is COPD?" is usually followed by the
definition).

Not abbreviations: the pack's ``known`` list and config ``abbreviations`` (UK, NHS, DNA …),
``not_abbreviations`` (shouted words and units: CALL, NOTE, MG), roman numerals, chemical
formulas (CO2, H2O), codes (NCT01234567), credentials after a name, trade marks ("PDQ®"),
pronunciation guides "(an-tee-TRIP-sin)", a word in a run of capitals
("DO NOT STOP") or in quotation marks ("text 'FLU' to …"), and paragraphs that shout.
"""

from __future__ import annotations

import bisect
import re

from medlint.analysis.anchors import Anchors, phrase_matches
from medlint.analysis.citations import is_reference_entry
from medlint.analysis.page_text import PageText
from medlint.checks import PHRASE_LIST, SCOPE_SCHEMA, Finding, scoped_blocks
from medlint.patterns import phrases_pattern
from medlint.regexes import compiled

SETTINGS = ("abbreviations",)
PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "known": {**PHRASE_LIST,
                  "description": "abbreviations every reader knows (UK, NHS, DNA), never reported"},
        "not_abbreviations": {**PHRASE_LIST,
                              "description": "capitalised words that are not abbreviations (CALL, NOTE, MG)"},
        "max_letters": {"type": "integer", "minimum": 2,
                        "description": "letters an abbreviation may have: longer all-capital words are names"},
        "kind_words": {**PHRASE_LIST,
                       "description": 'words that say what a name is ("the BRAF gene", "the TMIST trial"): '
                                      "such a name needs no long form"},
        **SCOPE_SCHEMA,
    },
}
# PD-1, CTLA-4, COPD, A&E, HER2, NSAIDs (a plural s is allowed).
# Not inside a URL, path, e-mail address or template token (/, _, %, $, {, @, #).
# (An en dash joins parts too: "RT–PCR".)
# (The look-behind follows the first capital, so the scan can skip to capitals: a regex that
# starts with one tries it at every character. Before it, the second character the rest needs
# is looked ahead for: most capitals start a word in lower case, rejected at once, 9% of the scan.)
TOKEN = compiled(r"([A-Z](?=[A-Z0-9&])(?<![\w&/%$@#{.–-][A-Z])[A-Z0-9&]*[A-Z0-9](?:[-–][A-Z0-9]+)*)(s?)(?![\w&%}/@]|[-–]\w)")
# Also stages: IIIA, IVB, IIID, IIA1, and Hodgkin lymphoma's IIE (extranodal) and IIIS (spleen).
ROMAN = compiled(r"^(?=[IVXL])L?X{0,3}(?:IX|IV|V?I{0,3})(?:[A-D]\d?|E?S?)$")
# A code, not an abbreviation: a trial registration (NCT01234567), a drug in development (AZD3965,
# VCN-01, MM1MDS-A01).
IDENTIFIER = compiled(r"\d{4}|(?<!\d)0\d")  # (or a number with a leading zero: VCN-01)
MAX_SHAPED = 100_000  # abbreviations whose shape a process keeps (memory stays bounded on a huge run)
ADDRESS_BEFORE = compiled(r"\b[A-Z][a-z]+,\s$")  # "Bethesda, " before MD
HYPHENED_BEFORE, HYPHENED_AFTER = compiled(r"[a-z]-$"), compiled(r"-[a-z,\s]")
CAPITALS_BEFORE, CAPITALS_AFTER = compiled(r"\b[A-Z]{2,}\s$"), compiled(r"\s[A-Z]{2,}\b")
PART_BREAK = compiled(r"[-–]")
NON_SPACE_RUN = compiled(r"\S+")
# "Michael LeFevre, MD, MSPH": credentials after a person's name (or after another credential).
AFTER_NAME = compiled(r"(?:\b[A-Z][\w'’-]*[a-z]|\b[A-Z][A-Z.]*[A-Z.]),\s$")
# Other abbreviations coordinated with this one: "BRCA1 or BRCA2 genes", "RET, DICER1, or APC gene".
# (Capitalised words too: "the FORTE Colorectal Cancer Prevention Trial". Bounded: linear.)
COORDINATED = r"(?:(?:\s*(?:,|/)\s*|\s+|::)(?:(?:and|or)\s+)?[A-Z0-9]\w*(?:[-–]\w+)*){0,6}"
LISTED = r"(?:[A-Z][\w]*(?:[-–][\w]+)*(?:\s*[,/]\s*|\s+)(?:(?:and|or)\s+)?){0,6}"
# "SGAP flap: tissue comes from …": an item that starts with the name and says what it is.
TERM_ITEM = compiled(r"(?<!\s)(?:\s+[\w-]+){0,2}:\s+\S")  # (spaces read once: linear)
# "SWOG, an international network of …", "PD-1 is a protein …", "CAR T cells, a type of …",
# "CD4 lymphocytes (a type of white blood cell)", "PD-L1—a ligand", "PCA3, or DD3, is a …":
# the page says what it is.
# (What it is must be a kind of name, not any description: "COPD is a lung disease" does not
# say what its letters stand for, and that is what helps.)
SAYS_WHAT = r"(?<!\s)(?:\s+[\w-]+){0,2}(?:\s*[,—]\s*(?:a|an|another)\s+|,?\s+is\s+(?:a|an)\s+|\s*\((?:a|an)\s+)(?:[\w-]+\s+){0,3}?"
CHEMICAL = compiled(r"^(?:(?:[HBCNOFPSKVYIWU]|C[lao]|Na|Mg|Fe|Zn)\d*)+$")
# The long form right after: "COPD (chronic obstructive pulmonary disease)", "GA, or general anaesthetic",
# "CLL = chronic lymphocytic leukemia" (a table's key).
# Linear time, as substitution.EXPLAINED_AFTER: spaces read once, the bracket looked into for 200 characters.
EXPANDED_AFTER = compiled(r"(?<!\s)\s*(?:\((?=[^)]{0,200}?[a-z]{2})|,\s+or\s+(?=[a-z])|=\s*(?=[a-z])"
                            r"|,\s+(?:which\s+)?(?:stands\s+for|means|is\s+short\s+for)\b"
                            r"|(?<=\s)(?:which\s+)?(?:stands\s+for|means|is\s+short\s+for)\b)")
SHOUTING = 0.6  # share of capital letters above which a paragraph shouts
# "ABBR scan (long form scan)": up to two words, then the long form in brackets.
WORDS_THEN_BRACKET = compiled(r"(?<!\s)((?:\s+[a-z][\w-]*){1,2})\s*\(([^()]{3,120})\)")
# "(or SERM)", "(also called PSA)": the bracket names the abbreviation of the words before it.
# "(benign prostate enlargement or BPH)": the bracket gives a long form, then the abbreviation.
ALIAS_BEFORE = compiled(r"\((?:or|also\s+called|also\s+known\s+as|known\s+as|short\s+for|[^()]{0,60}[a-z]{3}[^()]{0,60}\s+or)\s+$",
                          re.IGNORECASE)
# "a protein on immune cells called CTLA-4": the sentence says what the name is.
# "also called an LP", "also called octreotide scan and SRS", "also called clear cell renal cell
# carcinoma or clear cell RCC", "also called BMD scan, DEXA, …, and
# DXA", "an abnormal gene called PML::RARA".
NAMERS, NAMED_KINDS = r"called|named|dubbed|known\s+as", r"protein|gene|enzyme|receptor|antigen"
NAME_KINDS = rf"the\s+(?:{NAMED_KINDS})"
NAMED_BEFORE = compiled(rf"\b(?:(?:{NAMERS})(?:\s+(?:a|an|the))?(?:\s+[\w'’–-]+){{0,6}}"
                          r"(?:\s+or(?:\s+[\w'’–-]+){1,3})?"
                          r"(?:(?:,(?:\s+[\w'’–-]+){1,5}){0,8},)?(?:\s+(?:and|or))?\s+"
                          rf"|{NAME_KINDS}\s+)(?:[A-Z][A-Z0-9]*::)?$", re.IGNORECASE)
NAMING = compiled(rf"\b(?:{NAMERS}|{NAME_KINDS})", re.IGNORECASE)  # where a NAMED_BEFORE match starts
# The blocks a NAMING match may be in: those holding one of its words (not "the", which
# nearly every block holds: the page's scan for anchors would stop at each).
NAMING_ANCHORS = Anchors(rf"\b(?:{NAMERS}|{NAMED_KINDS})", re.IGNORECASE)
LONG_FORM_FIRST = compiled(r"\([^()]*[a-z][^()]*;\s*$")
FAMILY = compiled(r"^([A-Z]{2,})[-–]?\d+[A-Z]?$")
SENTENCE_END = compiled(r"[.!?](?=\s|$)")
BRANDED = compiled(r"([A-Z](?<![\w&/%$@#{.–-][A-Z])[A-Z0-9&-]*[A-Z0-9])\s?[®™]")  # (as TOKEN: capital first)
# "(your RBC count)", "(Lymphoma SPOREs)", "drugs, or NSAIDs": the long form is just before.
BRACKET_OR_ALIAS = compiled(r"(?:\((?:[\w-]+\s+){1,2}|(?<!\s),?\s+or\s+)$")


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.known = frozenset(params.get("known", []))
        self.ignored = frozenset(w.upper() for w in params.get("not_abbreviations", []))
        self.max_letters = params.get("max_letters", 6)
        self._shaped: dict[str, bool] = {}  # _shaped_like_abbreviation, by abbreviation
        kinds = phrases_pattern(params.get("kind_words", []))
        # (Case-insensitive by flag, not by a group: phrase_matches finds its words in the
        # lower-cased text, several times faster.)
        self.kind_words = compiled(kinds, re.IGNORECASE) if kinds else None
        self.kind_anchors = Anchors(self.kind_words) if kinds else None
        # Saying what a name is: after it ("BRCA1 or BRCA2 genes", "APC, NF1, and other genes", "the European MAGIC phase
        # III clinical trial") or before a list holding it ("genes such as BRCA1, TP53, or PTEN", "the tumour suppressor genes SMARCB1 or SMARCA4", "two key proteins in the MAPK pathway are BRAF and MEK", "two genes, EML4 and ALK").
        self.says_what = compiled(rf"{SAYS_WHAT}(?i:type\b|{kinds}|network|group)") if kinds else None
        self.kinds = (compiled(rf"(?<!\s){COORDINATED}(?:,?\s+(?:and|or)\s+other)?(?:\s+phase\s+[IV0-9/]+)?"
                                 rf"(?:\s+(?:clinical|tumou?r\s+suppressor|pathogenic|germline|somatic|inherited))?\s+(?i:{kinds})"),
                      compiled(rf"(?i:{kinds})(?:[\s,]+(?:such\s+as|like|including)|\b[^.;:]{{0,40}}\s(?:are|include))?[\s,]+{LISTED}$")) if kinds else None

    def findings(self, document, context):
        known = self.known | context.abbreviations | _site_names(document)
        blocks = scoped_blocks(document, self.params)
        # Read once, used twice: each block's tokens, (abbreviation, start, end), by index, for
        # the few blocks that hold one (a scan of the page's text in one call; TOKEN matches
        # no line break, and reads one as the start or end of a text: a block's tokens are
        # those of its text alone).
        tokens = PageText(blocks).matches(TOKEN)
        defined = self._definitions(document, blocks, tokens, known)
        brands = _brand_names(document)
        titles = _link_titles(document, {id(blocks[index]) for index in tokens})
        reported: set[str] = set()
        for index, matches in tokens.items():
            block = blocks[index]
            sentence_ends: list[int] = []  # (found on first need, once per block)
            # A heading, or a link that is the whole item ("Related articles"): a title, whose
            # page says what its words mean.
            # (Undecodable text, U+FFFD, is not words a reader can read: EN rules report it.)
            if block.kind in ("heading", "title") or id(block) in titles or "\ufffd" in block.text:
                continue
            candidates = [token for token in matches if token[0] not in known and token[0] not in brands]
            # A paragraph that shouts, or a reference entry (its journal abbreviations are not
            # the page's words), reports nothing. Both tests read the whole block: asked only
            # when the block has something to report, which few have.
            unread = None
            for abbr, start, end in candidates:
                if abbr in reported:
                    continue
                where = defined.get(abbr)
                # Explained before, or later in the same sentence ("PET-CT scan combines a
                # positron emission tomography (PET) scan and …"). (Asked before whether the
                # token is an abbreviation here: most uses follow their explanation.)
                if where is not None and (
                        where[0] < index or _same_table(blocks, index, where[0])
                        or (where[0] == index and where[1] <= _sentence_end(block.text, end, sentence_ends))):
                    continue
                if not self._is_abbreviation(block.text, abbr, start, end):
                    continue
                if unread is None:
                    unread = _shouts(block.text) or is_reference_entry(document, block)
                if unread:
                    break
                reported.add(abbr)
                later = " (it is only explained further down the page)" if where is not None else ""
                yield Finding(block, start, start + len(abbr), {"match": abbr, "later": later})

    def _definitions(self, document, blocks, tokens, known) -> dict[str, tuple[int, int]]:
        """Where each abbreviation is first explained: (block index, offset). ``tokens``: the
        TOKEN matches (abbreviation, start, end) by block index, of the blocks with one. A number in a family (CDK6,
        MEN2) is explained where its stem is (CDK, MEN1); a compound (PET-CT, ECOG-ACRIN)
        where the last of its parts is."""
        found: dict[str, tuple[int, int]] = {}
        # The blocks a naming word ("called", "the gene") or a kind word may be in, from the
        # page's one scan for literal words: _Marks reads only those with these regexes (an
        # IGNORECASE scan tries every position of the text).
        holding = [blocks[index] for index in tokens]
        may_name = {id(b) for b in NAMING_ANCHORS.candidates(document, holding)}
        may_kind = {id(b) for b in self.kind_anchors.candidates(document, holding)} if self.kind_anchors else set()
        said = {token[0] for matches in tokens.values() for token in matches}
        # A known abbreviation is never reported, so where it is explained matters only as its
        # stem's (below): to a family member or a compound's part that is not known. Known
        # ones no such token shares a stem with are not looked for (a quarter of the tests).
        needed_stems = {_stem(part) for abbr in said - known for part in _parts(abbr)}
        unneeded = {abbr for abbr in said & known if _stem(abbr) not in needed_stems}
        for index, matches in tokens.items():
            block = blocks[index]
            text = block.text
            marks = _Marks(text, self.kind_words if id(block) in may_kind else None, id(block) in may_name)
            for abbr, start, end in matches:
                if abbr in found or abbr in unneeded:  # only the first explanation counts, and only of a token that can use it
                    continue
                # Each look-behind test below reads up to 200 characters before the token: asked
                # only when what its form needs is there (a bracket, ';', "or", "called", a kind
                # word), so a page of bare capitals is read once, not once per capital.
                # "(COPD)", "[ELN]", "(central nervous system; CNS)", or an alias "CT scan (CAT scan)"
                inside = start > 0 and (text[start - 1] in "([" or (
                    marks.holds(";", start - 100, start) and bool(LONG_FORM_FIRST.search(text, max(0, start - 100), start))))
                # "long form (ABBR)": words before the bracket; "ABBR (long form)" or "ABBR, or …".
                long_form = inside and marks.lower_in_words(start - 1, 3)
                spaced = text[start - 1:start].isspace()  # (ALIAS_BEFORE and BRACKET_OR_ALIAS end in spaces)
                named = (spaced and marks.holds("(", start - 130, start) and ALIAS_BEFORE.search(text, max(0, start - 130), start)) or (
                    marks.named(start - 200, start) and NAMED_BEFORE.search(text, max(0, start - 200), start))
                if (long_form or named or EXPANDED_AFTER.match(text, end) or _long_form_after_words(text, end, abbr)
                        or (self.says_what and self.says_what.match(text, end)) or (start == 0 and TERM_ITEM.match(text, end))
                        or (self.kinds and marks.kind_after(end) and self.kinds[0].match(text, end))
                        or (self.kinds and marks.kind(start - 150, start) and self.kinds[1].search(text, max(0, start - 150), start))
                        or (spaced and _long_form_before(text, start, abbr, marks))):
                    found.setdefault(abbr, (index, start))
        stems: dict[str, tuple[int, int]] = {}
        for abbr, where in found.items():
            stems[_stem(abbr)] = min(where, stems.get(_stem(abbr), where))
        for abbr in said - found.keys():
            parts = _parts(abbr)
            wheres = [(-1, -1) if part in known or part.isdigit() else stems.get(_stem(part)) for part in parts]
            if len(parts) > 1 and all(wheres):  # a compound
                found[abbr] = max(wheres)
            elif len(parts) == 1 and _stem(abbr) in stems:  # one of a family
                found[abbr] = stems[_stem(abbr)]
        return found

    def _is_abbreviation(self, text: str, abbr: str, start: int, end: int) -> bool:
        """Whether the token ``abbr`` at ``text[start:end]`` (a plural s included) is used as an
        abbreviation there."""
        shaped = self._shaped.get(abbr)
        if shaped is None:  # (the same few abbreviations come again on every page)
            if len(self._shaped) >= MAX_SHAPED:  # a long run's codes and trial ids: start again
                self._shaped.clear()
            shaped = self._shaped[abbr] = self._shaped_like_abbreviation(abbr)
        if not shaped:
            return False
        if len(abbr) == 2 and ADDRESS_BEFORE.search(text[max(0, start - 20):start]):
            return False  # "Bethesda, MD", "Washington, DC": a state in an address, or "Jane Smith, MD"
        if AFTER_NAME.search(text, max(0, start - 30), start) and text[end:end + 1] in ("", ",", ";", ".", ")", "\n"):
            return False  # "Michael LeFevre, MD, MSPH, wrote": credentials
        before, after = text[max(0, start - 2):start], text[end:end + 2]
        if HYPHENED_BEFORE.search(before) or HYPHENED_AFTER.match(after):
            return False  # a pronunciation guide "an-tee-TRIP-sin" or a compound word ("RUNX1- and ETV6-associated")
        if before[-1:] in "\"'“‘" and after[:1] in "\"'”’":
            return False
        # In a run of capital words ("DO NOT STOP TAKING"): shouting, not an abbreviation.
        return not (CAPITALS_BEFORE.search(text[max(0, start - 20):start]) or CAPITALS_AFTER.match(text[end:end + 20]))

    def _shaped_like_abbreviation(self, abbr: str) -> bool:
        """Whether ``abbr`` itself, wherever it stands, can be an abbreviation: not a word
        in capitals, a code, one of ``not_abbreviations``, a roman numeral or a formula."""
        letters = sum(c.isalpha() for c in abbr)
        parts = _parts(abbr)
        # A longer part with no digit is a word in capitals (the LIBRETTO-001 trial); four
        # digits in a row, or a leading zero, make a code (NCT01234567, AZD3965, VCN-01).
        if letters < 2 or any(
                sum(map(str.isalpha, part)) > self.max_letters and not any(map(str.isdigit, part)) for part in parts) or (
                IDENTIFIER.search(abbr)):
            return False
        return not (abbr in self.ignored or all(ROMAN.match(part) or (i and part in "ABC") for i, part in enumerate(parts)) or (
                any(c.isdigit() for c in abbr) and CHEMICAL.match(abbr)))


def _long_form_after_words(text: str, end: int, abbr: str) -> bool:
    """"PET scan (positron emission tomography scan)": a word or two after the abbreviation,
    then a bracket whose words start with its letters, in order."""
    match = WORDS_THEN_BRACKET.match(text, end)
    if not match:
        return False
    initials = "".join(w[0] for w in re.split(r"[\s–-]+", match[2].lower()) if w)
    letters = iter(initials)
    return all(c in letters for c in abbr.lower() if c.isalpha())


SHORT_WORDS = 200  # characters: words this short are read, not looked up (_Marks.lower_in_words)
NEAR_WORD = 16  # characters per word that _Marks reads before an offset for its last few words


class _Marks:
    """Where in one block's text the definition forms can match, found once per block (each
    lazily), so that a token asks in logarithmic time rather than re-reading the text before it."""

    def __init__(self, text: str, kind_words: re.Pattern | None, may_name: bool = True) -> None:
        self.text = text
        self._kind_words = kind_words  # None: the text holds no kind word
        self._may_name = may_name  # False: the text holds no NAMING match
        self._spans: dict[str, tuple[list[int], list[int]]] = {}
        self._lower: list[int] | None = None

    def holds(self, literal: str, lo: int, hi: int) -> bool:
        """Whether ``literal`` occurs in ``text[lo:hi]`` (``lo`` below 0 reads from the start)."""
        return self.text.find(literal, max(0, lo), hi) >= 0

    def named(self, lo: int, hi: int) -> bool:
        """Whether a NAMING match ("called", "the gene") overlaps ``text[lo:hi]``: a
        NAMED_BEFORE match in that window starts with one."""
        # (NAMING is a pattern of lower-case phrases, case-insensitive by flag: phrase_matches finds
        # them in the lower-cased text, case-sensitively, several times faster.)
        return self._may_name and self._overlaps("named", phrase_matches, NAMING, lo, hi)

    def kind(self, lo: int, hi: int) -> bool:
        """Whether a kind word ("gene", "trial") overlaps ``text[lo:hi]``."""
        return self._kind_words is not None and self._overlaps("kind", phrase_matches, self._kind_words, lo, hi)

    def kind_after(self, offset: int) -> bool:
        """Whether a kind word ends after ``offset``."""
        return self.kind(offset, len(self.text) + 1)

    def _overlaps(self, key: str, finditer, pattern: re.Pattern, lo: int, hi: int) -> bool:
        # A match of ``pattern`` inside the window also matches in the whole text, where
        # finditer reports it or a match overlapping it (matches do not overlap each other).
        # ``finditer(pattern, text)``: the matches, as re.Pattern.finditer finds them.
        if key not in self._spans:
            spans = [m.span() for m in finditer(pattern, self.text)]
            self._spans[key] = ([s for s, _ in spans], [e for _, e in spans])
        starts, ends = self._spans[key]
        first = bisect.bisect_right(ends, lo)
        return first < len(starts) and starts[first] < hi

    def last_words(self, end: int, count: int) -> list[str]:
        """``text[:end].split()[-count:]``, reading back only as far as those words reach."""
        near = self._near_words(end, count)
        return near if near is not None else self.text[self._words_start(end, count):end].split()

    def lower_in_words(self, end: int, count: int) -> bool:
        """Whether the last ``count`` words of ``text[:end]`` hold a lower-case letter: read
        directly when they are short (nearly always), else in logarithmic time from the
        places of the text's lower-case letters, found once (a page of "(AB(AB(AB…" is one
        long word: reading it for each of its capitals would take quadratic time)."""
        near = self._near_words(end, count)
        if near is not None:  # (white space between them is never lower case)
            return any(map(str.islower, "".join(near)))
        start = self._words_start(end, count)
        if end - start <= SHORT_WORDS:
            return any(map(str.islower, self.text[start:end]))
        if self._lower is None:
            self._lower = [i for i, c in enumerate(self.text) if c.islower()]
        first = bisect.bisect_left(self._lower, start)
        return first < len(self._lower) and self._lower[first] < end

    def _near_words(self, end: int, count: int) -> list[str] | None:
        """``text[:end].split()[-count:]`` when the ``NEAR_WORD`` characters per word before
        ``end`` hold those words and part of one more, so that none of them is cut (nearly
        always: split in C, where finding every word's start in the block made a match
        object per word); else None."""
        start = end - NEAR_WORD * (count + 1)
        if start <= 0:
            return self.text[:end].split()[-count:]
        words = self.text[start:end].split()
        return words[-count:] if len(words) > count else None

    def _words_start(self, end: int, count: int) -> int:
        if "words" not in self._spans:
            self._spans["words"] = ([m.start() for m in NON_SPACE_RUN.finditer(self.text)], [])
        starts = self._spans["words"][0]
        before = bisect.bisect_left(starts, end)  # words starting before ``end``
        return starts[before - count] if before >= count else 0


def _parts(abbr: str) -> list[str]:
    """An abbreviation's parts between hyphens or en dashes: PET and CT of PET-CT, the ends
    of a stage range "II–IV"."""
    return PART_BREAK.split(abbr)


def _stem(abbr: str) -> str:
    """The family an abbreviation with a number belongs to: CDK for CDK6, MEN for MEN2 (the
    abbreviation itself otherwise)."""
    family = FAMILY.match(abbr)
    return family[1] if family else abbr


def _long_form_before(text: str, start: int, abbr: str, marks: "_Marks") -> bool:
    """"red blood cells you have (your RBC count)", "drugs, or NSAIDs": the abbreviation stands
    in a bracket or after "or", and its letters are the initials, in order, of the words just
    before (Schwartz and Hearst, "A simple algorithm for identifying abbreviation definitions
    in biomedical text", PSB 2003: the last letter-run first, the first letter at a word's start)."""
    if not (marks.holds("(", start - 40, start) or marks.holds("or", start - 40, start)):
        return False  # (what BRACKET_OR_ALIAS needs: asked first, as it is cheap)
    lead = BRACKET_OR_ALIAS.search(text, max(0, start - 40), start)
    if not lead:
        return False
    letters = [c for c in abbr.lower() if c.isalnum()]
    words = marks.last_words(lead.start(), min(len(letters) + 5, 2 * len(letters)))
    long_form = " ".join(words).lower()
    at = len(long_form) - 1
    for position in range(len(letters) - 1, -1, -1):
        while at >= 0 and (long_form[at] != letters[position]
                           or (position == 0 and at > 0 and long_form[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def _sentence_end(text: str, offset: int, ends: list[int]) -> int:
    """Where the sentence holding ``offset`` ends in ``text``. ``ends``: the sentence ends of
    ``text``, filled on the first call and reused (one read of the text, not one per call)."""
    if not ends:
        ends.extend(m.start() for m in SENTENCE_END.finditer(text))
        ends.append(len(text))
    return ends[bisect.bisect_left(ends, offset)]


def _same_table(blocks, first: int, last: int) -> bool:
    """Whether blocks ``first`` to ``last`` are all cells of one table: a key under a table
    ("AD = autosomal dominant; …") explains the table's abbreviations above it."""
    return all(blocks[i].kind == "table_cell" for i in range(first, last + 1))


def _brand_names(document) -> set[str]:
    """Abbreviations the page marks as trade marks anywhere ("PDQ®", "Tomotherapy™"): names."""
    return {m[1] for block in document.blocks if "®" in block.text or "™" in block.text
            for m in BRANDED.finditer(block.text)}


def _link_titles(document, among: set[int]) -> set[int]:
    """ids of the blocks that are one link and nothing else (another page's title), of the
    blocks whose ids are ``among``."""
    return {id(link.block) for link in document.links if link.block is not None and id(link.block) in among
            and link.block.text.strip() == link.block.text[link.start:link.end].strip()}


def _shouts(text: str) -> bool:
    letters = list(filter(str.isalpha, text))  # (filter and map run the tests in C)
    return len(letters) >= 12 and sum(map(str.isupper, letters)) / len(letters) > SHOUTING


def _site_names(document) -> set[str]:
    """Abbreviations in the page title's site-name part: "Palifermin - NCI", "Flu | NHS"."""
    title = document.metadata.get("title")
    if not isinstance(title, str) or not re.search(r"\s[-|–—]\s", title):
        return set()
    return {m[1] for m in TOKEN.finditer(re.split(r"\s[-|–—]\s", title)[-1])}
