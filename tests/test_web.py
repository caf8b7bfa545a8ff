"""Checking a live site: pages by URL, a sitemap, a file of URLs, served from 127.0.0.1.

A local HTTP server (started here, in a thread) stands in for the site: fixture pages, a
sitemap index, robots.txt forbidding one path, a redirect, a 404, a 500, a slow page, a page
in Windows-1252, a PDF. No test touches the internet.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from medlint.crawl import SitemapError, sitemap_locations
from medlint.web import Fetcher, Politeness, saved_name

from conftest import FIXTURES

HTML_FIXTURES = sorted(FIXTURES.glob("*/*.html"))
CP1252_PAGE = ("<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 hygiene</title></head>"
               "<body><h1>Caf\xe9 hygiene</h1><p>Wash your hands \x96 it\x92s the best way to stop germs.</p>"
               "</body></html>").encode("latin-1")
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class Site:
    """The routes of the test site, and a log of (path, User-Agent, monotonic time) per request."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.log: list[tuple[str, str, float]] = []
        self.methods: list[tuple[str, str]] = []  # (method, path) of every request
        self.base = ""

    def page(self, path: str, body: bytes | str, status: int = 200, content_type: str = "text/html; charset=utf-8",
             **headers) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, data)

    def url(self, path: str) -> str:
        return self.base + path

    def requested(self, path: str) -> list[float]:
        return [when for asked, _, when in self.log if asked == path]


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_HEAD(self):  # noqa: N802 (the stdlib's name)
            state.methods.append(("HEAD", self.path))
            if self.path == "/no-head.html":
                self.send_response(405)
                self.end_headers()
                return
            self.respond(body=False)

        def do_GET(self):  # noqa: N802
            state.methods.append(("GET", self.path))
            self.respond(body=True)

        def respond(self, body: bool):
            state.log.append((self.path, self.headers.get("User-Agent", ""), time.monotonic()))
            if self.path == "/slow.html":
                time.sleep(1.5)
            status, headers, data = state.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)

        def log_message(self, *args):  # keep the test output clean
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a client that gave up (a timeout) is expected
            pass

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    state.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def report(run, *args):
    result = run("check", "--format", "json", "--fetch-rate", "1000", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)["diagnostics"]


def by_path(diagnostics) -> dict[str, list[tuple]]:
    found: dict[str, list[tuple]] = {}
    for d in diagnostics:
        found.setdefault(d["path"], []).append((d["line"], d["column"], d["code"], d["message"]))
    return found


def test_a_served_page_has_the_findings_of_the_same_file_on_disk(run, site):
    urls = []
    for path in HTML_FIXTURES:
        name = f"/{path.parent.name}/{path.name}"
        site.page(name, path.read_bytes())
        urls.append(site.url(name))
    # Links to pages are compared in their own test: a served page's link to a page that was
    # not fetched is not judged, where on disk the file's absence is.
    served = by_path(report(run, "--no-site-chrome", "--ignore", "LK", *urls))
    from_disk = by_path(report(run, "--no-site-chrome", "--ignore", "LK", *HTML_FIXTURES))
    assert len(served) >= 10
    for path, url in zip(HTML_FIXTURES, urls):
        assert served.get(url, []) == from_disk.get(str(path), []), url


def test_sitemap_index_robots_redirect_and_errors(run, site, tmp_path):
    page = (FIXTURES / "boilerplate" / "good.html").read_bytes()
    site.page("/sitemap.xml", f'<sitemapindex {SITEMAP_NS}><sitemap><loc>{site.url("/pages.xml")}</loc></sitemap></sitemapindex>',
              content_type="application/xml")
    listed = ["/flu.html", "/old-flu", "/missing.html", "/broken.html", "/private/draft.html", "/leaflet.pdf"]
    site.page("/pages.xml", f"<urlset {SITEMAP_NS}>" + "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in listed)
              + "</urlset>", content_type="application/xml")
    site.page("/flu.html", page)
    site.page("/old-flu", b"", status=301, Location="/flu.html")
    site.page("/broken.html", b"oops", status=500, content_type="text/plain")
    site.page("/private/draft.html", page)
    site.page("/leaflet.pdf", b"%PDF-1.4", content_type="application/pdf")

    found = by_path(report(run, "--sitemap", site.url("/sitemap.xml"), "--select", "IO", "--save-pages", tmp_path / "saved"))

    assert found == {  # /flu.html has no finding
        site.url("/old-flu"): [(1, 1, "IO014", f"Redirected to {site.url('/flu.html')}")],
        site.url("/missing.html"): [(1, 1, "IO011", "HTTP error 404 Not Found")],
        site.url("/broken.html"): [(1, 1, "IO011", "HTTP error 500 Internal Server Error")],
        site.url("/private/draft.html"): [(1, 1, "IO013", "Not fetched: the site's robots.txt forbids it to medlint")],
        site.url("/leaflet.pdf"): [(1, 1, "IO015", "Not an HTML page (Content-Type application/pdf); not checked")],
    }
    assert not site.requested("/private/draft.html")
    assert all(agent.startswith("medlint/") for _, agent, _ in site.log)
    assert (tmp_path / "saved" / saved_name(site.url("/flu.html"))).read_bytes() == page


def test_a_redirect_into_a_path_robots_txt_forbids_is_not_followed(run, site):
    site.page("/draft", b"", status=301, Location="/private/draft.html")
    site.page("/private/draft.html", (FIXTURES / "boilerplate" / "good.html").read_bytes())
    found = by_path(report(run, site.url("/draft")))
    assert found == {site.url("/draft"): [(1, 1, "IO013", f"Not fetched: redirected to {site.url('/private/draft.html')}, "
                                                          "which the site's robots.txt forbids to medlint")]}
    assert site.requested("/draft") and not site.requested("/private/draft.html")


def test_a_slow_page_times_out_as_a_finding(run, site):
    site.page("/slow.html", "<p>Late.</p>")
    found = by_path(report(run, "--fetch-timeout", "0.3", site.url("/slow.html")))
    assert found == {site.url("/slow.html"): [(1, 1, "IO012", "Cannot fetch the page: timed out")]}


def test_an_unreachable_host_is_a_finding_not_a_crash(run):
    found = by_path(report(run, "http://127.0.0.1:9/flu.html"))
    assert found == {"http://127.0.0.1:9/flu.html": [(1, 1, "IO012", "Cannot fetch the page: connection refused")]}


def test_declared_windows_1252_is_respected(run, site, tmp_path):
    site.page("/cafe.html", CP1252_PAGE, content_type="text/html")  # the charset is only in <meta>
    site.page("/cafe-header.html", CP1252_PAGE.replace(b"windows-1252", b"utf-8"),
              content_type="text/html; charset=windows-1252")  # the header wins over <meta>
    served = report(run, "--select", "IO,EN", site.url("/cafe.html"), site.url("/cafe-header.html"))
    assert served == []
    (tmp_path / "cafe.html").write_bytes(CP1252_PAGE)  # the same bytes from disk are not UTF-8
    assert [d["code"] for d in report(run, "--select", "IO,EN", tmp_path / "cafe.html")] == ["IO004"]


def test_requests_to_one_host_keep_to_the_rate_limit(site):
    for n in range(4):
        site.page(f"/p{n}.html", "<p>Text.</p>")
    fetcher = Fetcher(Politeness(rate=10))  # at most one request every 0.1 s
    for n in range(4):
        assert fetcher.fetch(site.url(f"/p{n}.html")).body == b"<p>Text.</p>"
    times = sorted(when for _, _, when in site.log)  # robots.txt, then the four pages
    assert len(times) == 5
    # Sent at least 0.1 s apart. Each page is sent after robots.txt arrived, and the last page
    # at least three gaps after the first: it arrives at least 0.3 s after robots.txt did.
    assert times[-1] - times[0] >= 0.3


def test_crawl_delay_in_robots_txt_slows_the_rate(site):
    site.page("/robots.txt", "User-agent: medlint\nCrawl-delay: 1\n", content_type="text/plain")
    site.page("/a.html", "<p>A.</p>")
    site.page("/b.html", "<p>B.</p>")
    fetcher = Fetcher(Politeness(rate=1000))
    started = time.monotonic()
    fetcher.fetch(site.url("/a.html"))
    fetcher.fetch(site.url("/b.html"))
    # Timed here, not by when the server saw each request: on a loaded machine the first
    # request can reach the server late, which shortens the gap the server sees.
    assert len(site.requested("/a.html")) == len(site.requested("/b.html")) == 1
    assert time.monotonic() - started >= 0.99  # at 1000 pages a second, without the delay: milliseconds


def test_the_page_limit_is_kept_and_said(run, site):
    for n in range(5):
        site.page(f"/p{n}.html", "<h1>Page</h1><p>Text.</p>")
    urls = [site.url(f"/p{n}.html") for n in range(5)]
    result = run("check", "--format", "json", "--fetch-rate", "1000", "--max-pages", "2", *urls)
    assert "5 pages to check; checked the first 2 (max-pages)" in result.stderr
    assert len([path for path, *_ in site.log if path.startswith("/p")]) == 2


def test_a_file_of_urls(run, site, tmp_path):
    site.page("/a.html", "<h1>Flu</h1><p>Lorem ipsum dolor sit amet.</p>")
    (tmp_path / "urls.txt").write_text(f"# pages to check\n{site.url('/a.html')}\n\n")
    assert [(d["path"], d["code"]) for d in report(run, "--select", "PH", "--urls", tmp_path / "urls.txt")] == [
        (site.url("/a.html"), "PH001")]
    (tmp_path / "bad.txt").write_text("flu.html\n")
    result = run("check", "--urls", tmp_path / "bad.txt")
    assert result.exit_code == 2 and "'flu.html' is not an http:// or https:// URL" in result.stderr


@pytest.mark.parametrize("data, message", [
    (b"<html></html>", "the root element is <html>, not <urlset> or <sitemapindex>"),
    (b"<urlset", "not well-formed XML"),
    (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><urlset/>', "declares a document type"),
])
def test_what_is_not_a_sitemap(data, message):
    with pytest.raises(SitemapError, match=message):
        sitemap_locations(data)


def test_a_gzipped_sitemap_is_read():
    import gzip

    data = gzip.compress(f"<urlset {SITEMAP_NS}><url><loc> https://example.org/a </loc></url></urlset>".encode())
    assert sitemap_locations(data) == ("urlset", ["https://example.org/a"])


def test_a_sitemap_that_is_not_one_is_a_finding_on_its_url(run, site):
    site.page("/sitemap.xml", "<html><p>Not a sitemap</p></html>", content_type="text/html")
    found = by_path(report(run, "--sitemap", site.url("/sitemap.xml")))
    assert found == {site.url("/sitemap.xml"): [
        (1, 1, "IO015", "Not a sitemap: the root element is <html>, not <urlset> or <sitemapindex>")]}


def test_links_between_fetched_pages(run, site):
    site.page("/flu.html", '<h1>Flu</h1><p id="jab">See <a href="#jab">this</a>, <a href="#nowhere">that</a>, '
                           '<a href="vaccines.html#spray">the spray</a>, <a href="vaccines.html#how">how</a> and '
                           '<a href="unfetched.html">another page</a>.</p>')
    site.page("/vaccines.html", '<h1>Vaccines</h1><h2 id="how">How it is given</h2><p>In the arm.</p>')
    found = by_path(report(run, "--select", "LK", site.url("/flu.html"), site.url("/vaccines.html")))
    assert found == {site.url("/flu.html"): [
        (1, 73, "LK002", "Link to '#nowhere', which is not an anchor on this page"),
        (1, 113, "LK002", f"Link to '#spray', which is not an anchor on {site.url('/vaccines.html')}"),
    ]}


def test_check_links_reports_dead_external_links_once_each(run, site, tmp_path):
    site.page("/ok.html", "<p>Here.</p>")
    site.page("/no-head.html", "<p>Here, but only for GET.</p>")
    site.page("/gone.html", "", status=410, content_type="text/plain")
    site.page("/members.html", "", status=403, content_type="text/plain")
    site.page("/private/x.html", "", status=404, content_type="text/plain")  # robots.txt forbids asking
    links = " ".join(f"[{p}]({site.url(p)})" for p in
                     ("/ok.html", "/no-head.html", "/gone.html", "/members.html", "/missing.html", "/private/x.html"))
    (tmp_path / "a.md").write_text(f"# A\n\n{links}\n\n[again]({site.url('/gone.html')})\n", encoding="utf-8")
    found = report(run, "--select", "LK", "--check-links", "a.md")
    assert [(d["line"], d["message"]) for d in found] == [
        (3, f"Dead link to {site.url('/gone.html')}: HTTP error 410 Gone"),
        (3, f"Dead link to {site.url('/missing.html')}: HTTP error 404 Not Found"),
        (5, f"Dead link to {site.url('/gone.html')}: HTTP error 410 Gone"),
    ]
    asked = [(method, path) for method, path in site.methods]
    assert asked.count(("HEAD", "/gone.html")) == 1  # one request per link per run
    assert ("GET", "/no-head.html") in asked  # HEAD answered 405, so GET
    assert not any(path.startswith("/private/") for _, path in asked)


def test_without_check_links_nothing_is_fetched(run, site, tmp_path):
    (tmp_path / "a.md").write_text(f"# A\n\n[gone]({site.url('/gone.html')})\n", encoding="utf-8")
    assert report(run, "--select", "LK", "a.md") == []
    assert site.log == []


def test_save_pages_into_a_file_is_a_usage_error(run, site, tmp_path):
    site.page("/a.html", "<h1>A</h1><p>Text.</p>")
    (tmp_path / "taken").write_text("a file, not a folder")
    result = run("check", "--fetch-rate", "1000", "--save-pages", tmp_path / "taken" / "pages", site.url("/a.html"))
    assert result.exit_code == 2 and "--save-pages: cannot write" in result.stderr


def test_a_bar_while_fetching_on_a_terminal(site, tmp_path):
    import os

    from test_progress import run_with_stderr_on_a_terminal

    from medlint.cli import PROGRESS_MIN_FILES

    urls = []
    for n in range(PROGRESS_MIN_FILES):
        site.page(f"/p{n}.html", f"<h1>Page {n}</h1><p>Flu is common.</p>")
        urls.append(site.url(f"/p{n}.html"))
    environ = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    result, shown = run_with_stderr_on_a_terminal(tmp_path, environ, ("check", "--fetch-rate", "1000", *urls))
    assert "Fetching" in shown and b"Fetching" not in result.stdout


def test_why_a_fetch_failed_in_one_line():
    import socket
    import ssl
    import urllib.error

    from medlint.web import fetch_failure

    assert fetch_failure(urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))) == \
        "host name not found (Name or service not known)"
    tls = ssl.SSLCertVerificationError(1, "certificate verify failed")
    tls.reason = "CERTIFICATE_VERIFY_FAILED"
    assert fetch_failure(urllib.error.URLError(tls)) == "TLS error (CERTIFICATE_VERIFY_FAILED)"
    assert fetch_failure(urllib.error.URLError(TimeoutError("timed out"))) == "timed out"
    assert fetch_failure(urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))) == "connection refused"


def test_a_baseline_of_fetched_pages_holds_from_any_folder(run, site, tmp_path):
    site.page("/a.html", "<h1>A</h1><p>Lorem ipsum dolor sit amet.</p>")
    baseline = tmp_path / "baseline.json"
    run("check", "--fetch-rate", "1000", "--write-baseline", baseline, site.url("/a.html"))
    (tmp_path / "elsewhere").mkdir()
    result = run("check", "--fetch-rate", "1000", "--baseline", baseline, site.url("/a.html"), cwd=tmp_path / "elsewhere")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("output_format", ["sarif", "gitlab", "junit", "markdown", "text"])
def test_reports_name_a_fetched_page_by_its_url(run, site, output_format):
    site.page("/a.html", "<h1>Title 1</h1><p>Text.</p>")
    result = run("check", "--fetch-rate", "1000", "--select", "PH", "--format", output_format, site.url("/a.html"))
    assert site.url("/a.html") in result.stdout
