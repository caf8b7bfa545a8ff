"""Pages of a live site as targets: URLs named on the command line, listed in a file, or
listed in a sitemap (sitemap index files too), fetched politely by medlint.web.

Sitemap XML comes from the network, so it is parsed with care: a document type declaration
(the door to entity expansion and external entities) is refused before the parser sees it,
and the standard library's expat (2.4.1 and later) bounds entity amplification anyway.
"""

from __future__ import annotations

import gzip
import io
import os
import urllib.parse
from dataclasses import dataclass, field

from medlint.discovery import Target
from medlint.document import FileProblem
from medlint.errors import UsageError
from medlint.web import HTML_TYPES, Fetched, Fetcher, Politeness, page_bytes, saved_name

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAPS = 50  # sitemap files read per run: an index of indexes cannot run away
MAX_SITEMAP_BYTES = 50_000_000  # the sitemaps protocol's own limit for one file, uncompressed


class SitemapError(Exception):
    """A sitemap that is not a sitemap (not XML, a DTD, the wrong root element)."""


def sitemap_locations(data: bytes) -> tuple[str, list[str]]:
    """("urlset" or "sitemapindex", the <loc> URLs in document order) of a sitemap file.

    Raises SitemapError for anything else. Gzip-compressed sitemaps are accepted.
    """
    import xml.etree.ElementTree as ElementTree

    if data[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                data = stream.read(MAX_SITEMAP_BYTES + 1)
        except (OSError, EOFError) as error:
            raise SitemapError(f"not valid gzip ({error})") from None
    if len(data) > MAX_SITEMAP_BYTES:
        raise SitemapError(f"over the sitemaps protocol's {MAX_SITEMAP_BYTES:,}-byte limit")
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise SitemapError("it declares a document type or entities, which sitemaps never need; not read")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise SitemapError(f"not well-formed XML ({error})") from None
    kind = root.tag.removeprefix(SITEMAP_NS)
    if kind not in ("urlset", "sitemapindex"):
        raise SitemapError(f"the root element is <{kind}>, not <urlset> or <sitemapindex>")
    child = "url" if kind == "urlset" else "sitemap"
    locations = []
    for entry in root.iter(SITEMAP_NS + child):
        loc = entry.find(SITEMAP_NS + "loc")
        if loc is not None and loc.text and loc.text.strip():
            locations.append(loc.text.strip())
    return kind, locations


@dataclass
class Crawl:
    """What fetching produced: a target per page (or per URL that failed) and notes for stderr."""

    targets: list[Target] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    requests: int = 0


def crawl(urls: list[str], sitemaps: list[str], politeness: Politeness, save_dir: str | None = None,
          progress=None) -> Crawl:
    """Fetch the pages ``urls`` name and the pages ``sitemaps`` list, at most
    ``politeness.max_pages`` of them, each once, in the order given. ``progress(pages, count)``
    may wrap the list of page URLs (a progress bar: at one request a second, 500 pages take
    over eight minutes)."""
    fetcher = Fetcher(politeness)
    result = Crawl()
    pages = list(dict.fromkeys(urls + [url for sitemap in sitemaps for url in read_sitemaps(fetcher, sitemap, result)]))
    if len(pages) > politeness.max_pages:
        result.notes.append(f"{len(pages)} pages to check; checked the first {politeness.max_pages} (max-pages)")
        pages = pages[: politeness.max_pages]
    for url in progress(pages, len(pages)) if progress else pages:
        result.targets.append(page_target(fetcher.fetch(url), save_dir))
    result.requests = fetcher.requests
    return result


def read_sitemaps(fetcher: Fetcher, url: str, result: Crawl) -> list[str]:
    """Page URLs of a sitemap, following a sitemap index breadth-first; a sitemap that cannot
    be fetched or read becomes a finding on its URL."""
    pages, queue, seen = [], [url], set()
    while queue and len(seen) < MAX_SITEMAPS:
        current = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        fetched = fetcher.fetch(current)
        problems = [p for p in fetched.problems if p.code != "IO014"]
        if fetched.body is None or problems:
            result.targets.append(Target(current, "html", site=host_of(current), problems=tuple(problems)))
            continue
        try:
            kind, locations = sitemap_locations(fetched.body)
        except SitemapError as error:
            result.targets.append(Target(current, "html", site=host_of(current),
                                         problems=(FileProblem("IO015", 1, f"Not a sitemap: {error}"),)))
            continue
        (queue if kind == "sitemapindex" else pages).extend(urllib.parse.urljoin(current, loc) for loc in locations)
    if queue:
        result.notes.append(f"sitemap {url}: read {MAX_SITEMAPS} sitemap files and left {len(queue)} unread")
    return pages


def page_target(fetched: Fetched, save_dir: str | None) -> Target:
    """The target that checks one fetched page (or reports why it could not be fetched)."""
    site = host_of(fetched.final_url or fetched.url)
    problems = list(fetched.problems)
    if fetched.body is not None and fetched.content_type not in HTML_TYPES:
        problems.append(FileProblem("IO015", 1, f"Not an HTML page (Content-Type {fetched.content_type}); not checked"))
        return Target(fetched.url, "html", site=site, problems=tuple(problems))
    if fetched.body is None:
        return Target(fetched.url, "html", site=site, problems=tuple(problems))
    if save_dir:
        save_page(fetched, save_dir)
    return Target(fetched.url, "html", site=site, data=page_bytes(fetched), problems=tuple(problems))


def save_page(fetched: Fetched, save_dir: str) -> None:
    """Keep the page's bytes as received, so the lines in the report match the saved file."""
    path = os.path.join(save_dir, saved_name(fetched.url))
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(fetched.body)
    except OSError as error:
        raise UsageError(f"--save-pages: cannot write {path} ({error.strerror or error})") from None


def host_of(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc.lower()


def dead_links(urls: list[str], politeness: Politeness, fetcher: Fetcher | None = None) -> dict[str, str]:
    """{url: why it is dead} for the links ``urls`` (each asked once). Hosts are checked side
    by side, at most 8 at a time; requests to one host keep to its rate limit."""
    from concurrent.futures import ThreadPoolExecutor

    fetcher = fetcher or Fetcher(politeness)
    by_host: dict[str, list[str]] = {}
    for url in dict.fromkeys(urls):
        by_host.setdefault(host_of(url), []).append(url)

    def check_host(host_urls: list[str]) -> dict[str, str]:
        return {url: reason for url in host_urls if (reason := fetcher.dead_link(url))}

    dead: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=min(8, len(by_host) or 1)) as pool:
        for found in pool.map(check_host, by_host.values()):
            dead.update(found)
    return dead
