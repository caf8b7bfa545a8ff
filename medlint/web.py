"""Fetching pages from a live site, politely: robots.txt, a per-host rate limit, a timeout,
a page limit and a User-Agent that names medlint.

The standard library's urllib does the fetching, so a run over files imports none of this
and medlint needs no HTTP dependency. Every failure (an HTTP error, a timeout, a TLS or DNS
error, a page robots.txt forbids) becomes a finding on that URL, never an exception.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import urllib.robotparser
from dataclasses import dataclass, field

from medlint import __version__
from medlint.document import FileProblem

USER_AGENT = f"medlint/{__version__} (content-quality linter for patient pages)"
ROBOTS_AGENT = "medlint"  # the name robots.txt rules address
HTML_TYPES = ("text/html", "application/xhtml+xml")
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
SNIFF_BYTES = 1024  # the HTML standard's prescan looks for <meta charset> in the first 1024 bytes


@dataclass(frozen=True)
class Politeness:
    """How hard medlint may hit a site.

    ``rate`` is requests per second per host (robots.txt's Crawl-delay slows it further);
    ``timeout`` is seconds per request; ``max_pages`` caps the pages one run fetches.
    """

    rate: float = 1.0
    timeout: float = 10.0
    max_pages: int = 500
    user_agent: str = USER_AGENT
    max_bytes: int = 10_000_000


@dataclass
class Fetched:
    """One fetched URL: the final URL after redirects, the body, and what went wrong, if anything."""

    url: str  # as asked for
    final_url: str = ""
    status: int = 0
    content_type: str = ""
    charset: str | None = None  # from the Content-Type header
    body: bytes | None = None
    problems: list[FileProblem] = field(default_factory=list)


class Fetcher:
    """Fetches URLs one host-politeness slot at a time; safe to share between threads."""

    def __init__(self, politeness: Politeness) -> None:
        self.politeness = politeness
        self._next_slot: dict[str, float] = {}  # host -> earliest monotonic time of its next request
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FileProblem] = {}
        self._lock = threading.Lock()
        self.requests = 0  # every request made, robots.txt included
        self._opener = urllib.request.build_opener(_PoliteRedirects(self))

    # -- politeness ---------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        interval = 1.0 / self.politeness.rate if self.politeness.rate > 0 else 0.0
        robots = self._robots.get(host)
        if isinstance(robots, urllib.robotparser.RobotFileParser):
            interval = max(interval, float(robots.crawl_delay(ROBOTS_AGENT) or 0))
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + interval
        if slot > now:
            time.sleep(slot - now)

    def allowed(self, url: str) -> FileProblem | None:
        """None when robots.txt lets medlint fetch ``url``, else the finding that says why not."""
        parts = urllib.parse.urlsplit(url)
        host = parts.netloc.lower()
        if host not in self._robots:
            self._robots[host] = self._read_robots(f"{parts.scheme}://{parts.netloc}/robots.txt")
        robots = self._robots[host]
        if isinstance(robots, FileProblem):
            return robots
        if not robots.can_fetch(ROBOTS_AGENT, url):
            return FileProblem("IO013", 1, "Not fetched: the site's robots.txt forbids it to medlint")
        return None

    def _read_robots(self, robots_url: str):
        """RFC 9309: a missing robots.txt (4xx) allows everything; one the server fails to give
        (5xx) forbids everything. When the host cannot be reached at all, that is the finding."""
        answer = self._request(robots_url)
        parser = urllib.robotparser.RobotFileParser(robots_url)
        if answer.body is not None:
            parser.parse(answer.body.decode("utf-8", "replace").splitlines())
        elif 400 <= answer.status < 500:
            parser.allow_all = True
        elif answer.status:
            return FileProblem("IO013", 1, f"Not fetched: the site's robots.txt could not be read (HTTP {answer.status}), "
                                           "and a crawler must then assume it forbids everything (RFC 9309)")
        else:
            return answer.problems[0]
        return parser

    # -- fetching -----------------------------------------------------------------------
    def fetch(self, url: str) -> Fetched:
        """The page at ``url`` if robots.txt allows it; problems instead of exceptions."""
        refused = self.allowed(url)
        if refused:
            return Fetched(url, problems=[refused])
        return self._request(url)

    def dead_link(self, url: str) -> str | None:
        """Why the link ``url`` is dead ("HTTP 404 Not Found", "host name not found"), or None
        when it answers, or when robots.txt forbids medlint to ask. HEAD first; GET when the
        server does not do HEAD (405, 501). 401, 403 and 429 mean the page is there but not
        for medlint, and are not dead."""
        if self.allowed(url):
            return None
        answer = self._request(url, method="HEAD")
        if answer.status in (405, 501):
            answer = self._request(url, method="GET", read=1)
        if answer.status in (401, 403, 429) or (answer.status and answer.status < 400):
            return None
        return next((p.message for p in answer.problems if p.code in ("IO011", "IO012")), None)

    def _request(self, url: str, method: str = "GET", read: int | None = None) -> Fetched:
        """One request; ``read`` caps the bytes of body kept (default: max_bytes + 1)."""
        result = Fetched(url)
        self._wait_turn(urllib.parse.urlsplit(url).netloc.lower())
        with self._lock:
            self.requests += 1
        request = urllib.request.Request(url, method=method, headers={
            "User-Agent": self.politeness.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5"})
        try:
            with self._opener.open(request, timeout=self.politeness.timeout) as response:
                result.final_url = response.geturl()
                result.status = response.status
                result.content_type = response.headers.get_content_type()
                result.charset = response.headers.get_content_charset()
                result.body = response.read(self.politeness.max_bytes + 1 if read is None else read)
        except _RedirectRefused as refused:
            result.problems.append(refused.problem)
        except urllib.error.HTTPError as error:
            result.status = error.code
            result.problems.append(FileProblem("IO011", 1, f"HTTP error {error.code} {error.reason}"))
        except (urllib.error.URLError, OSError, ValueError) as error:
            result.problems.append(FileProblem("IO012", 1, f"Cannot fetch the page: {fetch_failure(error)}"))
        if result.body is not None and len(result.body) > self.politeness.max_bytes:
            result.body = None
            result.problems.append(FileProblem("IO003", 1, f"Page is over the {self.politeness.max_bytes:,}-byte "
                                                           "limit (max-file-size); not checked"))
        if result.body is not None and result.final_url and result.final_url != url:
            result.problems.append(FileProblem("IO014", 1, f"Redirected to {result.final_url}"))
        return result


class _RedirectRefused(Exception):
    def __init__(self, problem: FileProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _PoliteRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only where robots.txt allows, and each hop waits its host's turn:
    a redirect is a new request, so the same politeness applies to it."""

    def __init__(self, fetcher: "Fetcher") -> None:
        self.fetcher = fetcher

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        refused = self.fetcher.allowed(newurl)
        if refused:
            raise _RedirectRefused(FileProblem("IO013", 1, f"Not fetched: redirected to {newurl}, "
                                                           f"which the site's robots.txt forbids to medlint"))
        self.fetcher._wait_turn(urllib.parse.urlsplit(newurl).netloc.lower())
        with self.fetcher._lock:
            self.fetcher.requests += 1
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_failure(error: Exception) -> str:
    """A one-line reason a request failed: timeout, DNS, TLS, refused connection."""
    import socket
    import ssl

    reason = getattr(error, "reason", error)
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return f"host name not found ({reason.strerror or reason})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({getattr(reason, 'reason', None) or reason})"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    return str(getattr(reason, "strerror", None) or reason)


def page_bytes(fetched: Fetched) -> bytes:
    """The body as UTF-8 for the readers, decoded with the charset the page declares:
    the HTTP header first, then <meta charset> (the order browsers use). With no usable
    declaration the bytes go through as they are, and the reader's own decoding applies."""
    body = fetched.body or b""
    declared = fetched.charset
    if not declared:
        match = META_CHARSET.search(body[:SNIFF_BYTES])
        declared = match.group(1).decode("ascii") if match else None
    if not declared:
        return body
    import codecs

    try:
        encoding = codecs.lookup(declared).name
    except LookupError:
        return body
    if encoding in ("utf-8", "ascii"):
        return body
    if encoding == "latin-1":  # browsers read a page labelled ISO-8859-1 as windows-1252
        encoding = "cp1252"
    return body.decode(encoding, "replace").encode("utf-8")


def saved_name(url: str) -> str:
    """A relative file path for a fetched page: host/path, ending in .html."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path if parts.path and not parts.path.endswith("/") else parts.path + "index.html"
    if parts.query:
        path += "_" + parts.query
    safe = re.sub(r"[^A-Za-z0-9._/-]+", "_", parts.netloc + path).replace("..", "_")
    return safe if safe.endswith((".html", ".htm")) else safe + ".html"
