"""Links between the pages of one run: a link to a page that is not there (LK001), or to an
anchor its page does not have (LK002).

Checking a link needs every page of the run, so it happens in two steps. ``page_links`` runs
with the per-file checks (a pure function of the page): it lists the page's internal links,
with their positions, and the anchors the page offers. ``resolve`` runs once every page is
read: it looks each link up among the run's pages (and, for a file link, on disk, since a
link to a PDF or a page outside the run is fine) and returns the findings.

Only links medlint can judge offline are checked: relative links between files, links to a
#fragment, and for fetched pages, links to other pages fetched in the same run. External
links are for --check-links (medlint.web); root-relative links in files ("/flu/") depend on
where the site is served from, and template links ("{{ base }}flu") are not links yet.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from typing import TYPE_CHECKING, NamedTuple

from medlint.diagnostics import Diagnostic, from_row, line_excerpt
from medlint.replay import exists

if TYPE_CHECKING:  # a warm run resolves links without the page model
    from medlint.document import Document

# Routes a web server runs rather than files: in a scraped copy they point back at the live site.
SERVER_ROUTES = (".aspx", ".asp", ".php", ".jsp", ".cgi", ".cfm")
SKIPPED_FRAGMENTS = {"", "top"}  # "#" and "#top" go to the top of any page in every browser
# re.compile, not medlint.regexes.compiled: a warm run imports this module, and two small
# patterns compile in less time than reading the stored patterns would take.
TEMPLATE = re.compile(r"\{\{|\{%|\$\{|<%")
NOT_IN_SLUG = re.compile(r"[^\w\- ]")
# Where a link without an extension may be served from: the conventions of static-site
# generators (Jekyll, Hugo, MkDocs, Eleventy) and web servers.
PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm", "/index.md", "/index.html", "/README.md", "/_index.md")


class PageLinks(NamedTuple):  # (not a frozen dataclass: made at every start in a fifth of the time)
    """A page's internal links (a diagnostic each, message still to write) and its anchors."""

    links: tuple[tuple[str, Diagnostic], ...] = ()  # (url, where it is)
    anchors: frozenset[str] = frozenset()
    external: tuple[tuple[str, Diagnostic], ...] = ()  # http(s) links, for --check-links


def heading_slug(text: str) -> str:
    """The anchor GitHub, GitLab and most Markdown renderers give a heading: lower case,
    punctuation dropped, spaces as hyphens ("Side effects & risks" -> "side-effects--risks")."""
    return NOT_IN_SLUG.sub("", text.strip().lower()).replace(" ", "-")


def page_anchors(document: Document) -> frozenset[str]:
    """Every #fragment the page answers to: ids and <a name>s, and in Markdown its headings'
    slugs (a repeated heading gets -1, -2 ... as renderers number them) and those of short
    lines standing for headings (medlint.analysis.structure.looks_like_heading; a question too), which a page copied
    off a site keeps as plain text while its links still point at them."""
    anchors = set(document.anchors)
    if document.format == "markdown":
        from medlint.analysis.structure import heading_like_blocks, looks_like_heading

        # The paragraphs that look like headings are the page's memo (the repetition rules ask
        # for it before the links are listed); only a question is read again, without its mark.
        heading_like = heading_like_blocks(document)[1]
        seen: dict[str, int] = {}
        for block in document.blocks:
            if block.kind == "heading":
                slug = heading_slug(block.text)
                count = seen.get(slug, 0)
                seen[slug] = count + 1
                anchors.add(f"{slug}-{count}" if count else slug)
            elif block.kind == "paragraph" and (id(block) in heading_like or block.text.endswith("?")
                                                and looks_like_heading(block.text.rstrip("?"))):
                # a copy of a page that kept its headings ("What is flat closure?") as plain lines
                anchors.add(heading_slug(block.text))
    return frozenset(anchors)


def internal(url: str) -> bool:
    """A link resolve() can judge: relative or a fragment, not another scheme or host."""
    parts = urllib.parse.urlsplit(url)
    return bool(url) and not TEMPLATE.search(url) and not parts.scheme and not parts.netloc


def resolve(pages: dict[str, PageLinks], fetched: bool = False) -> dict[str, list[tuple[str, str, Diagnostic]]]:
    """The LK findings per page path, as (code, message, where the link is), given every
    page's links and anchors.

    ``pages`` maps a path (or, for fetched pages, a URL) to its PageLinks. For fetched pages a
    link is resolved against the page's URL and judged only when its target was fetched too.
    Linear in the links and anchors: each folder's anchors are gathered once.
    """
    by_url = {urllib.parse.urldefrag(path)[0]: links for path, links in pages.items()} if fetched else {}
    # os.path.abspath, with the working folder asked once rather than once a page (a system call each).
    cwd = os.getcwd()
    absolute = {path: os.path.normcase(os.path.normpath(os.path.join(cwd, path))) for path in pages} if not fetched else {}
    by_file = {absolute[path]: links for path, links in pages.items()} if not fetched else {}
    # A page assembled from the fragments in one folder (a header, main-content-1.md …) links
    # from one fragment to a heading in another: a folder's anchors are all its pages' anchors.
    folder_anchors: dict[str, set[str]] = {}
    folder_of: dict[str, str] = {}  # absolute path -> its folder, worked out once a page, not once a link
    for path, links in by_file.items():
        folder_of[path] = folder = os.path.dirname(path)
        folder_anchors.setdefault(folder, set()).update(links.anchors)
    folder_pages = {folder: PageLinks((), frozenset(anchors)) for folder, anchors in folder_anchors.items()}
    found: dict[str, list[tuple[str, str, Diagnostic]]] = {}
    for path, page in pages.items():
        for url, where in page.links:
            if fetched:
                problem = _web_problem(path, url, page, by_url)
            else:
                folder = folder_of[absolute[path]]
                problem = _file_problem(folder, url, folder_pages[folder], by_file)
            if problem:
                found.setdefault(path, []).append((*problem, where))
    return found


def outside_the_files(target_path: str) -> bool:
    """Whether a link's (unquoted) path leaves the files of a run: root-relative (it depends
    on where the site is served from) or a server route. Such links are never judged in files."""
    return target_path.startswith("/") or target_path.lower().endswith(SERVER_ROUTES)


def _file_problem(folder: str, url: str, page: PageLinks, by_file: dict[str, PageLinks]):
    """The problem of a link in a page of the (absolute, normalised) ``folder``, whose pages
    answer to ``page.anchors``."""
    parts = urllib.parse.urlsplit(url)
    target_path = urllib.parse.unquote(parts.path)
    fragment = urllib.parse.unquote(parts.fragment)
    if not target_path:
        return _anchor_problem(fragment, page, "this page")
    if outside_the_files(target_path):
        return None
    # A link with no extension is a "pretty URL": the page flu/index.md is served as /flu, so
    # its relative links resolve from the folder above it as well as from its own.
    folders = [folder]
    if not os.path.splitext(target_path.rstrip("/"))[1]:
        folders.append(os.path.dirname(folder))
    candidates = []
    for base in folders:
        target = os.path.normcase(os.path.normpath(os.path.join(base, target_path)))
        candidates += [target] + [target.rstrip("/\\") + suffix for suffix in PAGE_SUFFIXES]
    linked = next((by_file[c] for c in candidates if c in by_file), None)
    if linked is not None:
        return _anchor_problem(fragment, linked, target_path)
    if any(exists(c) for c in candidates):
        return None  # a file outside the run (an image, a PDF): there, anchors unknown
    return "LK001", f"Link to '{target_path}', which does not exist"


def _web_problem(path: str, url: str, page: PageLinks, by_url: dict[str, PageLinks]):
    absolute, fragment = urllib.parse.urldefrag(urllib.parse.urljoin(path, url))
    if absolute == urllib.parse.urldefrag(path)[0]:
        return _anchor_problem(urllib.parse.unquote(fragment), page, "this page")
    linked = by_url.get(absolute)
    return _anchor_problem(urllib.parse.unquote(fragment), linked, absolute) if linked else None


def _anchor_problem(fragment: str, page: PageLinks, where: str):
    if fragment in SKIPPED_FRAGMENTS or fragment in page.anchors or fragment.lower() in page.anchors:
        return None
    return "LK002", f"Link to '#{fragment}', which is not an anchor on {where}"


def page_links(document: Document, suppressed=None) -> PageLinks:
    """The internal links of a page and its anchors, for resolve(). ``suppressed(diagnostic)``
    says whether a suppression comment covers a finding there (and marks it used); None: the
    page has no suppression comments.

    A file's links that resolve() never judges (outside_the_files) are left out, and each
    link keeps a window of its source line (diagnostics.line_excerpt), not the line: the run holds
    every page's links until all pages are read."""
    from medlint.discovery import is_url

    in_files = not is_url(document.path)
    asks_nothing = in_files and suppressed is None
    links, external = [], []
    for link in document.links:
        if asks_nothing and link.url.startswith("/"):
            # Root-relative ("/flu/", never judged in files) or another host's ("//cdn…", not
            # internal), and no suppression to ask about it: skipped below too, only later.
            # Most links of a copied site are of this kind.
            continue
        is_web = link.url.startswith(("http://", "https://")) and not TEMPLATE.search(link.url)
        if link.block is None or not (is_web or internal(link.url)):
            continue
        judged = is_web or not (in_files and outside_the_files(urllib.parse.unquote(urllib.parse.urlsplit(link.url).path)))
        if not judged and suppressed is None:
            continue  # (most links of a folder's pages point outside it: no place worked out for them)
        start = document.position(link.block.source_offset(link.start))
        end = document.position(link.block.source_offset(link.end, end=True))
        # From its row (Diagnostic's fields in order), as the engine makes a finding's: the
        # keyword form of the frozen class takes seven times as long, and a page links to many sites.
        where = from_row((document.path, *start, *end, "LK001", "", "links", "warning", "", None, link.url,
                          *line_excerpt(document, start, end)))
        if suppressed is not None and suppressed(where):  # asked first, even of a link never judged: the suppression is used
            continue
        if is_web:
            external.append((link.url, where))
        elif judged:
            links.append((link.url, where))
    return PageLinks(tuple(links), page_anchors(document), tuple(external))
