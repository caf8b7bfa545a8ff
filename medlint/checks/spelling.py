"""Spelling: words that are probably typos, with the likely correction.

Precision comes first. A word is only checked when it is written in lower case, has no
digits and is not part of a URL, an e-mail address, a path or code. It passes when it is in
the lexicon (British or American English, SCOWL, the medical vocabulary), is an inflection
or a British/American variant of a known word, ends in a medical word ending (-itis, -mab,
-ectomy …) or starts with a medical prefix before a known word, or joins two common words
("chemoradiation"). It is reported only when a common word lies one edit away: real typos
almost always do ("recieve", "diabetis"), while rare correct terms mostly do not. A word
nothing explains and no common word is one edit from is reported, in lower case, when one
frequent word with its first letter lies two edits away ("neccesary", "tommorow"), or when
the pack lists it as a known misspelling ("diarea"). Two common words run together
("thequality", "headlice") are suggested apart, unless the word is explained otherwise; of
several corrections, the page's own words choose ("head lice" on a page about lice, not
"headline"). A correction that is a name is capitalised ("londn" -> "London").
"""

from __future__ import annotations

import itertools
import json
import re
import string

from medlint.analysis.language import is_english, text_language
from medlint.analysis.links import block_links
from medlint.analysis.page_text import PageText
from medlint.analysis.words import LETTER_WORD
from medlint.checks import SCOPE_SCHEMA, Finding, rule_function, scoped_blocks
from medlint.regexes import compiled

STRINGS = {"type": "array", "items": {"type": "string"}}
PARAMS = {
    "vocabularies": {"type": "array", "items": {"type": "string", "pattern": r"^[\w.-]+$"}, "default": [],
                     "description": "word lists in rules/words/ besides SCOWL"},
    "suffixes": {"type": "array", "items": {"type": "string", "minLength": 2}, "default": [],
                 "description": "word endings that make a medical word"},
    "prefixes": {"type": "array", "items": {"type": "string", "minLength": 2}, "default": [],
                 "description": "prefixes that, before a known word, make a medical word"},
    "min_length": {"type": "integer", "minimum": 1, "default": 4, "description": "shorter words are not checked"},
    "min_frequency": {"type": "integer", "minimum": 0, "default": 0,
                      "description": "how common a word must be to be a suggestion"},
    "ignore": {**STRINGS, "default": [], "description": "words never reported"},
    "strict_frequency": {"type": "integer", "minimum": 0, "default": 500,
                         "description": "one edit from a word this common, no affix or compound rule excuses a word"},
    "two_edit_frequency": {"type": "integer", "minimum": 0, "default": 0,
                           "description": "a word no rule explains, with no common word one edit away, is "
                                          "reported when exactly one word this common (same first letter) "
                                          "lies two edits away; 0: not searched"},
    "split_frequency": {"type": "integer", "minimum": 0, "default": 0,
                        "description": "a lower-case word that is two words at least this common run together "
                                       "(\"headlice\"), and that nothing else explains, is reported with the two "
                                       "words apart; 0: not searched"},
    "misspellings": {"type": "object", "additionalProperties": {"type": "string"}, "default": {},
                     "description": "known misspellings and their correction, for typos more than one edit away"},
    **SCOPE_SCHEMA,
}


@rule_function("SP001", params=PARAMS, settings=("spelling", "words", "word-files"))
def misspelled_word(document, context, params):
    """A word that is probably a typo, with the common word one edit away."""
    return _speller("typos", params).findings(document, context)


@rule_function("SP002", params=PARAMS, settings=("spelling", "words", "word-files"))
def other_spelling_variety(document, context, params):
    """A British spelling on an American page, or the other way round."""
    return _speller("variety", params).findings(document, context)


_SPELLERS: dict[str, "Speller"] = {}  # one per rule setting, for the process: its verdicts are kept
# The speller of each params dict a rule was called with: a checker passes the same dict for
# every page, and writing out its long lists as the key costs more than the check of a page.
_BY_PARAMS: dict[tuple[str, int], tuple[dict, "Speller"]] = {}


def _speller(report: str, params: dict) -> "Speller":
    held = _BY_PARAMS.get((report, id(params)))
    if held is None or held[0] is not params:  # (the dict is held, so its id is not reused)
        key = json.dumps([report, params], sort_keys=True)
        if key not in _SPELLERS:
            _SPELLERS[key] = Speller(report, params)
        held = _BY_PARAMS[(report, id(params))] = (params, _SPELLERS[key])
    return held[1]


# Tokens that are addresses or code, not words: URLs, e-mail, paths, markup, "nhs.uk".
# ("nucleos(t)ide" is a word with a letter in brackets, not a typo.)
CODE_LIKE = compiled(r"://|^www\.|@|[/\\_=<>{}\[\]#|~^$%*+]|[^\W\d_][.(][^\W\d_]")
# Text that is not prose: a pronunciation guide "(blee-oh-MY-sin SUL-fayt)" (cut short or
# not), unrendered template code, "key: value" code.
NOT_PROSE = compiled(r"\((?=[^()]*(?:\b[a-z]+-[A-Z]{2,}|\b[A-Z]{2,}-[a-z]))[^()\n]*(?:\)|$)"
                       r"|\{\{.{0,200}?\}\}|\{%.{0,200}?%\}|\b\w+:\s*[\"'{\[]", re.DOTALL)
# A word with a stressed syllable, as pronunciation guides write it: "ree-KOM-bih-nunt".
STRESSED = compiled(r"\b[a-z]+-[A-Z]{2,}|\b[A-Z]{2,}-[a-z]")
# Up to this many runs of a page with an unsettled word are looked for with str.find, each
# through the whole page (a page has four or five on average); more, and the page is read
# run by run once, so that a page of typos takes linear time. (The same for the unsettled
# words of a page's new runs: ``runs_holding``.)
FEW_RUNS = 32
# Runs remembered as settled, at most: most pages' runs are met again and again, but links
# and numbers are new on every page, and a run of many thousand pages must not hold them all.
MAX_SETTLED_RUNS = 200_000
MAX_SETTLED_BLOCKS = 20_000  # and blocks' texts (most are a paragraph long)
MAX_WORD = 45  # longer runs of letters are not words (pasted data, damaged text)
SHORT_PART_FACTOR = 10  # how much commoner than split_frequency a three-letter part of a split must be
TWO_EDIT_MIN_LENGTH = 5  # shorter words are two edits from too many others to guess which was meant
TYPOGRAPHIC = "’‘“”–—…«»"
# Characters that are no letter and often stand before or after a word in a run: ASCII
# punctuation, digits, typographic marks, signs.
MARKS = string.punctuation + string.digits + TYPOGRAPHIC + "®©™°•"
WORDS_COMMENT = compiled(r"^\s*medlint-words:\s*(.*?)\s*$", re.DOTALL)
SPELLING_COMMENT = compiled(r"^\s*medlint-spelling:\s*(en-GB|en-US|any)\s*$", re.IGNORECASE)
# Word endings of inflected forms: (ending, what the stem ends in instead).
INFLECTIONS = (("s", ""), ("es", ""), ("ies", "y"), ("ed", ""), ("ed", "e"), ("ied", "y"), ("ing", ""),
               ("ing", "e"), ("ly", ""), ("ily", "y"), ("er", ""), ("ers", ""), ("est", ""), ("ness", ""),
               ("ment", ""), ("ments", ""), ("al", ""), ("ally", ""))
# British and American spellings of one word differ in these letters (British first). Only
# the differences medical words have that the word lists may lack ("haemangioma"); "ll"/"l"
# (travelled) is left to the lists, since it would also excuse typos ("inhaller").
VARIANTS = (("our", "or"), ("ise", "ize"), ("isa", "iza"), ("yse", "yze"), ("tre", "ter"), ("ae", "e"),
            ("oe", "e"))


class Speller:
    def __init__(self, report: str, params: dict) -> None:
        self.params = params
        self.report = report
        self.suffixes = tuple(s.lower() for s in params.get("suffixes", ()))
        self.prefixes = tuple(p.lower() for p in params.get("prefixes", ()))
        self.min_length = params.get("min_length", 4)
        self.min_frequency = params.get("min_frequency", 0)
        self.ignore = frozenset(w.lower() for w in params.get("ignore", ()))
        self.strict_frequency = params.get("strict_frequency", 500)
        # Known misspellings more than one edit from their word ("diarea" for "diarrhoea").
        self.misspellings = {k.lower(): (v,) for k, v in params.get("misspellings", {}).items()}
        self.two_edit_frequency = params.get("two_edit_frequency", 0)
        self.split_frequency = params.get("split_frequency", 0)
        self._verdicts: dict[str, tuple] = {}  # word -> its corrections if it is a typo, across pages
        # Words nothing explains and no common word is one edit from: word -> its two-edit
        # correction, searched for only once such a word is about to be reported (None till then).
        self._unexplained: dict[str, tuple | None] = {}
        # Words as written (LETTER_WORD tokens) that this rule reports on no page and at no
        # place: most words of a run, met again and again.
        self._settled: set[str] = set()
        # Runs of non-space characters ("cancer,", "follow-up") all of whose words are settled.
        # No word spans a space, so a page's text split at spaces, less these, leaves the few
        # runs worth tokenising: a split and a set difference in C instead of a regex over
        # every block (the regex was most of this rule's time).
        self._settled_runs: set[str] = set()
        # Texts of blocks all of whose runs are settled: a word settles or not wherever it
        # stands, and once settled stays so, so such a block holds nothing to look for when met
        # again (the site's header and footer, boilerplate), and its text is not split again.
        self._settled_blocks: set[str] = set()

    def findings(self, document, context):
        spelling = page_spelling(document) or context.spelling
        if self.report == "variety" and spelling not in ("en-GB", "en-US"):
            return
        if not is_english(document):
            return
        from medlint.lexicon import lexicon

        lex = lexicon(tuple(self.params.get("vocabularies", ())))
        common = lex.frequency if self.report == "typos" else ()
        # Built for a page only when needed, in the order a word meets them:
        allowed = None  # words the project or the page accepts (a suspect word is found)
        names = PageNames(document)  # capitalised words the page uses mid-sentence, asked per word
        used = None  # the page's own words, to rank corrections (a typo with several)
        blocks = scoped_blocks(document, self.params)
        page = PageText(blocks)
        for block, places in self._suspect_places(page, blocks, lex):
            english = prose = None  # worked out for the block only when one of its words is suspect
            for start, end, word, run in candidate_words(block.text, places, self.min_length, self._settled):
                if word in common:
                    continue
                if self.report == "variety":
                    suggestion = variant(word, spelling, lex) if lex.other_variety(word, spelling) else None
                    corrections = (suggestion,) if suggestion else ()
                else:
                    corrections = self._corrections(word, lex)
                if not corrections and word not in self._unexplained:
                    continue
                if allowed is None:
                    allowed = ({w.lower() for w in context.words} | page_words(document) | self.ignore
                               | introduced_names(document, page if len(blocks) == len(document.blocks) else None))
                if word in allowed or self._word_part(block.text, start, end):
                    continue
                if respelling(block.text, start, end) or latin_name(block.text, start, end, lex):
                    continue
                if block.text[start].isupper():
                    if self.report == "typos":  # a capitalised word is likelier a name than a typo
                        # of its first letter ("Perometry" is not "Aerometry"), and one word
                        # ("Redman" is a name, not "Red man")
                        corrections = tuple(c for c in corrections if c[0] == word[0] and " " not in c)
                        if not corrections:
                            continue
                    if (block.text[start:end] in names or not sentence_like(document, block)
                            or not SENTENCE_GOES_ON.match(block.text, end)
                            or any(link.start == start for link in block_links(document, block))):
                        continue  # (a name: "Arun Khattri", "Pieter van Hagen", "Pomi-T", a linked brand)
                if GLOSSED.match(block.text, end):
                    continue  # the word is being explained: "paan (betel quid)"
                if prose is None:
                    prose = Prose(block.text)
                if not prose.holds(start, run):
                    continue
                if english is None:
                    english = text_language(block.text) == "en"  # a Spanish sentence on an English page
                if english and not corrections and block.text[start].islower():  # (capitalised: a name)
                    corrections = self._two_edit_correction(word, lex)
                if english and corrections:
                    if used is None and len(corrections) > 1:
                        used = {w.lower() for b in document.blocks for w in LETTER_WORD.findall(b.text)}
                    # Of the corrections, one the page itself uses ("renel" on a page about
                    # renal cancer; both words of a pair apart), else the commonest.
                    suggestion = next((c for c in corrections if used and used.issuperset(c.split(" "))),
                                      corrections[0])
                    if lex.other_variety(suggestion, spelling):  # "diarhea" on a British page
                        suggestion = variant(suggestion, spelling, lex) or suggestion
                    # "Recieve your results" -> "Receive"; a name is capitalised anywhere ("London")
                    if block.text[start].isupper() or lex.is_name(suggestion):
                        suggestion = suggestion[:1].upper() + suggestion[1:]
                    values = {"word": block.text[start:end], "suggestion": suggestion, "spelling": spelling}
                    yield Finding(block, start, end, values, suggestion)

    def _suspect_places(self, page: PageText, blocks, lex) -> list[tuple]:
        """(block, places) for each of the blocks (``page``: their text), in page order, that
        has a word this rule might report (one not yet settled): ``places`` are the (start,
        end) in its text of the runs of non-space characters that hold such words, in order."""
        # (blocks met before with every run settled, often the site's boilerplate, not split again)
        fresh = set(page.texts).difference(self._settled_blocks)
        suspect = self._unsettled_runs(set(" ".join(fresh).split()).difference(self._settled_runs), lex)
        places: dict[int, list[tuple[int, int]]] = {}
        if len(suspect) <= FEW_RUNS:
            for run in suspect:
                for index, start in page.find(run):
                    text, end = blocks[index].text, start + len(run)
                    # (found inside a longer run, "Stat" in "Statistics", it is not that run)
                    if (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace()):
                        places.setdefault(index, []).append((start, end))
        else:  # each find reads the page: for many runs, reading each block's runs once is cheaper
            suspect = set(suspect)
            for index, block in enumerate(blocks):
                for match in RUN.finditer(block.text):
                    if match.group() in suspect:
                        places.setdefault(index, []).append(match.span())
        if len(self._settled_blocks) >= MAX_SETTLED_BLOCKS:
            self._settled_blocks.clear()
        self._settled_blocks.update(fresh.difference(blocks[index].text for index in places))
        return [(blocks[index], sorted(places[index])) for index in sorted(places)]

    def _unsettled_runs(self, runs: set[str], lex) -> list[str]:
        """The runs of non-space characters among ``runs`` (none known to settle) that hold a
        word that does not settle (``_settles``); the others are remembered as settled, and so
        is each word that settles."""
        # The runs' words are found for them all at once and each new one judged once, where
        # a Python step per run (most hold only settled words: "cancer," after "cancer") and
        # per word in it cost more.
        unsettled = self._settle(words_of_runs(runs).difference(self._settled), lex)
        held = runs_holding(runs, unsettled) if unsettled else []
        if len(self._settled_runs) + len(runs) > MAX_SETTLED_RUNS:  # a long run of pages: start again
            self._settled_runs.clear()
        self._settled_runs.update(runs.difference(held))
        return held

    def _settle(self, tokens: set[str], lex) -> set[str]:
        """Of ``tokens`` (words as written, none settled yet), those that do not settle
        (``_settles``); each of the others is remembered as settled."""
        if self.report == "typos":
            # A word of letters only is checked in lower case or not at all (``checked_form``),
            # and one the lexicon knows is never reported, however written ("Cancer" too),
            # unless it is a listed misspelling. Most new words are such: told in a few C calls
            # for them all (filter, map, compress: a trie lookup each), where a Python call
            # each cost three times as much.
            letters = list(filter(str.isalpha, tokens))
            words = list(map(str.lower, letters))
            found = list(map(lex.indexed.__contains__, words))
            known = set(itertools.compress(letters, found))
            if not self.misspellings.keys().isdisjoint(itertools.compress(words, found)):
                known = {token for token in known if token.lower() not in self.misspellings}
            self._settled.update(known)
            tokens = tokens.difference(known)
        unsettled = set()
        for token in tokens:
            (self._settled if self._settles(token, lex) else unsettled).add(token)
        return unsettled

    def _settles(self, token: str, lex) -> bool:
        """Whether a word as written is never reported, wherever it stands: not a word this
        rule checks, a common word, a word the lexicon accepts or (SP002) a word spelt the
        same in British and American English. A capitalised word is only judged once it has
        been met where it is checked, at a sentence start: most are names, met elsewhere."""
        word = checked_form(token, self.min_length)
        if word is None:
            return True
        if self.report == "variety":
            return not lex.spelt_one_way(word)
        if word in lex.frequency:
            return True
        if not token.islower() and word not in self._verdicts:
            return False
        return not self._corrections(word, lex) and self._unexplained.get(word, ()) == ()

    def _word_part(self, text: str, start: int, end: int) -> bool:
        """A prefix written with a hyphen ("neuro-oncology"), the short name of a CAR T-cell
        therapy ("tisa-cel"), or the four-letter suffix the FDA gives a biologic
        ("tislelizumab-jsgr", "(Recombinant)-rywn")."""
        after = text[end:end + 4]
        if after.startswith("-") and text[start:end].lower() in self.prefixes or after == "-cel":
            return True
        before = re.search(r"[^\W\d_]{6,}\)?-$", text[max(0, start - 40):start])
        return bool(before) and end - start == 4

    def _corrections(self, word: str, lex) -> tuple[str, ...]:
        """The likely corrections if the word is a typo, commonest first (the listed one for a
        known misspelling); none if it is not. Worked out once per word for the process."""
        if word not in self._verdicts and word not in self.misspellings and (
                lex.known(word) or any(lex.known(stem) for stem in stems(word, plain=True))):
            self._verdicts[word] = ()  # accepted however common its neighbours: none need be found
        if word not in self._verdicts:
            near = tuple(n for n in lex.neighbours(word) if lex.frequency[n] >= self.min_frequency)
            # Two words run together ("thequality"), after any word one edit away: "copany" is
            # "company" more likely than "cop any", "headlice" "head lice" on a page about lice
            # (the page's own words choose among corrections).
            if split := self._run_together(word, lex):
                self._verdicts[word] = (*near, split)
                return self._verdicts[word]
            # One edit from a common word ("alchol", "referal", "threatment"), a word is only
            # accepted if the lexicon knows it as it is, or as a plain inflection or the other
            # variety's spelling: a medical ending, prefix or compound would excuse the typo.
            strict = any(lex.frequency[n] >= self.strict_frequency for n in near)
            accepted = self.accepted(word, lex, compound=not strict, affixes=not strict)
            self._verdicts[word] = () if accepted else (self.misspellings.get(word) or near)
            # (with no word near, nothing is strict: ``accepted`` is the lexicon's whole answer)
            if not self._verdicts[word] and not near and self.two_edit_frequency and not accepted:
                self._unexplained[word] = None
        return self._verdicts[word]

    def _run_together(self, word: str, lex) -> str | None:
        """The word as two common words apart ("headlice": "head lice"), if it is two words of
        three letters or more each at least ``split_frequency`` frequent (the likeliest such
        pair: the highest product of frequencies, as SymSpell's word segmentation ranks them)
        and the lexicon, the medical prefixes and endings and the project's misspellings list
        do not explain it otherwise. Hunspell suggests a space the same way (its "two words"
        suggestion); the frequency floor keeps rare words and names ("maitake", "aromasin")
        from being split into chance parts, and a part of three letters, the likeliest chance
        part ("cam" of "campath"), must be SHORT_PART_FACTOR times as common."""
        if not self.split_frequency or word in self.misspellings:
            return None

        def common(part: str) -> int:  # its frequency if it is common enough to be a part, else 0
            floor = self.split_frequency * (SHORT_PART_FACTOR if len(part) == 3 else 1)
            frequency = lex.frequency.count(part)
            return frequency if frequency >= floor else 0

        best, split = 0, None
        for i in range(3, len(word) - 2):
            if (first := common(word[:i])) and (second := common(word[i:])) and first * second > best:
                best, split = first * second, f"{word[:i]} {word[i:]}"
        return split if split and not self.accepted(word, lex, two_words=False) else None

    def _two_edit_correction(self, word: str, lex) -> tuple[str, ...]:
        """The one common word two edits away that starts with the same letter, if there is
        exactly one; for a word of TWO_EDIT_MIN_LENGTH letters or more. Evidence enough to
        report a word nothing else explains: typos rarely change the first letter (Pollock
        and Zamora 1984; Kukich's 1992 survey of spelling correction), and a unique frequent
        word is the likely intent where several would be a guess."""
        if self._unexplained[word] is None:
            near = lex.two_edits(word, self.two_edit_frequency) if len(word) >= TWO_EDIT_MIN_LENGTH else []
            self._unexplained[word] = tuple(near) if len(near) == 1 else ()
        return self._unexplained[word]

    def accepted(self, word: str, lex, compound: bool = True, affixes: bool = True, two_words: bool = True) -> bool:
        """Whether the lexicon explains ``word``: as it is, as an inflection, or (``affixes``)
        by a medical ending or stem, or (``compound``) by a medical prefix before a known word,
        two common words joined (``two_words``) or the other variety's spelling."""
        if word in self.misspellings:
            return False
        if lex.known(word) or any(lex.known(stem) for stem in stems(word, plain=not affixes)):
            return True
        if not affixes:
            return any(lex.known(v) for v in variants(word, "en-US")) or any(lex.known(v) for v in variants(word, "en-GB"))
        bare = word[:-1] if word.endswith("s") else word
        if bare[2:].endswith(self.suffixes):  # an ending after two letters or more
            return True
        if compound:
            # (one test in C of all the prefixes first: most words start with none)
            for prefix in self.prefixes if word.startswith(self.prefixes) else ():
                if word.startswith(prefix) and len(rest := word[len(prefix):].lstrip("-")) >= 3 and (
                        self.accepted(rest, lex, compound=False)):
                    return True
            if two_words and self._two_words(word, lex):
                return True
            return any(self.accepted(v, lex, compound=False) for v in variants(word, "en-US"))
        return False

    @staticmethod
    def _two_words(word: str, lex) -> bool:
        """'overdiagnosis', 'chemoradiation': two common words of three letters or more."""
        return any(lex.frequency.count(word[:i]) >= 1000 and lex.known(word[i:]) for i in range(3, len(word) - 2))


PLAIN = {"s", "es", "ies", "ed", "ied", "ing"}  # inflections, not derivations ("-al", "-ment")


def stems(word: str, plain: bool = False):
    """The stems ``word`` may be an inflected form of (``plain``: of -s, -ed and -ing only)."""
    for ending, replacement in INFLECTIONS:
        if plain and ending not in PLAIN:
            continue
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)] + replacement
            if plain and ending in ("ed", "ing") and stem.endswith("s") and not stem.endswith("ss"):
                continue  # "promsed" is not "proms" + "ed": inflections do not stack
            yield stem
            if len(stem) > 3 and stem[-1] == stem[-2] and (not plain or ending in ("ed", "ing")):
                yield stem[:-1]  # stopped -> stop (not "bankks" -> "bank")


def variants(word: str, spelling: str):
    """The word with one British/American letter difference swapped toward ``spelling``."""
    pairs = VARIANTS if spelling == "en-US" else [(us, gb) for gb, us in VARIANTS]
    for old, new in pairs:
        at = word.find(old)
        while at != -1:
            yield word[:at] + new + word[at + len(old):]
            at = word.find(old, at + 1)
    if spelling == "en-GB" and word.startswith("e"):  # esophagus -> oesophagus
        yield "o" + word


def variant(word: str, spelling: str, lex) -> str | None:
    """The ``spelling`` form of a word written the other way, if the lexicon knows it."""
    return next((v for v in variants(word, spelling) if lex.known(v) and not lex.other_variety(v, spelling)), None)


def candidate_words(text: str, places, min_length: int, settled=frozenset()):
    """(start, end, word, place) of each lower-case word of ``min_length`` letters or more in the
    ``places`` of ``text`` ((start, end) of runs of non-space characters, in order), and of
    each capitalised one that starts the text, a sentence or a line (a list item, a heading:
    capitalised there, a word is not a name), in lower case; a possessive 's is left out.
    Words as written in ``settled`` are skipped. Cheap: whether the word stands in prose is
    checked later, only for the few words the lexicon does not know."""
    for begin, stop in places:
        for match in LETTER_WORD.finditer(text, begin, stop):
            token = match.group()
            if token in settled:
                continue
            word = checked_form(token, min_length)
            if word is None or (not token.islower() and not starts_sentence(text, match.start())):
                continue
            yield match.start(), match.start() + len(word), word, (begin, stop)


def words_of_runs(runs: set[str]) -> set[str]:
    """The words (LETTER_WORD tokens) of runs of non-space characters."""
    # Most runs are one word, bare or between marks ("cancer,", "(see", "“standard”"): with
    # the marks cut off (no letter is one, so the words are the same), letters only are that
    # one word. So the regex (some 300 instructions a character) reads only the other runs'
    # cores, and the rest is a few C calls (filter, map) for all the runs.
    bare = set(filter(str.isalpha, runs))
    cores = set(map(str.strip, runs.difference(bare), itertools.repeat(MARKS)))
    words = set(filter(str.isalpha, cores))
    words.update(LETTER_WORD.findall(" ".join(cores.difference(words))))  # (no word spans a space)
    return words.union(bare)


def runs_holding(runs, words: set[str]) -> list[str]:
    """The ``runs`` of non-space characters that hold one of ``words`` (LETTER_WORD tokens),
    each once."""
    if len(words) > FEW_RUNS:  # each find reads every run: for many words, each run's words once
        return [run for run in runs if not words.isdisjoint(words_of_runs({run}))]
    # A word is looked for with str.find in the runs joined by spaces (a page has a few such
    # words, and many runs), and only a run it is found in is split into its words: it may be
    # part of a longer one ("Stat" in "Statistics").
    joined = " ".join(runs)
    held = {}
    for word in words:
        at = joined.find(word)
        while at != -1:
            begin, end = joined.rfind(" ", 0, at) + 1, joined.find(" ", at)
            run = joined[begin:] if end == -1 else joined[begin:end]
            if run not in held and not words.isdisjoint(words_of_runs({run})):
                held[run] = None
            at = -1 if end == -1 else joined.find(word, end)
    return list(held)


def checked_form(token: str, min_length: int) -> str | None:
    """The lower-case word a token stands for, if it is one the rule checks where it stands:
    ``min_length`` to MAX_WORD letters, in lower case or capitalised (only at a sentence
    start, which the caller checks), ASCII, a possessive 's left out, no other apostrophe."""
    if not min_length <= len(token) <= MAX_WORD:
        return None
    if token.islower():
        if token.isascii() and "'" not in token:  # most words: nothing more to look at
            return token
    elif not (token[0].isupper() and token[1:].islower()):
        return None
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return None if "'" in word or not word.isascii() else word


# What comes before a word that starts a sentence: a sentence end or a line break (or the
# start of the text), then perhaps a list mark or an opening quote or bracket.
LEAD_IN = r"[\s\-*•\d.)\"“‘(]*\Z"
AFTER_SENTENCE_END = compiled(r"(?:[.!?]\s+|\n)" + LEAD_IN)
AT_TEXT_START = compiled(r"\A" + LEAD_IN)


def starts_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text, a sentence or a line (a dozen characters
    back are enough: only a list mark or a quote may stand between)."""
    before = text[max(0, start - 12):start]
    if INITIAL_BEFORE.search(text[max(0, start - 16):start]):
        return False  # "Anna R. Giuliano", "Dr. Kohn": a name goes on
    return bool(AFTER_SENTENCE_END.search(before) or (start <= 12 and AT_TEXT_START.match(before)))


# After a capitalised first word, a sentence goes on in lower case ("Recieve your results");
# a capital, a hyphen, bold marks or a name particle ("van", "de") mean a name or a label.
SENTENCE_GOES_ON = compiled(r"[,;:]?\s+(?!(?:van|von|de|der|den|da|del|di|du|la|le|al|el|bin|ibn)\b)[a-z]")
# The word is followed by its explanation in brackets: the page is defining it.
GLOSSED = compiled(r"(?<!\s)\s*\((?=[^)]{0,200}?[a-z]{3})")

# An initial or a title, then the full stop: what stands before a surname, not a sentence end.
INITIAL_BEFORE = compiled(r"(?:\b[A-Z]|\bDrs?|\bMrs?|\bMs|\bProf|\bSt)\.\s+\Z")


RUN = compiled(r"\S+")  # a run of non-space characters: a place a word is looked for in, judged by Prose as a whole


class Prose:
    """Which words of a block's text are prose: not part of an address, code, a number, a
    foreign or damaged word, a pronunciation guide or template code. Built once per block,
    only when a block has a suspect word; a run of non-space characters is judged only when
    a word in it is asked about (few are)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.skipped = [m.span() for m in NOT_PROSE.finditer(text)]
        self.judged: dict[int, bool] = {}  # run start -> prose_run (once per run: a run may be long and hold many words)

    def holds(self, start: int, run: tuple[int, int]) -> bool:
        """Whether the word at ``start`` is prose; ``run``: (start, end) of the run of non-space
        characters it is in (the caller's place: no reading of the block for its runs)."""
        begin, stop = run
        if begin not in self.judged:
            self.judged[begin] = prose_run(self.text[begin:stop])
        return self.judged[begin] and not any(a <= start < b for a, b in self.skipped)


def prose_run(run: str) -> bool:
    """Whether a run of non-space characters may be prose: not an address or code, no digit,
    no letter beyond ASCII but typographic marks, no stressed syllable of a pronunciation guide."""
    return not (CODE_LIKE.search(run.strip(".,;:!?()\"'’“”")) or any(c.isdigit() for c in run)
                or any(ord(c) > 127 and c not in TYPOGRAPHIC for c in run) or STRESSED.search(run))


# "a protein called sialin", "a gene named WNT", "known as hepcidin": the page names it.
INTRODUCING = ("called", "named", "known")  # one of which every INTRODUCED match starts with
INTRODUCED = compiled(r"\b(?:called|named|known\s+as)\s+\*?([^\W\d_]+)")
# Endings of Latin words in disease, anatomy and species names ("pili torti", "pes cavus",
# "Tinea pedis", "Sarcoptes scabiei var. hominis", "Incontinentia pigmenti").
LATIN_ENDING = compiled(r"(?:us|um|ae|i|is|es|ei|ii|ia|ea|a|ans|ens|alis|aris|orum|arum|ix)$")
LATIN_LINK = frozenset({"var", "subsp", "spp", "ssp"})


def introduced_names(document, page: PageText | None = None) -> set[str]:
    """Words the page introduces as a name ("a protein called sialin"): not typos anywhere on
    it. ``page``: the text of all the page's blocks, if joined already."""
    if page is None:
        page = PageText(document.blocks)
    # A match can only start where one of INTRODUCING stands (str.find finds each), so it is
    # tried there alone, not searched for through every block that holds one (that search
    # was most of this function's time); a place inside the match before it is passed over,
    # as finditer would.
    starts: dict[int, list[int]] = {}
    for word in INTRODUCING:
        for index, start in page.find(word):
            starts.setdefault(index, []).append(start)
    names = set()
    for index, found in starts.items():
        text, end = document.blocks[index].text, 0
        for start in sorted(found):
            if start >= end and (match := INTRODUCED.match(text, start)):
                names.add(match[1].lower())
                end = match.end()
    return names


def respelling(text: str, start: int, end: int) -> bool:
    """A pronunciation respelling in brackets after its word: "plaque (plak)", "Gout (gowt)"."""
    before = re.search(r"([^\W\d_]+)\s*\($", text[max(0, start - 40):start])
    return bool(before) and text[end:end + 1] == ")" and before[1][0].lower() == text[start].lower()


def latin_name(text: str, start: int, end: int, lex) -> bool:
    """A word with a Latin ending beside another Latin word (or "var."): part of an
    established Latin name, which a correction to English would break ("pili torti")."""
    if not LATIN_ENDING.search(text[start:end].lower()):
        return False
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 40):start])[-1:]
    after = re.findall(r"[^\W\d_]+", text[end:end + 40])[:1]
    for word in before + after:
        word = word.lower()
        if word in LATIN_LINK or (len(word) > 2 and LATIN_ENDING.search(word) and lex.frequency.count(word) < 500):
            return True
    return False


class PageNames:
    """Words the page capitalises where a sentence does not start: names ("Wilms tumour",
    "the Gerson therapy"), so a sentence that starts with one is not a misspelling:
    ``word in names``. The first few words asked are looked for only in the blocks that hold
    their letters (most pages ask about one or two, and reading every word of a long page
    cost more than the rest of the rule there); past FEW_ASKED, every block is read once
    (linear time on a page of many capitalised typos)."""

    FEW_ASKED = 8

    def __init__(self, document) -> None:
        self.document = document
        self.asked = 0
        self.names: set[str] | None = None  # all of them, once FEW_ASKED words were asked

    def __contains__(self, word: str) -> bool:
        if self.names is not None:
            return word in self.names
        self.asked += 1
        if self.asked > self.FEW_ASKED:
            self.names = {name for block in self.document.blocks for name in names_in(block.text)}
            return word in self.names
        return any(word == name for block in self.document.blocks if word in block.text
                   for name in names_in(block.text))


def names_in(text: str):
    """The words of ``text`` capitalised where a sentence does not start, in order."""
    for match in LETTER_WORD.finditer(text):
        word = match.group()
        if word[0].isupper() and not starts_sentence(text, match.start()):
            yield word


def sentence_like(document, block) -> bool:
    """Whether a block is prose whose first word may be checked capitalised: not a table
    cell, a reference entry (authors' names) or a label of three words or fewer (a brand name)."""
    from medlint.analysis.citations import is_reference_entry

    return block.kind != "table_cell" and len(block.text.split()) > 3 and not is_reference_entry(document, block)


def page_words(document) -> set[str]:
    """Words accepted on this page by a <!-- medlint-words: … --> comment."""
    words = set()
    for comment in document.comments:
        match = WORDS_COMMENT.match(comment.text)
        if match:
            words.update(w.lower() for w in match[1].replace(",", " ").split())
    return words


def page_spelling(document) -> str | None:
    """The spelling a <!-- medlint-spelling: en-GB --> comment sets for this page."""
    for comment in document.comments:
        match = SPELLING_COMMENT.match(comment.text)
        if match:
            value = match[1].lower()
            return {"en-gb": "en-GB", "en-us": "en-US"}.get(value, "any")
    return None
