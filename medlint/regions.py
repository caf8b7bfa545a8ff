"""Regions for pages whose markup does not say where the article is.

A scraped text page, a Markdown copy of a live page or an HTML page built of bare ``<div>``s
still has a header (breadcrumb, menus, banners) at the top, a footer at the bottom, and
asides and promos between the parts of the article. This module finds them once per
document, from the evidence boilerplate-removal research uses:

- the phrases of the boilerplate (BP) rules, run over the page as evidence ("Accept all
  cookies", "Privacy Policy · Sitemap", a run of Title Case link lines);
- the shape of each line: its length, its density of function words (stopwords) and whether
  it ends like a sentence. jusText (Pomikálek 2011) classifies paragraphs by these;
  boilerpipe (Kohlschütter, Fankhauser and Nejdl, WSDM 2010) finds that the number of words
  of a block and of its neighbours, and link density, separate content from chrome;
- the position on the page: lines before the first sentence of the article are the header,
  lines after its last sentence the footer;
- context, as in jusText's smoothing: a run of short lines takes the class of the evidence
  inside it ("Checkpoint inhibitors / Cytokines / Back to all treatments" is one sub-menu),
  and a short line between two sentences of the article is the article's (a symptom list).

- a learned line model, for scraped text pages: the lines outside the article's core that
  none of the above decides are classified by 40 small gradient-boosted trees
  (``medlint.line_model``) over the same features of the line and of its neighbours, as
  boilerpipe's decision tree over shallow text features does; trained on the tune half of
  CleanEval and CleanPortalEval and on patient pages (rules/models/README.md).

Every chrome line gets a non-main region, so the prose rules, which read region ``main``,
read only the article; the BP rules report each chrome span once (``chrome_findings``).
``chrome_score`` (or, outside the article of a scraped text page, the line model) is the one
decision per line: a later cross-page signal (a line the site repeats on many pages) is one
more argument to it.

Lines inside a real ``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` or ``<form>`` keep
the region their tag gives; in a page with such tags only phrase evidence marks chrome in
its main text, since its author already said where the article is.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import operator
import re
from dataclasses import dataclass
from typing import NamedTuple

from medlint.analysis.citations import names_reference_section
from medlint.analysis.words import LETTER_WORD
from medlint.checks import Finding, shorten
from medlint.diagnostics import normalised
from medlint.document import Block, Document, Link, slice_segments
from medlint.line_model import load_model
from medlint.regexes import compiled

# Function words (a jusText-style stoplist, short): prose is full of them, menus are not.
STOPWORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further
had has have having he her here hers him his how i if in into is it its itself just may me
might more most must my no nor not now of off on once only or other our ours out over own
same she should so some such than that the their theirs them then there these they this
those through to too under until up very was we were what when where which while who whom
why will with would you your yours also if every many much often sometimes usually
""".split())
SENTENCE_MARKS = ".!?:;…"
CLOSERS = "\"'”’)]"  # may follow the mark that ends a sentence
# The page's own dates, which the review-date rules read: never chrome by their shape.
PAGE_DATES = compiled(r"(?i)\b(?:reviewed|review due|updated|published|last modified)\b")
MIN_ARTICLE = 1.0
MENU_ITEM_WORDS = 7  # above the article, a longer line is a title or a byline, not a menu item
LINK_BAR = compiled(r"[|•·]")  # the labels around a bar are measured by their words: spaces need no match
STRUCTURAL_TAG = compiled(r"<(?:nav|header|footer|main|aside|article)\b", re.IGNORECASE)
# A breadcrumb trail that lost its separators: "Home Treatments Immunotherapy".
BARE_CRUMB = compiled(r"^(?:Home|Homepage|Home page|Main page|Start)\s+(?:[A-Z0-9][\w'’&,-]*\s*){1,8}$")
# A heading over a list of links to other pages ("Related posts", "Popular blogs on X:").
LIST_LABEL = compiled(r"(?i)^\W*(?:popular|related|recent|latest|similar|recommended|trending|top|more|other"
                        r"|you (?:may|might) also)\b")
CALLOUT = compiled(r"(?i)^\W*(?:read|learn|find out) more about\b")
# What some chrome is, named more closely than the rule that reports it.
# A blog post's or a comment's byline, time stamp, counts and labels, among the site controls.
POST_DETAILS = compiled(r"(?i)\b(?:posted|permalink|comments?|said|repl(?:y|ies)|trackbacks?|labels|tags|filed under)\b"
                          r"|\b\d{1,2}:\d\d")
NAMES = (
    (compiled(r"(?i)\bnewsletter|\bsign up\b|\bsubscribe\b.*\b(?:updates|news|inbox)\b"), "Newsletter sign-up"),
    (compiled(r"(?i)\b(?:web)?site\b.*\b(?:relaunch|new look|fresh look|maintenance|is changing)"), "Site announcement"),
    (compiled(r"(?i)\bmeet (?:our|the)\b|\bour (?:experts|specialists|doctors|team)\b"), "Promo block"),
    (compiled(r"\+?\(?\d[\d ().-]{7,}\d"), "Phone banner"),
    (compiled(r"\s[-–]\s.*\s[-–]\s(?:Dr|Prof|Professor|Mr|Mrs|Ms)\b"), "News teaser"),
)

# What each BP rule finds, and the region its chrome belongs to, by rule name.
KINDS_OF_CHROME = {
    "navigation-menu": ("Navigation menu", "nav"),
    "call-to-action": ("Call-to-action banner", "aside"),
    "form-text": ("Form text", "form"),
    "cookie-notice": ("Cookie notice", "aside"),
    "page-chrome": ("Site controls", "nav"),
    "footer-chrome": ("Footer", "footer"),
    "orphan-link": ("Related links", "aside"),
    "paywall-notice": ("Paywall notice", "aside"),
}
MENU_RULE = "navigation-menu"
LINE_END = operator.attrgetter("end")
LINE_BLOCK = operator.attrgetter("block")
FOOTER_RULE = "footer-chrome"


@dataclass(slots=True)
class Line:
    """One line of a main-region block: the unit regions are decided for."""

    block: Block
    start: int
    end: int
    text: str
    sentence: bool  # ends like a sentence (or a list intro, with ':')
    continued: bool = False  # goes on from the line before: a hard-wrapped sentence
    # The block's links, for ``link``. (Before the fields set later: page_lines passes the
    # first seven by position, a third less time a line than with a keyword.)
    links: list[Link] | None = dataclasses.field(default=None, repr=False, compare=False)
    rule: str | None = None  # the BP rule whose phrases it matches
    label: bool = False  # introduces a list of links ("Related posts", "Popular blogs on X:")
    modelled: bool = False  # chrome by the line model's word (line_features), not by a phrase or a shape
    # ``words`` and ``stopwords`` once counted (None: not yet). Kept by hand, not by
    # functools.cached_property, which needs a __dict__ and takes a lock to count (Python 3.11).
    counted_words: int | None = dataclasses.field(default=None, repr=False, compare=False)
    counted_stopwords: int | None = dataclasses.field(default=None, repr=False, compare=False)
    counted_link: bool | None = dataclasses.field(default=None, repr=False, compare=False)

    @property
    def link(self) -> bool:
        """The whole line is a link to another page (Markdown, HTML): links cover 80% of it.
        Worked out from the block's ``links`` when first asked: only lines in or next to a run
        of short lines are asked."""
        if self.counted_link is None:
            begin, finish = self.start, self.end
            self.counted_link = bool(self.links) and sum(
                min(finish, k.end) - max(begin, k.start) for k in self.links if k.end > begin and k.start < finish
            ) >= 0.8 * len(self.text)
        return self.counted_link

    @property
    def words(self) -> int:
        # Counted when first asked: a Markdown page's lines that end like a sentence never are.
        if self.counted_words is None:
            self.counted_words = len(LETTER_WORD.findall(self.text))
        return self.counted_words

    @property
    def stopwords(self) -> int:
        if self.counted_stopwords is None:
            self.counted_stopwords = sum(1 for word in LETTER_WORD.findall(self.text.lower()) if word in STOPWORDS)
        return self.counted_stopwords

    @property
    def prose(self) -> bool:
        """Article text by its shape: a sentence with the function words sentences have."""
        return self.words >= 8 and self.stopwords >= 0.2 * self.words and (self.sentence or self.words >= 15)

    @property
    def short(self) -> bool:
        """A line that could be a menu item or a title: no sentence, not a marked-up heading."""
        return not self.sentence and self.block.kind not in ("heading", "title") and self.words <= 15


class Chrome(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A span of chrome lines: what it is, the rule that reports it and its region."""

    rule: str
    what: str
    region: str
    lines: tuple[Line, ...]

    def finding(self) -> Finding:
        first, last = self.lines[0], self.lines[-1]
        more = len(self.lines) - 1
        values = {"what": self.what, "match": shorten(first.text),
                  "more": f" and {more} more line{'s' if more > 1 else ''}" if more else ""}
        return Finding(first.block, first.start, last.end, values,
                       end_block=last.block if last.block is not first.block else None)


def page_lines(document: Document) -> list[Line]:
    """The lines of the page's main-region blocks, in page order."""
    found = []
    links: dict[int, list[Link]] = {}
    for link in document.links:
        if link.block is not None and not link.url.startswith("#"):
            links.setdefault(id(link.block), []).append(link)
    for block in document.blocks:
        if block.region != "main":
            continue
        block_links = links.get(id(block))
        raw = block.text
        if "\n" not in raw:  # most blocks: one line, which goes on from none
            text = raw.strip()
            if text:
                begin = len(raw) - len(raw.lstrip())
                found.append(Line(block, begin, begin + len(text), text, ends_like_sentence(text), False, block_links))
            continue
        start = 0
        previous = None  # the block's line before (blank lines between do not count)
        for raw in raw.split("\n"):
            text = raw.strip()
            if text:
                begin = start + len(raw) - len(raw.lstrip())
                continued = previous is not None and not previous.sentence and text[0].islower()
                previous = Line(block, begin, begin + len(text), text, ends_like_sentence(text), continued, block_links)
                found.append(previous)
            start += len(raw) + 1
    return found


def evidence_findings(document: Document, evidence, context) -> list[tuple[str, Finding]]:
    """(rule name, finding) for every match of the BP rules' phrases and shapes on the page,
    menus last (they win: mark_evidence). ``evidence`` is a list of (rule name, checker)
    pairs; a checker yields Findings as the check kinds do."""
    return [(name, finding) for name, checker in sorted(evidence, key=lambda pair: pair[0] == MENU_RULE)
            for finding in checker.findings(document, context)]


def mark_evidence(lines: list[Line], found: list[tuple[str, Finding]]) -> None:
    """Set ``rule`` on every line that one of the ``evidence_findings`` covers."""
    # A block's lines stand in a row, in the order of their offsets: each block's first and
    # last line, and a binary search between them, find the line at an offset.
    blocks = list(map(id, map(LINE_BLOCK, lines)))
    last_of = dict(zip(blocks, range(len(blocks))))  # (a later line of the block replaces an earlier)
    first_of = dict(zip(reversed(blocks), range(len(blocks) - 1, -1, -1)))

    def line_at(block, offset: int, after: bool) -> int | None:
        low = first_of.get(id(block))
        if low is None:
            return None
        high = last_of[id(block)] + 1
        at = (bisect.bisect_right if after else bisect.bisect_left)(lines, offset, low, high, key=LINE_END)
        return at if at < high else None

    for name, finding in found:
        first = None if finding.block is None else line_at(finding.block, finding.start, after=True)
        if first is None:
            continue
        last = line_at(finding.end_block or finding.block, finding.end, after=False)
        last = first if last is None else last
        for line in lines[first:last + 1]:
            # A phrase names chrome more closely than a menu shape, but a menu's items are
            # its own ("Find a Doctor" in a menu of links).
            if line.rule is None or line.rule == MENU_RULE or (name == MENU_RULE and last > first):
                line.rule = name
        if last == first and name == "orphan-link" and LIST_LABEL.match(lines[first].text):
            lines[first].label = True


def chrome_score(line: Line, *, before_article: bool, after_article: bool, in_short_run: bool,
                 untagged: bool, plain_text: bool, site_repeats: bool = False) -> float:
    """How sure we are that ``line`` is chrome: above 0.5 it is.

    Phrase evidence alone decides (1.0). Without it, only the shape of a page without tags
    counts: a run of short lines before the article's first sentence (but its title), a short
    line after its last, or a short sentence on either side, is a menu, a banner or a footer;
    a short line within the article is the article's (a heading, a list item). In Markdown and HTML, whose lists
    are the author's, only lines that are links are. ``site_repeats`` (the line stands on
    many pages of the site) is the cross-page signal a site-wide pass can give.
    """
    if line.rule:
        return 1.0
    score = 0.0
    outside = before_article or after_article
    if untagged and line.short and in_short_run and (after_article or before_article and line.words <= MENU_ITEM_WORDS) \
            and (line.link or plain_text):
        score += 0.6
    elif untagged and outside and plain_text and line.sentence and line.words <= 15:
        score += 0.6
    if site_repeats and line.short:
        score += 0.6
    return 0.0 if score and line.prose else score


def infer_regions(document: Document, evidence, context, site_lines: frozenset[str] = frozenset()) -> list[Chrome]:
    """Find the chrome of the page, give its lines non-main regions, and return its spans.

    ``evidence``: (rule name, checker) pairs of the BP rules. ``site_lines``: lines (as
    ``site_key`` gives them) that the page's site repeats on many pages, from a site-wide
    pass; a short one is chrome wherever it stands. Blocks that mix chrome lines and article
    lines are split, line by line, so each part has one region. Linear in the page's length
    (each line is visited a fixed number of times).
    """
    page = classify_lines(document, evidence, context, site_lines)
    if page is None:
        return []
    if page.pending:
        model = load_model(LINE_MODEL)
        for index, row in zip(page.pending, line_features(page, page.pending)):
            if model.probability(row) > model.threshold:
                page.lines[index].rule = FOOTER_RULE if index > page.last else MENU_RULE
                page.lines[index].modelled = True
        for index, line in enumerate(page.lines):  # a hard-wrapped line is what the line it goes on from is
            if line.continued and index:
                line.rule = line.rule or page.lines[index - 1].rule
    lines, first, last = page.lines, page.first, page.last
    if 0 < first < len(lines) and lines[first - 1].rule == MENU_RULE and _title_of(lines, first - 1, first) \
            and not BARE_CRUMB.match(lines[first - 1].text):
        lines[first - 1].rule = None  # the page title, just above the article, ends the menu
    spans = _spans(lines, page.runs, first, last)
    _apply(document, spans)
    return spans


class Page(NamedTuple):  # (not a dataclass: made at every run's start in a fifth of the time; its lists change in place)
    """A page's lines as classify_lines leaves them: each line's ``rule`` is set where phrase
    evidence, context or shape decided it is chrome; ``pending`` lists the lines of a scraped
    text page that the line model (``line_features``) decides: those outside the article's
    core that nothing else decided. Above the article the model's word replaces the shape
    score's; below it, it adds to it (the benchmark's footers are short lines the shape score
    finds well). Inside the core the article's own lists and headings are left alone: the
    model, measured there, was wrong more often than right."""

    lines: list[Line]
    runs: list[tuple[int, ...]]
    introduced: dict[int, bool]
    first: int  # the article's first and last line (article_core); first > last: no article
    last: int
    evidenced: list[bool]  # per line: decided by phrase evidence or context, not by shape (read where shaped)
    shaped: list[bool]  # per line: chrome by the hand-written shape score (chrome_score)
    pending: list[int]


def classify_lines(document: Document, evidence, context, site_lines: frozenset[str] = frozenset()) -> Page | None:
    """Every step of region inference but the line model's: phrase evidence, context, the
    article's core and, for pages whose markup says nothing, the shape of each line. None
    for a page with no main-region text, and for one where nothing can be chrome."""
    # Markdown is written by hand, its lists are the author's: only phrases mark its chrome.
    untagged = document.format == "text" or document.format == "html" and not STRUCTURAL_TAG.search(document.source)
    found = evidence_findings(document, evidence, context)
    if not found and not untagged and not site_lines:
        return None  # only phrase evidence could make a line chrome, and there is none: lines are not worth cutting
    lines = page_lines(document)
    if not lines:
        return None
    mark_evidence(lines, found)
    runs = short_runs(document, lines)
    introduced = introduced_lists(lines, runs)
    _spread(lines, runs)
    first, last = article_core(lines, introduced) if untagged else (0, len(lines) - 1)
    while 0 <= last < len(lines) - 1 and lines[last + 1].continued:  # a wrapped sentence ends where it ends
        last += 1
    if last < first:  # nothing to tell the page's chrome from: only phrase evidence counts
        untagged = False
    # The line model was trained on scraped text; an HTML page's lines keep the shape score.
    modelled = untagged and document.format == "text"
    page = Page(lines, runs, introduced, first, last, [False] * len(lines), [False] * len(lines), [])
    if not untagged and not site_lines:  # no shape makes a line chrome: only phrases do
        # (So no line's shape is read, nor are its sections' names: a Markdown page's lines
        # are only passed over, in one step each.)
        for index, line in enumerate(lines):
            if line.continued:  # a hard-wrapped line is what the line it goes on from is
                line.rule = line.rule or lines[index - 1].rule
        page.evidenced[:] = [bool(line.rule) and not line.continued for line in lines]
        return page
    unevidenced = {}  # per run (the tuple lines share): how many of its lines no phrase marks
    references = False  # in a References or Sources section: the page's own, whatever its shape
    evidenced = {i for i, line in enumerate(lines) if line.rule}  # (read by the shape score only)
    for index, line in enumerate(lines):
        if line.block.kind == "heading" or line.start == 0 and names_reference_section(line.text):
            references = line.block.kind != "heading" or names_reference_section(line.text)
        if line.continued:  # a hard-wrapped line is what the line it goes on from is
            line.rule = line.rule or lines[index - 1].rule
            continue
        if references:
            continue
        if untagged and not line.rule and is_link_bar(line.text) and not PAGE_DATES.search(line.text):  # a bar of links is no list a sentence introduces
            line.rule = MENU_RULE
        repeated = bool(site_lines) and site_key(line.text) in site_lines
        if line.rule or not repeated and (index in introduced and first <= index <= last or PAGE_DATES.search(line.text)):
            page.evidenced[index] = bool(line.rule)
            continue
        if untagged and BARE_CRUMB.match(line.text) and index < first:
            line.rule = MENU_RULE
            page.evidenced[index] = True
            continue
        run = runs[index]
        if id(run) not in unevidenced:
            unevidenced[id(run)] = sum(i not in evidenced for i in run)
        score = chrome_score(line, before_article=index < first and not _title_of(lines, index, first),
                             after_article=index > last, in_short_run=unevidenced[id(run)] >= 2 or index > last, untagged=untagged,
                             plain_text=document.format == "text", site_repeats=repeated)
        page.shaped[index] = score > 0.5
        if score > 0.5 and (index > last or not modelled or repeated):
            line.rule = FOOTER_RULE if index > last else MENU_RULE
        elif modelled and not repeated and not first - 1 <= index <= last and not line.prose:
            page.pending.append(index)  # (the line just above the core is the article's title)
    return page


# The line model's features, in the order of its rows (line_features). Neighbourhoods are the
# lines within 1, 2, 4, 8 and 16 lines either side: jusText's context and boilerpipe's
# "previous/next block" features, at several widths.
LINE_FEATURES = (
    "log_words", "stopword_share", "sentence_end", "colon_end", "capitalised_share", "digit_share",
    "link_bar", "evidence", "shape_chrome", "position", "prose", "in_core", "before_core", "after_core",
    "block_start", "log_block_lines", "log_chars", "commas", "mean_word_length", "column_gap", "bullet",
    "letter_share", "trailing_arrow", "date_or_time", "introduced", "announced", "lower_start",
    "log_core_distance",
    *(f"{name}_{width}" for width in (1, 2, 4, 8, 16)
      for name in ("prose", "log_words", "stopword_share", "evidence")),
    *(f"{side}_{name}" for side in ("previous", "next")
      for name in ("log_words", "stopword_share", "sentence_end", "evidence", "prose")),
    "log_lines_since_prose", "log_lines_to_prose", "page_prose_share",
)
LINE_MODEL = "chrome-lines"
COLUMN_GAP = "   "  # a converter lays a table's columns side by side, three spaces or more apart
BULLET = compiled(r"[*+•-]\s|\d{1,3}[.)]\s")  # (bounded: searched over long runs of digits, \d+ backtracks)
LOWER_START = compiled(r"^(?:[*+•-]\s*|\d{1,3}[.)]\s*)?[a-z]")
TRAILING_ARROW = compiled(r"(?:»|>>|\||›)\s*$")
DATE_OR_TIME = compiled(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\b\d{1,2}:\d\d"
                          r"|\b(?:19|20)\d\d\b")
PROSE_REACH = 50  # lines: farther than this from prose is as far as it gets


def line_features(page: Page, indexes: list[int]) -> list[list[float]]:
    """The rows of LINE_FEATURES for the lines ``indexes`` of ``page``: the shallow text
    features of boilerpipe (Kohlschütter, Fankhauser and Nejdl, WSDM 2010: words, link and
    text density of a block and its neighbours) and jusText (stopword density, context), as
    text gives them, with where the line stands against the article's core and what the
    hand-written steps said of it. Linear in the page's length: neighbourhood means are read
    from running sums."""
    lines, first, last = page.lines, page.first, page.last
    count = len(lines)
    log_words = [math.log1p(line.words) for line in lines]
    stop_share = [line.stopwords / line.words if line.words else 0.0 for line in lines]
    prose = [float(line.prose) for line in lines]
    evidenced = [float(flag) for flag in page.evidenced]
    columns = (prose, log_words, stop_share, evidenced)
    sums = [_running_sum(column) for column in columns]
    since, to = _distances(prose)
    prose_share = sum(prose) / count
    block_lines: dict[int, int] = {}  # per block (by id): its lines, counted once, not once per line
    for line in lines:
        block_lines[id(line.block)] = block_lines.get(id(line.block), 0) + 1
    rows = []
    for index in indexes:
        line = lines[index]
        text = line.text
        words = LETTER_WORD.findall(text)
        count_words = len(words) or 1
        row = [
            log_words[index], stop_share[index], float(line.sentence), float(text.endswith(":")),
            sum(1 for word in words if word[0].isupper()) / count_words,
            sum(char.isdigit() for char in text) / len(text), float(is_link_bar(text)), evidenced[index],
            float(page.shaped[index]), index / count, prose[index], float(first <= index <= last),
            float(index < first), float(index > last), float(line.start == 0),
            math.log1p(block_lines[id(line.block)]), math.log1p(len(text)), float(text.count(",")),
            sum(map(len, words)) / count_words if words else 0.0, float(COLUMN_GAP in text),
            float(bool(BULLET.match(text))), sum(char.isalpha() for char in text) / len(text),
            float(bool(TRAILING_ARROW.search(text))), float(bool(DATE_OR_TIME.search(text))),
            float(index in page.introduced), float(bool(page.introduced.get(index))),
            float(bool(LOWER_START.match(text))),
            math.log1p(min(abs(index - first), abs(index - last)) if first <= last else PROSE_REACH),
        ]
        for width in (1, 2, 4, 8, 16):
            low, high = max(0, index - width), min(count, index + width + 1)
            others = high - low - 1
            for column, running in zip(columns, sums):
                row.append((running[high] - running[low] - column[index]) / others if others else 0.0)
        for other in (index - 1, index + 1):
            row += [log_words[other], stop_share[other], float(lines[other].sentence), evidenced[other], prose[other]] \
                if 0 <= other < count else [0.0] * 5
        row += [math.log1p(since[index]), math.log1p(to[index]), prose_share]
        rows.append(row)
    return rows


def _running_sum(values: list[float]) -> list[float]:
    sums = [0.0]
    for value in values:
        sums.append(sums[-1] + value)
    return sums


def _distances(prose: list[float]) -> tuple[list[int], list[int]]:
    """Per line, how many lines back the last prose line is, and how many ahead the next
    (capped at PROSE_REACH)."""
    since, to = [PROSE_REACH] * len(prose), [PROSE_REACH] * len(prose)
    seen = None
    for index, flag in enumerate(prose):
        if seen is not None:
            since[index] = min(index - seen, PROSE_REACH)
        if flag:
            seen = index
    seen = None
    for index in range(len(prose) - 1, -1, -1):
        if seen is not None:
            to[index] = min(seen - index, PROSE_REACH)
        if prose[index]:
            seen = index
    return since, to


def ends_like_sentence(text: str) -> bool:
    """Whether ``text`` (one line) ends in a sentence's mark, or a list intro's ':', with only
    closing quotes or brackets after it. (Read from its end: a regex would be tried at every
    character of the line.)"""
    body = text.rstrip(CLOSERS)
    return bool(body) and body[-1] in SENTENCE_MARKS


def site_key(text: str) -> str:
    """A line as pages of one site are compared: lower case, spaces collapsed (``normalised``)."""
    return normalised(text)


def is_link_bar(text: str) -> bool:
    """A bar of three or more short link labels split by '|', '•' or '·' ("Cars | Jobs |
    Homes", "Posted by Jo | Permalink | Comments (0)"): a menu or a post's footer."""
    parts = LINK_BAR.split(text)
    return len(parts) >= 3 and all(0 < len(LETTER_WORD.findall(part)) <= 5 and not ends_like_sentence(part.strip())
                                   for part in parts)


def article_core(lines: list[Line], introduced: dict[int, bool]) -> tuple[int, int]:
    """(first, last) line of the largest contiguous run of prose: the maximum-sum run of
    line weights, where prose weighs by its length, chrome and short lines against it, and
    the lists a sentence introduces are neutral (a little for it if the line ends in ':').
    A page whose best run weighs less than MIN_ARTICLE (a sentence of prose) is too short to
    tell an article from its chrome. (len(lines), -1) when there is no prose."""
    best, best_span = 0.0, (len(lines), -1)
    total, start = 0.0, 0
    for index, line in enumerate(lines):
        total += _weight(line, introduced.get(index))
        if total <= 0:
            total, start = 0.0, index + 1
        elif total > best:
            best, best_span = total, (start, index)
    return best_span if best >= MIN_ARTICLE else (len(lines), -1)


def _weight(line: Line, announced: bool | None) -> float:
    if line.continued:
        return 0.0  # the rest of the line before
    if line.rule:
        return -2.0
    if line.prose:
        return min(line.words, 40) / 8
    if line.sentence and line.words >= 4 or line.text.endswith(":") and line.words >= 2:
        return 0.5
    if announced:
        return 0.05  # a list the article announces is the article's, to its last item
    if announced is not None or line.block.kind in ("heading", "title"):
        return 0.0
    return -0.3


def short_runs(document: Document, lines: list[Line]) -> list[tuple[int, ...]]:
    """For each line, the indexes of the run of short lines it stands in (empty if it is not short).

    A run is the short lines of one block in a row, or of list items in a row; in a text file,
    one-line blocks of short lines in a row also make one run (scrapers put a blank line
    between menu items). A line
    ending in ':' ("Symptoms include:") ends a run: what follows is the list it introduces.
    """
    runs: list[tuple[int, ...]] = [()] * len(lines)
    current: list[int] = []

    def close():
        run = tuple(current)  # one tuple shared by the run's lines: a copy per line was quadratic
        for i in current:
            runs[i] = run
        current.clear()

    for index, line in enumerate(lines):
        if not line.short and not line.rule:
            if current:
                close()
            continue
        if current:
            previous = lines[current[-1]]
            joined = previous.block is line.block or (
                previous.block.kind == line.block.kind == "list_item" or previous.link and line.link
                if document.format != "text" else "\n" not in previous.block.text and "\n" not in line.block.text)
            if not joined or previous.text.endswith(":"):
                close()
        current.append(index)
    close()
    return runs


def introduced_lists(lines: list[Line], runs) -> dict[int, bool]:
    """The lines of runs of short lines right after a sentence, a line ending in ':' or a
    heading: the list that line introduces (names, symptoms, a table scraped one cell per
    line, "Related pages"), not a menu, though it has the shape of one. Their menu evidence
    is dropped. Each maps to whether its list was announced (by ':' or a heading), so belongs
    to the article wherever it stands."""
    introduced: dict[int, bool] = {}
    for index, line in enumerate(lines):
        run = runs[index]
        if not run or run[0] != index or index == 0:
            continue
        before = lines[index - 1]
        listed = lines[index].block.kind == "list_item" or lines[index].link
        if (before.sentence or (before.block.kind == "heading" and listed)) and not before.rule:
            announced = before.text.endswith(":") or before.block.kind == "heading"
            introduced.update(dict.fromkeys(run, announced))
            for i in run:
                if lines[i].rule == MENU_RULE:
                    lines[i].rule = None
    return introduced


def _title_of(lines: list[Line], index: int, first: int) -> bool:
    """Whether the line is the page title or a heading just above the article's first
    sentence: one short line alone in its block, the last or next to last before it."""
    line = lines[index]
    return index >= first - 2 and "\n" not in line.block.text


def _spread(lines: list[Line], runs) -> None:
    """Context: a run of short lines with chrome in it is chrome, all of it (a sub-menu
    with "Back to all treatments"; a comment form). A label such as "Related posts" takes
    the short lines after it into its span."""
    for index, line in enumerate(lines):
        run = runs[index]
        if not line.rule or len(run) < 3 or line.label:
            continue
        marked = sum(lines[i].rule is not None for i in run)
        if marked >= 2 and marked * 3 >= len(run):
            unmarked = [i for i in run if lines[i].rule is None]
            if line.rule in ("page-chrome", "orphan-link"):
                # Site controls among short lines are the way out of a menu ("Back to all treatments").
                for i in run if unmarked else ():
                    if lines[i].rule in (None, "page-chrome", "orphan-link"):
                        lines[i].rule = MENU_RULE
            else:
                for i in unmarked:
                    lines[i].rule = line.rule
    for index, line in enumerate(lines):
        if not line.label:
            continue
        following = index + 1
        while following < len(lines) and lines[following].short and not lines[following].rule \
                and lines[following].block.kind != "heading":
            lines[following].rule = line.rule
            following += 1


def _spans(lines: list[Line], runs, first: int, last: int) -> list[Chrome]:
    """Chrome lines in a row with one rule, of one block or one run, are one span."""
    spans: list[Chrome] = []
    group: list[Line] = []
    group_start = 0

    def close():
        if group:
            name = group[0].rule
            what, region = KINDS_OF_CHROME.get(name, ("Site chrome", "aside"))
            what = _what(group, name, what)
            if group_start < first:
                region = "header" if region not in ("nav", "form") else region
            elif group_start > last:
                region = "footer"
            spans.append(Chrome(name, what, region, tuple(group)))
        group.clear()

    for index, line in enumerate(lines):
        if not group and line.rule is None:  # (most lines: no span open, none to start)
            continue
        previous = lines[index - 1] if index else None
        if line.rule is None or line.label or (group and (
                group[-1].rule != line.rule or previous is not group[-1]
                or (previous.block is not line.block and not _same_run(runs, index - 1, index) and not previous.label))):
            close()
        if line.rule is not None:
            if not group:
                group_start = index
            group.append(line)
    close()
    return spans


def _same_run(runs, one: int, other: int) -> bool:
    """Whether two lines stand in one run of short lines (its lines share one tuple: a test
    of membership would read the run once per line, quadratic over a long menu)."""
    return bool(runs[one]) and runs[one] is runs[other]


def _what(group: list[Line], name: str, default: str) -> str:
    if name == MENU_RULE:
        if len(group) <= 2 and all(line.modelled for line in group):  # the line model's: a welcome, a slogan
            return "Page header"
        return "Breadcrumb" if len(group) == 1 else "Navigation menu"
    if name == "call-to-action" or name == FOOTER_RULE and len(group) == 1:
        text = group[0].text
        for pattern, what in NAMES:
            if pattern.search(text):
                return what if name == "call-to-action" else default
    if name == "page-chrome" and POST_DETAILS.search(group[0].text):
        return "Post details"
    if name == "orphan-link" and len(group) == 1 and not group[0].label:
        return "Related-link callout" if CALLOUT.match(group[0].text) else "Link label"
    return default


def _apply(document: Document, spans: list[Chrome]) -> None:
    """Give chrome lines their region: blocks are split where the region changes."""
    region_of: dict[tuple[int, int], str] = {}
    chrome_blocks: dict[int, Block] = {}  # the others keep their region whole
    for span in spans:
        for line in span.lines:
            region_of[(id(line.block), line.start)] = span.region
            chrome_blocks[id(line.block)] = line.block
    if not region_of:
        return
    moved: dict[int, list[tuple[int, Block]]] = {}  # old block (id) → (offset in it, new block)
    for key, block in chrome_blocks.items():
        pieces = _pieces(block, region_of)
        if pieces is not None:
            moved[key] = pieces
    # The few moved blocks are found by their ids, in C, and replaced from the last on (a step
    # per block of the page was most of the time here).
    blocks, ids = list(document.blocks), list(map(id, document.blocks))
    for at in sorted(map(ids.index, moved), reverse=True):
        blocks[at:at + 1] = [piece for _, piece in moved[ids[at]]]
    document.blocks = blocks
    # (Most links are in no moved block: told here, not in a call per link.)
    document.links = [link if link.block is None or id(link.block) not in moved else _moved_link(link, moved[id(link.block)])
                      for link in document.links]
    # What was worked out from the blocks before they were split goes, but for where the
    # anchors are in each (it names its blocks): only the new blocks are scanned again.
    anchors = document.memo.get("anchors")
    document.memo.clear()
    if anchors is not None:
        document.memo["anchors"] = anchors


def _pieces(block: Block, region_of: dict) -> list[tuple[int, Block]] | None:
    """The block cut into runs of lines of one region, as (offset in the block, new block)."""
    marks = []
    start = 0
    for raw in block.text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        region = region_of.get((id(block), start + lead), block.region if raw.strip() else None)
        marks.append((start, start + len(raw), region))
        start += len(raw) + 1
    if all(region in (None, block.region) for *_, region in marks):
        return None
    pieces, run_start, run_end, run_region = [], None, None, None
    for line_start, line_end, region in marks:
        if region is None:
            continue
        if region != run_region and run_start is not None:
            pieces.append((run_start, _sub_block(block, run_start, run_end, run_region)))
            run_start = None
        if run_start is None:
            run_start, run_region = line_start, region
        run_end = line_end
    if run_start is not None:
        pieces.append((run_start, _sub_block(block, run_start, run_end, run_region)))
    return pieces


def _sub_block(block: Block, start: int, end: int, region: str) -> Block:
    """The text [start, end) of a block as a block of its own, with its source map."""
    text = block.text[start:end]
    lead = len(text) - len(text.lstrip())
    start, end = start + lead, start + len(text.rstrip())
    return dataclasses.replace(block, text=block.text[start:end], region=region,
                               segments=slice_segments(block.segments, start, end))


def _moved_link(link: Link, pieces: list[tuple[int, Block]]) -> Link:
    """``link`` in the piece of its block it falls in (``pieces``: its block's ``_pieces``)."""
    offset, piece = pieces[0]
    for candidate_offset, candidate in pieces:
        if candidate_offset <= link.start:
            offset, piece = candidate_offset, candidate
    lead = len(link.block.text[offset:]) - len(link.block.text[offset:].lstrip())
    shift = offset + lead
    start = min(max(link.start - shift, 0), len(piece.text))
    end = min(max(link.end - shift, 0), len(piece.text))
    return Link(link.url, piece, start, end)


def chrome_findings(document: Document, rule: str) -> list[Finding]:
    """The findings of one BP rule: a finding per chrome span it reports."""
    return [span.finding() for span in document.memo.get("chrome", ()) if span.rule == rule]
