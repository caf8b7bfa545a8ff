"""Links between the pages of a run (LK001, LK002), checked offline."""

from __future__ import annotations

import json

import pytest

from medlint.document import Document
from medlint.links import heading_slug, page_anchors
from medlint.readers import read_document


def write(folder, files: dict[str, str]):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def found(run, *args):
    result = run("check", "--format", "json", "--select", "LK", *args)
    assert result.exit_code in (0, 1), result.output
    return [(d["path"].replace("\\", "/"), d["line"], d["column"], d["code"], d["message"])
            for d in json.loads(result.output)["diagnostics"]]


@pytest.mark.parametrize("heading, slug", [
    ("Side effects", "side-effects"),
    ("Side effects & risks", "side-effects--risks"),
    ("What is COVID-19?", "what-is-covid-19"),
    ("Don’t panic", "dont-panic"),
])
def test_heading_slugs_are_the_renderers(heading, slug):
    assert heading_slug(heading) == slug


def test_a_repeated_heading_is_numbered():
    document = read_document(b"# Flu\n\n## Treatment\n\n## Treatment\n", "flu.md", "markdown")
    assert {"flu", "treatment", "treatment-1"} <= page_anchors(document)


def test_html_ids_and_names_are_anchors():
    document = read_document(b'<h2 id="who">Who</h2><p><a name="dose"></a>Dose</p><div id="x"></div>', "a.html", "html")
    assert page_anchors(document) == {"who", "dose", "x"}
    assert page_anchors(Document("a.txt", "text", "Flu")) == frozenset()


def test_a_missing_page_and_a_missing_anchor_in_markdown(run, tmp_path):
    write(tmp_path, {
        "flu.md": "# Flu\n\nSee [the vaccine](vaccine.md#who-can-have-it) and [colds](colds.md).\n\n[Up](#flu) [Down](#treatment)\n",
        "vaccine.md": "# Vaccine\n\n## Who can have it?\n\nAdults.\n",
    })
    assert found(run, ".") == [
        ("flu.md", 3, 52, "LK001", "Link to 'colds.md', which does not exist"),
        ("flu.md", 5, 13, "LK002", "Link to '#treatment', which is not an anchor on this page"),
    ]


def test_pretty_urls_and_files_outside_the_run_pass(run, tmp_path):
    write(tmp_path, {
        "content/flu/index.md": "# Flu\n\n[Vaccine](../vaccine) [Colds](colds) [Leaflet](leaflet.pdf) [Home](/)\n",
        "content/vaccine.md": "# Vaccine\n",
        "content/colds.md": "# Colds\n",
        "content/flu/leaflet.pdf": "%PDF",
    })
    assert found(run, "content/flu/index.md") == []  # checked alone: the others are files on disk


def test_links_medlint_cannot_judge_offline_pass(run, tmp_path):
    write(tmp_path, {"a.md": "# A\n\n[NHS](https://www.nhs.uk/flu) [Mail](mailto:a@b.org) [Root](/flu/) "
                             "[Template]({{ base }}flu) [Route](../Common/popDefinition.aspx?id=1) [Top](#top) [Hash](#)\n"})
    assert found(run, "a.md") == []


def test_root_relative_and_other_host_links_pass_beside_a_broken_relative_one(run, tmp_path):
    write(tmp_path, {"a.md": "# A\n\n[Root](/flu/missing.md) [CDN](//cdn.example.org/missing.md) "
                             "[Query](/Common/popDefinition.aspx?id=1#x)\n\n[Gone](gone.md)\n"})
    assert found(run, "a.md") == [("a.md", 5, 2, "LK001", "Link to 'gone.md', which does not exist")]


def test_fragments_of_one_folder_share_anchors(run, tmp_path):
    write(tmp_path, {
        "flu/header.md": "- [Symptoms](#symptoms)\n- [Treatment](#treatment)\n",
        "flu/main-content.md": "## Symptoms\n\nA fever.\n",
    })
    assert found(run, "flu") == [("flu/header.md", 2, 4, "LK002", "Link to '#treatment', which is not an anchor on this page")]


def test_a_suppression_comment_covers_a_link_finding(run, tmp_path):
    write(tmp_path, {"a.md": "# A\n\n<!-- medlint-disable-next-line LK001 -- page is being written -->\n[B](b.md)\n\n[C](c.md)\n"})
    assert [(line, code) for _, line, _, code, _ in found(run, "a.md")] == [(6, "LK001")]


def test_per_file_ignores_and_ignore_apply(run, tmp_path):
    write(tmp_path, {"a.md": "# A\n\n[B](b.md) [X](#x)\n",
                     "medlint.toml": '[per-file-ignores]\n"a.md" = ["LK001"]\n'})
    assert [code for *_, code, _ in found(run, "a.md")] == ["LK002"]
    assert found(run, "a.md", "--ignore", "LK002") == []


def test_html_links(run, tmp_path):
    write(tmp_path, {"a.html": '<h1 id="top-of-page">A</h1><p><a href="b.html#dose">B</a> <a href="#top-of-page">up</a></p>',
                     "b.html": '<h1>B</h1><p id="doses">Two doses.</p>'})
    assert found(run, ".") == [("a.html", 1, 53, "LK002", "Link to '#dose', which is not an anchor on b.html")]


def test_a_heading_kept_as_a_plain_line_is_an_anchor(run, tmp_path):
    # A page copied off a site: its headings are plain lines, its links still point at them.
    write(tmp_path, {"a.md": "# Breast reconstruction\n\nOr a [flat closure](#what-is-flat-closure), or [none](#none).\n\n"
                             "What is flat closure?\n\nA flat closure rebuilds the chest wall.\n"})
    assert [message for *_, message in found(run, "a.md")] == ["Link to '#none', which is not an anchor on this page"]


@pytest.mark.parametrize("select", ["LK", "LK,DU"])  # (with DU, its rules ask which lines look like headings first)
def test_a_short_plain_line_is_an_anchor_and_a_sentence_is_not(run, tmp_path, select):
    write(tmp_path, {"a.md": "# Flu\n\nSee [symptoms](#symptoms-of-flu), [fever](#fever-and-aches) and [rest](#when-to-rest).\n\n"
                             "Symptoms of flu\n\nFever and aches.\n\nWhen to rest?\n\nStay home.\n"})
    result = run("check", "--format", "json", "--select", select, "a.md")
    messages = [d["message"] for d in json.loads(result.output)["diagnostics"] if d["code"].startswith("LK")]
    assert messages == ["Link to '#fever-and-aches', which is not an anchor on this page"]


def test_markdown_link_targets_are_percent_encoded_as_markdown_it_wrote_them():
    """A target with a character a URL may not hold gets it %-encoded as UTF-8; escapes and the
    characters a URL may hold stay as they are; an e-mail autolink becomes a mailto: link."""
    page = ("See [a](<guides/flu shot.md>), [b](/caf\u00e9), [c](/a%20b?x=1&y='2'#top), [d](/a%zz), "
            "[e](/x\"y) and <help@example.org>.\n")
    document = read_document(page.encode("utf-8"), "page.md", "markdown")
    assert [link.url for link in document.links] == [
        "guides/flu%20shot.md", "/caf%C3%A9", "/a%20b?x=1&y='2'#top", "/a%25zz", "/x%22y", "mailto:help@example.org"]
