"""Sources: does a page, or one paragraph of it, say where its facts come from?

A paragraph is cited when it holds a citation marker ([1], ¹, (Smith et al., 2019), a DOI,
"according to …") or a link to another site. A page has sources when it has a References /
Sources / Further reading section, citation markers, links to publications or authoritative
sites in its main text, or a ``sources``/``references`` key in its front matter. What counts
(domains, front-matter keys) comes from the pack; citation markers and section names are the
page analysis's (medlint.analysis.citations, rules/analysis.yaml).

As a check kind it flags a page that shows no sources at all and either makes claims
(matches of the ``claims`` patterns in its main text, not denied or hedged) or is health
information (a whole page, of some length, using several of the ``health_terms``): one
finding for the page, naming what it counted. A list or index page (links to articles,
which carry the sources) is not checked.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from medlint.analysis import memoised
from medlint.analysis.anchors import Anchors, phrase_matches
from medlint.analysis.citations import cites, citing_blocks, has_reference_section
from medlint.analysis.links import block_links
from medlint.analysis.sentences import sentence_span
from medlint.analysis.structure import has_title, is_part
from medlint.checks import SCOPE_SCHEMA, AnchoredAlternation, Finding, scoped_blocks, shorten
from medlint.patterns import alternation, phrases_pattern
from medlint.checks.hedges import negations_pattern, stated
from medlint.checks.structure import main_words
from medlint.regexes import compiled

STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
# Params of every kind that asks whether a paragraph or a page has sources. (What a citation
# marker and a sources section are is the page analysis's: rules/analysis.yaml.)
SOURCING_SCHEMA = {
    "source_domains": {**STRINGS, "description": 'sites whose links count as sources ("nih.gov" covers its subdomains)'},
    "source_keys": {**STRINGS, "description": "front-matter keys that list sources"},
}
PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["claims"],
    "properties": {
        "claims": {"type": "array", "items": {"anyOf": [{"type": "string"}, STRINGS]}, "minItems": 1,
                   "description": "patterns of claims that need a source (lists of them: a list may be a "
                                  "YAML alias of another rule's)"},
        "min_claims": {"type": "integer", "minimum": 1, "description": "claims that make a page need sources"},
        "negations": {**STRINGS, "description": 'words that deny or hedge a claim in its clause ("when trials show")'},
        "health_terms": {**STRINGS, "description": "terms that make a whole page with no claims health "
                                                   "information, which needs sources too"},
        "min_health_terms": {"type": "integer", "minimum": 1, "description": "health terms such a page uses"},
        "min_words": {"type": "integer", "minimum": 0, "description": "words of prose such a page has"},
        "listing_markers": {"type": "array", "items": {"type": "string"},
                            "description": 'patterns of a page that says it is a list or an index ("This page '
                                           'lists", "Posted:"): not checked'},
        "max_link_share": {"type": "number", "minimum": 0, "maximum": 1,
                           "description": "a page whose prose is more link text than this share is a hub of "
                                          "links: not checked"},
        **SOURCING_SCHEMA,
        **SCOPE_SCHEMA,
    },
}
EXTERNAL = compiled(r"(?i)^(?:https?:)?//")
BARE_URL = compiled(r"(?i)\b(?:https?://|www\.)[^\s<>()]+")
# The blocks that hold a bare address: the page's scan for every rule's literals finds them.
BARE_URLS = Anchors(BARE_URL)

SOURCE_REGIONS = ("main", "chrome")  # where a page's sources can be
TERMS_SHOWN = 80  # characters of a page's health terms its finding names (medlint.checks.shorten)


class Sourcing:
    """Whether a paragraph is cited, and whether a page has sources: citation markers and
    reference sections as the page analysis finds them, plus the pack's domains and keys."""

    def __init__(self, params: dict) -> None:
        self.domains = tuple(d.lower().lstrip(".") for d in params.get("source_domains", []))
        self.keys = tuple(params.get("source_keys", []))
        # Pages cache their answer under a key naming these lists, so rules with different lists don't mix.
        self.memo_key = ("page_sources", self.domains, self.keys)

    def block_cited(self, document, block) -> bool:
        if cites(document, block) or BARE_URL.search(block.text):
            return True
        return any(EXTERNAL.match(link.url) for link in block_links(document, block))

    def page_sourced(self, document) -> bool:
        return memoised(document, self.memo_key, lambda: self._page_sourced(document))

    def _page_sourced(self, document) -> bool:
        if any(document.metadata.get(key) for key in self.keys) or has_reference_section(document):
            return True
        # A source the site repeats on many pages (medlint.site's "chrome") still sources this one.
        blocks = [b for b in document.blocks if b.region in SOURCE_REGIONS]
        cited = citing_blocks(document)
        if cited and any(block.kind != "title" and id(block) in cited for block in blocks):
            return True
        if any(self.authoritative(url) for block in BARE_URLS.candidates(document, blocks) for url in BARE_URL.findall(block.text)):
            return True
        return any(link.block is not None and link.block.region in SOURCE_REGIONS and self.authoritative(link.url)
                   for link in document.links)

    def authoritative(self, url: str) -> bool:
        if url.lower().startswith("www."):
            url = "//" + url
        if not EXTERNAL.match(url):
            return False
        try:
            host = (urlsplit(url).hostname or "").lower()
        except ValueError:  # "https://x.org[": an unclosed IPv6 bracket is no address at all
            return False
        return any(host == d or host.endswith("." + d) for d in self.domains)


def linked_in_sentence(document, block, match: re.Match) -> bool:
    """Whether the claim's own words link to the report of it: a link on the claim itself
    ("[Studies show](…) that …"), or one whose text is most of what the sentence says after
    it ("Research shows that [most women had bleeding after the menopause](/news/2018/study)").
    A link on one word of the sentence (a glossary pop-up, "[tobacco](/define/tobacco)") is not."""
    start, end = sentence_span(document, block, match.start(), match.end())
    claimed = len(block.text[match.end():end].split())
    for link in block_links(document, block):
        if link.url.strip() in ("", "#") or not start <= link.start < end:
            continue
        if link.start <= match.start() and match.end() <= link.end:
            return True
        if link.start >= match.end() and len(block.text[link.start:link.end].split()) * 2 >= claimed:
            return True
    return False


def flatten(items) -> list[str]:
    return [p for item in items for p in ([item] if isinstance(item, str) else item)]


class Checker:
    """SC005: a page that gives health information, or makes claims, and names no sources."""

    def __init__(self, params: dict) -> None:
        self.params = params
        self.sourcing = Sourcing(params)
        self.claim_anchors = AnchoredAlternation(flatten(params["claims"]))
        self.min_claims = params.get("min_claims", 1)
        self.negation = negations_pattern(params.get("negations", []))
        terms = phrases_pattern(params.get("health_terms", []))
        # Not anchored (medlint.analysis.anchors): the terms are common words, which every page's
        # scan would then find in most blocks, for a search that few pages come to.
        self.health_term = compiled(terms, re.IGNORECASE) if terms else None
        self.min_terms = params.get("min_health_terms", 3)
        self.min_words = params.get("min_words", 40)
        markers = params.get("listing_markers", [])
        self.listing = Anchors(alternation(markers)) if markers else None
        self.max_link_share = params.get("max_link_share", 1.0)

    def findings(self, document, context):
        if self.sourcing.page_sourced(document):  # memoised and cheaper than finding the claims
            return
        blocks = scoped_blocks(document, self.params)
        if self._listing(document, blocks):
            return  # a list of links to articles: each item's article carries its sources
        claims = [m.group() for b, regex in self.claim_anchors.searches(document, blocks) for m in regex.finditer(b.text)
                  if stated(b.text, m, self.negation) and not linked_in_sentence(document, b, m)]
        if len(claims) >= self.min_claims:
            named = shorten(", ".join(f"'{shorten(c, 30)}'" for c in dict.fromkeys(claims)), 100)
            counted = f"1 claim that needs one: {named}" if len(claims) == 1 else f"{len(claims)} claims that need one: {named}"
            yield Finding(None, values={"counted": counted})
            return
        terms = self._health_information(document, blocks)
        if terms:
            yield Finding(None, values={"counted": f"{main_words(document)} words of health information, on {shorten(', '.join(terms), TERMS_SHOWN)}"})

    def _listing(self, document, blocks) -> bool:
        """A list or index page: it says so, or most of its prose is link text."""
        if self.listing and any(self.listing.regex.search(b.text) for b in self.listing.candidates(document, document.blocks)):
            return True
        chosen = {id(b) for b in blocks}
        words = sum(len(b.text.split()) for b in blocks)
        linked = sum(len(link.block.text[link.start:link.end].split()) for link in document.links
                     if link.block is not None and id(link.block) in chosen)
        return bool(words) and linked / words > self.max_link_share

    def _health_information(self, document, blocks) -> list[str]:
        """The health terms of a whole page (not one part of a page) with enough prose, if it
        uses at least ``min_health_terms`` different ones; else an empty list."""
        if not self.health_term or not has_title(document) or is_part(document) or main_words(document) < self.min_words:
            return []
        found: dict[str, str] = {}  # each term as first written, by its lower case
        named = -len(", ")  # the length of the terms found, joined as the finding names them
        for block in blocks:
            for match in phrase_matches(self.health_term, block.text):
                term = match.group()
                if term.lower() not in found:
                    found[term.lower()] = term
                    named += len(", ") + len(" ".join(term.split()))
            # Enough terms, and more than the finding shows (shorten: the first characters of
            # the terms joined, whitespace runs made one space): a term found further down
            # would be named after them, out of sight. The rest of the page is not read.
            if len(found) >= self.min_terms and named > TERMS_SHOWN:
                break
        return list(found.values()) if len(found) >= self.min_terms else []
