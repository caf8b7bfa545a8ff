"""Sources: does a page, or one paragraph of it, say where its facts come from?

A paragraph is cited when it holds a citation marker ([1], ¹, (Smith et al., 2019), a DOI,
"according to …") or a link to another site. A page has sources when it has a References /
Sources / Further reading section, citation markers, links to publications or authoritative
sites in its main text, or a ``sources``/``references`` key in its front matter. What counts
(domains, front-matter keys) comes from the pack; citation markers and section names are the
page analysis's (medlint.analysis.citations, rules/analysis.yaml).

As a check kind it flags a page that makes claims (matches of the ``claims`` patterns in its
main text) and shows no sources at all: one finding for the page.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from medlint.analysis import memoised
from medlint.analysis.citations import cites, has_reference_section
from medlint.analysis.links import block_links
from medlint.checks import SCOPE_SCHEMA, Finding, alternation, scoped_blocks

STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
# Params of every kind that asks whether a paragraph or a page has sources. (What a citation
# marker and a sources section are is the page analysis's: rules/analysis.yaml.)
SOURCING_SCHEMA = {
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
    """Whether a paragraph is cited, and whether a page has sources: citation markers and
    reference sections as the page analysis finds them, plus the pack's domains and keys."""

    def __init__(self, params: dict) -> None:
        self.domains = tuple(d.lower().lstrip(".") for d in params.get("source_domains", []))
        self.keys = tuple(params.get("source_keys", []))
        # Pages cache their answer under a key naming these lists, so rules with different lists don't mix.
        self.memo_key = ("page_sources", self.domains, self.keys)

    def block_cited(self, document, block) -> bool:
        if cites(block.text) or BARE_URL.search(block.text):
            return True
        return any(EXTERNAL.match(link.url) for link in block_links(document, block))

    def page_sourced(self, document) -> bool:
        return memoised(document, self.memo_key, lambda: self._page_sourced(document))

    def _page_sourced(self, document) -> bool:
        if any(document.metadata.get(key) for key in self.keys) or has_reference_section(document):
            return True
        # A source the site repeats on many pages (medlint.site's "chrome") still sources this one.
        for block in document.blocks:
            if block.region not in SOURCE_REGIONS:
                continue
            if block.kind != "title" and cites(block.text):
                return True
            if any(self.authoritative(url) for url in BARE_URL.findall(block.text)):
                return True
        return any(link.block is not None and link.block.region in SOURCE_REGIONS and self.authoritative(link.url)
                   for link in document.links)

    def authoritative(self, url: str) -> bool:
        if url.lower().startswith("www."):
            url = "//" + url
        if not EXTERNAL.match(url):
            return False
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


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
