"""Sources: does a page, or one paragraph of it, say where its facts come from?

A paragraph is cited when it holds a citation marker ([1], ¹, (Smith et al., 2019), a DOI,
"according to …") or a link to another site. A page has sources when it has a References /
Sources / Further reading section, citation markers, links to publications or authoritative
sites in its main text, or a ``sources``/``references`` key in its front matter. What counts
(the marker patterns, section names, domains, front-matter keys) comes from the pack.

As a check kind it flags a page that makes claims (matches of the ``claims`` patterns in its
main text) and shows no sources at all: one finding for the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from medlint.checks import SCOPE_SCHEMA, Finding, alternation, phrases_pattern, scoped_blocks

STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
# Params of every kind that asks whether a paragraph or a page has sources.
SOURCING_SCHEMA = {
    "citations": STRINGS,  # patterns of in-text citation markers
    "source_headings": STRINGS,  # names of a sources section
    "source_domains": STRINGS,  # sites whose links count as sources ("nih.gov" covers its subdomains)
    "source_keys": STRINGS,  # front-matter keys that list sources
}
PARAMS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["claims"],
    "properties": {
        # Lists of claim patterns (a list may be a YAML alias of another rule's list).
        "claims": {"type": "array", "items": {"anyOf": [{"type": "string"}, STRINGS]}, "minItems": 1},
        "min_claims": {"type": "integer", "minimum": 1},
        **SOURCING_SCHEMA,
        **SCOPE_SCHEMA,
    },
}
EXTERNAL = re.compile(r"(?i)^(?:https?:)?//")
BARE_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>()]+")

SOURCE_REGIONS = ("main", "chrome")  # where a page's sources can be


class Sourcing:
    """Whether a paragraph is cited, and whether a page has sources, by the pack's lists."""

    def __init__(self, params: dict) -> None:
        citations = params.get("citations", [])
        self.citation = re.compile(alternation(citations)) if citations else None
        headings = params.get("source_headings", [])
        self.heading = re.compile(rf"(?i)^\W*(?:{phrases_pattern(headings)})\W*$") if headings else None
        self.domains = tuple(d.lower().lstrip(".") for d in params.get("source_domains", []))
        self.keys = tuple(params.get("source_keys", []))
        # Pages cache their answer under a key naming these lists, so rules with different lists don't mix.
        self.memo_key = ("page_sources", tuple(citations), tuple(headings), self.domains, self.keys)

    def block_cited(self, document, block) -> bool:
        if self.citation and self.citation.search(block.text):
            return True
        if BARE_URL.search(block.text):
            return True
        return any(EXTERNAL.match(link.url) for link in links_by_block(document).get(id(block), ()))

    def page_sourced(self, document) -> bool:
        if self.memo_key not in document.memo:
            document.memo[self.memo_key] = self._page_sourced(document)
        return document.memo[self.memo_key]

    def _page_sourced(self, document) -> bool:
        if any(document.metadata.get(key) for key in self.keys):
            return True
        # A source the site repeats on many pages (medlint.site's "chrome") still sources this one.
        main = [b for b in document.blocks if b.region in SOURCE_REGIONS]
        for block in main:
            if self.heading and self._names_section(block):
                return True
            if self.citation and block.kind != "title" and self.citation.search(block.text):
                return True
            if any(self.authoritative(url) for url in BARE_URL.findall(block.text)):
                return True
        return any(link.block is not None and link.block.region in SOURCE_REGIONS and self.authoritative(link.url)
                   for link in document.links)

    def _names_section(self, block) -> bool:
        if block.kind == "heading":
            return bool(self.heading.match(block.text))
        # Text pages and bold-paragraph "headings": a first line that is only the section name.
        first_line = block.text.split("\n", 1)[0]
        return block.kind == "paragraph" and len(first_line) < 40 and bool(self.heading.match(first_line))

    def authoritative(self, url: str) -> bool:
        if url.lower().startswith("www."):
            url = "//" + url
        if not EXTERNAL.match(url):
            return False
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


def links_by_block(document) -> dict[int, list]:
    """The page's links grouped by the block they sit in (keyed by id of the block)."""
    if "links_by_block" not in document.memo:
        grouped: dict[int, list] = {}
        for link in document.links:
            if link.block is not None:
                grouped.setdefault(id(link.block), []).append(link)
        document.memo["links_by_block"] = grouped
    return document.memo["links_by_block"]


def flatten(items) -> list[str]:
    return [p for item in items for p in ([item] if isinstance(item, str) else item)]


class Checker:
    def __init__(self, params: dict) -> None:
        self.params = params
        self.sourcing = Sourcing(params)
        self.claims = re.compile(alternation(flatten(params["claims"])))
        self.min_claims = params.get("min_claims", 1)

    def findings(self, document, context):
        if self.sourcing.page_sourced(document):  # memoised and cheaper than finding the claims
            return
        count = sum(1 for b in scoped_blocks(document, self.params) for _ in self.claims.finditer(b.text))
        if count >= self.min_claims:
            yield Finding(None, values={"claims": count, "s": "" if count == 1 else "s"})
