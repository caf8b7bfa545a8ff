"""The HTML dashboard: one self-contained page (no network) for the whole site.

Totals, two charts (findings per category, reading grades), a table of pages sortable by
any column, and each page's findings with the source line. Every piece of page text is
escaped, and a Content-Security-Policy allows only this file's own script, so a page that
contains '<script>' cannot run it in the report.
"""

from __future__ import annotations

import base64
import hashlib
import os
import statistics
import unicodedata
from collections import Counter
from html import escape

from medlint import __version__
from medlint.reporters import SEVERITY_ORDER, baseline_text, grade_text, plural, report_path

EXCERPT_CONTEXT = 60  # characters shown either side of a finding on long source lines
FLAGGED_SHOWN = 200  # characters of the flagged text itself
GRADE_BINS = [(None, 6, "≤5")] + [(g, g + 1, str(g)) for g in range(6, 16)] + [(16, None, "16+")]

STYLE = """
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --good: #067647; --ink: #1d2939;
        --muted: #667085; --line: #eaecf0; --bar: #2e90fa; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; padding: 24px; max-width: 1200px; }
h1 { margin: 0 0 4px; } h2 { margin-top: 32px; }
.sub { color: var(--muted); margin: 0 0 20px; }
.totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
.card b { display: block; font-size: 26px; }
.card span { color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 20px; margin-top: 20px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.empty { color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
.score { display: inline-block; min-width: 2.6em; text-align: center; border-radius: 10px; color: #fff; font-weight: 600; }
.score.good { background: var(--good); } .score.fair { background: var(--warning); } .score.poor { background: var(--error); }
details { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; padding: 6px 12px; }
summary { cursor: pointer; font-weight: 600; }
ol.findings { padding-left: 0; list-style: none; }
ol.findings li { margin: 10px 0; }
.sev { font-size: 12px; font-weight: 600; text-transform: uppercase; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
pre.src { background: #f9fafb; border: 1px solid var(--line); padding: 6px 8px; margin: 4px 0 0;
          white-space: pre-wrap; word-break: break-word; }
mark { background: #fde68a; }
td.zero { color: #d0d5dd; }
"""

SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, column) {
    th.querySelector("button").addEventListener("click", function () {
      var numeric = th.dataset.type === "number";
      var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      function key(row) {
        var cell = row.cells[column];
        var value = cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent;
        if (value === "") return null;
        return numeric ? parseFloat(value) : value.toLowerCase();
      }
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);  /* blanks last */
        return (numeric ? x - y : x.localeCompare(y)) * direction;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
});
"""


def render(report) -> str:
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
    categories = [c for c, _ in Counter(d.category for d in report.diagnostics).most_common()]
    ids = {page.path: f"page-{i}" for i, page in enumerate(report.pages)}
    folder = _common_folder(report)
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>medlint report</title><style>{STYLE}</style></head><body>",
        "<h1>medlint report</h1>",
        f'<p class="sub">{escape(_subtitle(report))}</p>',
        _totals(report),
        '<section class="charts">',
        _category_chart(report),
        _grade_chart(report),
        "</section>",
        "<h2>Pages</h2>",
        _pages_table(report, categories, ids, folder),
        "<h2>Findings by page</h2>",
        *(_page_findings(page, ids[page.path], folder) for page in report.pages if page.diagnostics),
        "" if report.diagnostics else '<p class="empty">No findings.</p>',
        f"<script>{SCRIPT}</script>",
        "</body></html>",
        "",
    ])


def _subtitle(report) -> str:
    parts = [f"{plural(report.files, 'page')} checked by medlint {__version__}"]
    if report.baseline:
        parts.append(baseline_text(report))
    return " · ".join(parts)


def _totals(report) -> str:
    grades = [p.grade for p in report.pages if p.grade is not None]
    average = report.average_score()
    cards = [
        (report.files, "pages"),
        (len(report.diagnostics), "findings"),
        *((report.count(s), plural(report.count(s), s).split(" ", 1)[1]) for s in SEVERITY_ORDER),
        ("—" if average is None else f"{average:.0f}", "average page score"),
        (f"{statistics.median(grades):.1f}" if grades else "—", "median reading grade"),
        (sum(1 for p in report.pages if p.review_date), "pages with a review date"),
    ]
    body = "".join(f'<div class="card"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>'
                   for value, label in cards)
    return f'<section class="totals" id="totals">{body}</section>'


def _bar_chart(chart_id: str, caption: str, bars: list[tuple[str, int, str]], empty: str) -> str:
    """A horizontal bar chart in inline SVG: (label, value, colour) per bar."""
    if not any(value for _, value, _ in bars):
        return f'<figure id="{chart_id}"><figcaption>{escape(caption)}</figcaption><p class="empty">{escape(empty)}</p></figure>'
    label_width, bar_width, row = 130, 300, 26
    top = max(value for _, value, _ in bars)
    height = row * len(bars) + 6
    parts = [f'<svg role="img" aria-label="{escape(caption)}" width="100%" viewBox="0 0 {label_width + bar_width + 60} {height}">']
    for i, (label, value, colour) in enumerate(bars):
        y = i * row + 4
        width = max(1, round(bar_width * value / top)) if value else 0
        parts.append(f'<text x="{label_width - 8}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
                     f'<rect class="bar" x="{label_width}" y="{y}" width="{width}" height="{row - 8}" rx="3" fill="{colour}">'
                     f"<title>{escape(label)}: {value}</title></rect>"
                     f'<text x="{label_width + width + 6}" y="{y + 14}">{value}</text>')
    parts.append("</svg>")
    return f'<figure id="{chart_id}"><figcaption>{escape(caption)}</figcaption>{"".join(parts)}</figure>'


def _category_chart(report) -> str:
    counts = Counter(d.category for d in report.diagnostics)
    bars = [(category, count, "var(--bar)") for category, count in counts.most_common()]
    return _bar_chart("chart-categories", "Findings per category", bars, "No findings.")


def _grade_chart(report) -> str:
    grades = [p.grade for p in report.pages if p.grade is not None]
    bars = []
    for low, high, label in GRADE_BINS:
        count = sum(1 for g in grades if (low is None or g >= low) and (high is None or g < high))
        colour = "var(--good)" if high is not None and high <= 9 else "var(--warning)"  # grade 8 or lower: plain
        bars.append((f"grade {label}", count, colour))
    return _bar_chart("chart-grades", "Reading grade (SMOG) of pages; green: grade 8 or lower", bars,
                      "No reading grades measured: the readability rules (RD) did not run.")


def _score_badge(score: int) -> str:
    rank = "good" if score >= 90 else "fair" if score >= 70 else "poor"
    return f'<span class="score {rank}">{score}</span>'


def _pages_table(report, categories: list[str], ids: dict[str, str], folder: str) -> str:
    headers = [("Page", "text", ""), ("Score", "number", "num"), ("Reading grade", "number", "num"),
               ("Review date", "text", ""), ("Findings", "number", "num")]
    headers += [(category, "number", "num") for category in categories]
    head = "".join(f'<th data-type="{kind}"{f" class={css!r}" if css else ""}><button type="button">{escape(label)}</button></th>'
                   for label, kind, css in headers)
    rows = []
    for page in sorted(report.pages, key=lambda p: (p.score, p.path)):  # worst first
        counts = Counter(d.category for d in page.diagnostics)
        path = escape(report_path(page.path))
        shown = escape(report_path(page.path)[len(folder):])
        link = f'<a href="#{ids[page.path]}" title="{path}">{shown}</a>' if page.diagnostics else f'<span title="{path}">{shown}</span>'
        cells = [
            f'<td data-sort="{path}">{link}</td>',
            f'<td class="num" data-sort="{page.score}">{_score_badge(page.score)}</td>',
            f'<td class="num" data-sort="{"" if page.grade is None else page.grade}">{escape(grade_text(page))}</td>',
            f'<td data-sort="{escape(page.review_date or "")}">{escape(page.review_date or "—")}</td>',
            f'<td class="num">{len(page.diagnostics)}</td>',
            *(f'<td class="num{"" if counts[category] else " zero"}">{counts[category]}</td>' for category in categories),
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    where = f'<p class="sub">Paths under {escape(folder)}; lowest score first. Click a column to sort.</p>' if folder else ""
    return (f'{where}<table id="pages" class="sortable"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _common_folder(report) -> str:
    """The folder every page is under (with its trailing '/'), left out of the table to keep paths short."""
    paths = [report_path(page.path) for page in report.pages]
    if len(paths) < 2:
        return ""
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # absolute and relative paths mixed
        return ""
    return common + "/" if common and common != "/" else ""


def _page_findings(page, anchor: str, folder: str) -> str:
    items = []
    for d in page.diagnostics:
        suggestion = f"<div>Suggestion: {escape(d.suggestion)}</div>" if d.suggestion else ""
        source = f'<pre class="src">{_excerpt(d)}</pre>' if d.source_line else ""
        items.append(f'<li><span class="sev {d.severity}">{d.severity}</span> '
                     f"line {d.line}, column {d.column} · <code>{escape(d.code)}</code> {escape(d.rule)}: "
                     f"{escape(d.message)}{suggestion}{source}</li>")
    return (f'<details id="{anchor}"><summary title="{escape(report_path(page.path))}">'
            f'{escape(report_path(page.path)[len(folder):])} · score {page.score} · '
            f"{plural(len(page.diagnostics), 'finding')}</summary><ol class=\"findings\">{''.join(items)}</ol></details>")


def _excerpt(d) -> str:
    """The source line with the flagged text marked; long lines cut to the part around it."""
    line = d.source_line  # a window of a long line, from column excerpt_start
    start = min(max(d.column - 1 - d.excerpt_start, 0), len(line))
    end = min(d.end_column - 1 - d.excerpt_start if d.end_line == d.line else len(line), start + FLAGGED_SHOWN)
    low, high = max(0, start - EXCERPT_CONTEXT), min(len(line), end + EXCERPT_CONTEXT)
    before = ("…" if low or d.excerpt_start else "") + line[low:start]
    after = line[end:high] + ("…" if high < len(line) or d.excerpt_more else "")
    return f"{_shown(before)}<mark>{_shown(line[start:end])}</mark>{_shown(after)}"


def _shown(text: str) -> str:
    """Escaped, with invisible characters (zero-width spaces, controls) named so a reader sees them."""
    return escape("".join(f"⟨U+{ord(c):04X}⟩" if c != "\t" and unicodedata.category(c) in ("Cc", "Cf") else c
                          for c in text))
