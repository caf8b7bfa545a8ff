"""Site chrome (BP008): blocks repeated across many pages of one site are reported once and
left out of the other rules."""

from __future__ import annotations

import json

import pytest

from medlint.config import Config
from medlint.engine import build_settings, lint_bytes
from medlint.cache import StoredResult
from medlint.site import (chrome_places, fingerprint, normalised, pack_fingerprints, page_fingerprints, site_chrome,
                          threshold, unpack_fingerprints)
from medlint.readers import read_document

PROMO = ("Our hospital is proud to offer patients a wide range of specialist services in modern buildings "
         "that are open every day of the year to everyone who lives in the region.")  # one sentence of 31 words: RD003
TOPICS = ["flu", "measles", "mumps", "rubella", "shingles", "warts", "asthma", "eczema"]


def page(topic: str, extra: str = "") -> str:
    return (f"<html><head><title>{topic.title()}</title></head><body><main>"
            f"<h1>{topic.title()}</h1><h2>Symptoms</h2>"
            f"<p>{topic.title()} is an illness. Most people get better in a week.</p>"
            f"<p>{PROMO}</p>{extra}</main></body></html>")


def make_site(folder, topics, extra=lambda topic: ""):
    folder.mkdir(parents=True, exist_ok=True)
    for topic in topics:
        (folder / f"{topic}.html").write_text(page(topic, extra(topic)), encoding="utf-8")
    return folder


def diagnostics(run, *args):
    result = run("check", "--format", "json", "--select", "BP,RD003,ST", *args)
    assert result.exit_code in (0, 1), result.output
    return [(d["path"].replace("\\", "/"), d["line"], d["code"], d["message"]) for d in json.loads(result.output)["diagnostics"]]


def test_a_repeated_block_is_reported_once_and_left_out_of_the_prose_rules(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:6])
    found = diagnostics(run, "site")
    assert found == [("site/flu.html", 1, "BP008", "Site chrome: a block repeated on 6 of the site's 6 pages "
                                                    "(flu.html, measles.html, mumps.html and 3 more); left out of the other checks")]
    page_by_page = diagnostics(run, "site", "--no-site-chrome")
    assert [code for *_, code, _ in page_by_page] == ["RD003"] * 6  # the promo's long sentence, on every page


def test_neighbouring_chrome_blocks_are_one_finding(run, tmp_path):
    menu = "<ul><li>Home</li><li>Services</li><li>Contact</li></ul>"
    make_site(tmp_path / "site", TOPICS[:5], extra=lambda topic: menu)
    [finding] = diagnostics(run, "site")
    assert finding[2:] == ("BP008", "Site chrome: 4 blocks repeated on 5 of the site's 5 pages "
                                    "(flu.html, measles.html, mumps.html and 2 more); left out of the other checks")


def test_a_block_on_few_pages_is_content(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:8], extra=lambda t: "<p>Ask your pharmacist about a flu jab.</p>" if t in ("flu", "measles") else "")
    codes = [(path, code) for path, _, code, _ in diagnostics(run, "site")]
    assert codes == [("site/asthma.html", "BP008")]  # first in path order; the promo (8 of 8 pages), not the pharmacist line (2 of 8)


def test_a_small_site_has_no_site_chrome(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:4])
    assert [code for *_, code, _ in diagnostics(run, "site")] == ["RD003"] * 4


def test_each_folder_named_is_its_own_site(run, tmp_path):
    make_site(tmp_path / "one", TOPICS[:4])
    make_site(tmp_path / "two", TOPICS[4:8])
    assert [code for *_, code, _ in diagnostics(run, "one", "two")] == ["RD003"] * 8  # 4 + 4 pages, not 8


def test_headings_are_never_chrome():
    document = read_document(page("flu").encode(), "flu.html", "html")
    candidates = page_fingerprints(document, "site").fingerprints
    assert fingerprint(next(b for b in document.blocks if b.text == "Symptoms")) not in candidates
    assert fingerprint(next(b for b in document.blocks if b.text == PROMO)) in candidates


def test_the_threshold_is_a_count_and_a_share():
    assert threshold(5, 3, 0.25) == 3
    assert threshold(16, 3, 0.25) == 4
    assert threshold(1000, 3, 0.25) == 250


def test_the_same_findings_with_worker_processes(run, tmp_path):
    topics = [f"{t}{n}" for n in range(3) for t in TOPICS]  # 24 pages: enough for worker processes
    make_site(tmp_path / "site", topics)
    assert diagnostics(run, "site", "--jobs", "2") == diagnostics(run, "site", "--jobs", "1")


def test_lint_bytes_takes_the_chrome_as_an_argument():
    settings = build_settings(Config(), select=("RD003",))
    data = page("flu").encode()
    [document] = [read_document(data, "flu.html", "html")]
    chrome = frozenset({fingerprint(next(b for b in document.blocks if b.text == PROMO))})
    assert [d.code for d in lint_bytes(data, "flu.html", "html", settings).diagnostics] == ["RD003"]
    assert lint_bytes(data, "flu.html", "html", settings, chrome).diagnostics == []


def test_a_source_the_site_repeats_still_sources_the_page(run, tmp_path):
    sources = '<p>Source: <a href="https://www.nice.org.uk/guidance/ng1">NICE guideline NG1</a>.</p>'
    claims = lambda topic: "<p>Studies show that 9 in 10 people get better.</p>"  # noqa: E731
    make_site(tmp_path / "site", TOPICS[:6], extra=lambda topic: claims(topic) + sources)
    result = run("check", "--format", "json", "--select", "SC", "site")
    assert json.loads(result.output)["diagnostics"] == []


def test_site_chrome_counts_pages_by_site():
    prints = [page_fingerprints(read_document(page(t).encode(), f"{t}.html", "html"), "a" if i < 5 else "b")
              for i, t in enumerate(TOPICS)]
    chrome = site_chrome(prints, 3, 0.25, 5)
    assert set(chrome) == {"a"}
    assert chrome["a"].pages[fingerprint_of_promo()] == tuple(f"{t}.html" for t in TOPICS[:5])


def fingerprint_of_promo() -> str:
    document = read_document(page("flu").encode(), "flu.html", "html")
    return fingerprint(next(b for b in document.blocks if b.text == PROMO))


def test_the_thresholds_can_be_set_in_the_configuration(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:6])
    (tmp_path / "medlint.toml").write_text("[rules.BP008]\nmin-site = 7\n")
    assert [code for *_, code, _ in diagnostics(run, "site")] == ["RD003"] * 6  # 6 pages: too few now
    (tmp_path / "medlint.toml").write_text("[rules.BP008]\nmin-share = 'half'\n")
    result = run("check", "site")
    assert result.exit_code == 2 and "min_share must be a float, like 0.25" in result.output


def test_files_named_one_by_one_are_no_site(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:6])  # as pre-commit names the files of a commit
    named = [f"site/{topic}.html" for topic in TOPICS[:6]]
    assert [code for *_, code, _ in diagnostics(run, *named)] == ["RD003"] * 6


def test_a_lone_repeated_word_is_not_reported(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:6], extra=lambda topic: f"<h2>Can {topic} spread?</h2><p>Yes</p>")
    found = diagnostics(run, "site")
    assert [code for *_, code, _ in found] == ["BP008"]  # the promo only, not "Yes"


def test_a_second_run_from_the_result_cache_finds_the_same(run, tmp_path):
    make_site(tmp_path / "site", TOPICS[:6], extra=lambda topic: '<p>See <a href="#nowhere">below</a>.</p>')
    args = ("check", "--format", "json", "--select", "BP,RD003,LK", "site")
    first = run(*args).output
    assert (tmp_path / ".medlint_cache").is_dir()
    again = run(*args).output
    assert again == first and '"BP008"' in first and '"LK002"' in first
    (tmp_path / "site" / "flu.html").write_text(page("flu"), encoding="utf-8")  # one page less carries the link
    assert run(*args).output.count('"LK002"') == first.count('"LK002"') - 1
    assert run(*args, "--no-cache").output == run(*args).output


def test_a_page_s_candidates_are_kept_as_eight_bytes_each():
    document = read_document(page("flu", "<ul><li>Home</li><li>Contact</li></ul>").encode(), "flu.html", "html")
    survey = page_fingerprints(document, "site")
    assert len(survey.fingerprints) == 4  # two paragraphs, two list items
    assert len(survey.packed) == 8 * 4
    assert fingerprint_of_promo() in survey.fingerprints


def test_chrome_places_say_where_the_chrome_blocks_sit():
    source = page("flu").replace("<p>", "\n<p>")  # each paragraph on a line of its own
    document = read_document(source.encode(), "flu.html", "html")
    places = chrome_places(document, frozenset({fingerprint_of_promo(), "0000000000000000"}))
    [(key, (index, start, end, first_line, words))] = places.items()
    assert key == fingerprint_of_promo()
    assert document.blocks[index].text == PROMO
    assert (start, end) == ((3, 4), (3, 4 + len(PROMO)))
    assert first_line[0].startswith(f"<p>{PROMO}</p>")
    assert words == len(PROMO.split())


def test_a_page_checked_with_its_chrome_says_where_it_sits_and_the_cache_keeps_it():
    settings = build_settings(Config(), select=("RD003",))
    data = page("flu").encode()
    assert lint_bytes(data, "flu.html", "html", settings).chrome_places is None
    result = lint_bytes(data, "flu.html", "html", settings, frozenset({fingerprint_of_promo()}))
    assert list(result.chrome_places) == [fingerprint_of_promo()]
    assert StoredResult.decode(StoredResult.encode(result)).chrome_places == result.chrome_places
    surveyed = lint_bytes(data, "flu.html", "html", settings, survey=True)
    assert StoredResult.decode(StoredResult.encode(surveyed)).chrome_candidates == surveyed.chrome_candidates


@pytest.mark.parametrize("count", [0, 1, 2, 61])
def test_fingerprints_packed_and_unpacked_come_back_in_order(count):
    digests = [index.to_bytes(8, "big") for index in range(count, 0, -1)]  # 8-byte digests, out of order
    packed = pack_fingerprints(digests)
    assert len(packed) == 8 * count
    assert unpack_fingerprints(packed) == [digest.hex() for digest in digests]  # as fingerprint() gives them


@pytest.mark.parametrize("text", ["Find a Doctor", "Find  a\tDoctor ", " find a doctor", "Find\u00a0a\u2003Doctor",
                                  "Find a\nDoctor", "ΟΔΟΣ Find", "", "   ", "Call 0800\u202f123"])
def test_blocks_that_differ_in_case_and_spacing_alone_are_one_block(text):
    assert normalised(text) == " ".join(text.lower().split())


def test_a_printable_text_holds_no_space_but_the_space_character():
    # normalised() takes printable text with single spaces as normal already.
    import sys

    assert [hex(c) for c in range(sys.maxunicode + 1) if chr(c).isspace() and chr(c).isprintable()] == ["0x20"]
