"""The HTML dashboard: one self-contained page (no network) for the whole site.

What a content lead works from: headline cards, the pages overdue for review and the pages
with placeholders or leaked markup, charts (findings per category, reading grades, the trend
over earlier runs), and a table of every page that a search box and filters narrow down, in
which a click on a page opens its findings; a click on a rule code opens its explanation.

The findings travel as compact JSON inside the file and are drawn when asked for (a page of
the table, one page's findings), so a site of thousands of pages opens at once. Page text only
ever reaches the document as text (``textContent``), never as markup, and the
Content-Security-Policy allows only this file's own script, so a page that contains
'<script>' cannot run it in the report.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import re
import statistics
import unicodedata
from collections import Counter
from html import escape

from medlint import __version__
from medlint.history import compare
from medlint.reporters import SEVERITY_ORDER, baseline_text, plural, report_path
from medlint.ruledoc import explain_text

EXCERPT_CONTEXT = 60  # characters of the source line shown either side of a finding, at most
FLAGGED_SHOWN = 120  # characters of the flagged text itself, at most: its start and its end
WHITESPACE = re.compile(r"\s")
HEADLINE_ROWS = 10  # rows of each headline table; the filter shows them all
GRADE_BINS = [(None, 6, "≤5")] + [(g, g + 1, str(g)) for g in range(6, 16)] + [(16, None, "16+")]
OVERDUE_CODES = ("RV002", "RV003")  # last review too long ago; next review date passed
# A finding's status in the data: reported (unchanged when compared), new since the previous run, baselined.
REPORTED, NEW, BASELINED = 0, 1, 2
# Page flags in the data, for the headline filters.
OVERDUE, PLACEHOLDER, MARKUP = 1, 2, 4

STYLE = """
:root { --error: #b42318; --warning: #b54708; --info: #175cd3; --good: #067647; --ink: #1d2939;
        --muted: #667085; --line: #eaecf0; --bar: #2e90fa; --soft: #f9fafb; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
       margin: 0 auto; padding: 20px 24px; max-width: 1360px; }
h1 { margin: 0 0 4px; } h2 { margin: 28px 0 8px; font-size: 20px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.totals { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 10px; }
.totals + .totals { margin-top: 10px; grid-template-columns: repeat(6, minmax(0, 1fr)); }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; background: #fff;
        font: inherit; color: inherit; text-align: left; display: flex; flex-direction: column; justify-content: flex-start; }
button.card { cursor: pointer; } button.card:hover { border-color: var(--bar); }
.card b { display: block; font-size: 24px; }
.card span { color: var(--muted); font-size: 13px; }
.card.alert b { color: var(--error); }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin-top: 16px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 12px; min-width: 0; }
figcaption { font-weight: 600; margin-bottom: 8px; }
svg text { font: 12px system-ui, sans-serif; fill: var(--ink); }
.empty { color: var(--muted); }
.headline { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 16px; }
.headline section { min-width: 0; }
table { border-collapse: collapse; width: 100%; font-size: 14px; table-layout: fixed; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 6px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { overflow-wrap: normal; }
td.num, th.num { text-align: right; } td.date { white-space: nowrap; }
th button { font: inherit; font-weight: 600; background: none; border: 0; padding: 0; cursor: pointer; color: inherit; text-align: inherit; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
button.link { font: inherit; background: none; border: 0; padding: 0; color: #175cd3; cursor: pointer;
              text-align: left; overflow-wrap: anywhere; }
button.link:hover { text-decoration: underline; }
.score { display: inline-block; min-width: 2.6em; text-align: center; border-radius: 10px; color: #fff; font-weight: 600; }
.score.good { background: var(--good); } .score.fair { background: var(--warning); } .score.poor { background: var(--error); }
.controls { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: end; margin: 8px 0 10px;
            padding: 10px 12px; background: var(--soft); border: 1px solid var(--line); border-radius: 8px; }
.controls label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); gap: 2px; }
.controls input, .controls select { font: inherit; font-size: 14px; padding: 4px 6px; border: 1px solid #d0d5dd;
                                    border-radius: 6px; background: #fff; color: var(--ink); max-width: 260px; }
.controls input[type=search] { width: 260px; }
.controls button, .pager button { font: inherit; font-size: 14px; padding: 4px 10px; border: 1px solid #d0d5dd;
                                  border-radius: 6px; background: #fff; cursor: pointer; }
.status { color: var(--muted); margin: 0 0 6px; }
.pager { display: flex; gap: 8px; align-items: center; margin: 8px 0; }
tr.open > td { background: #eff8ff; }
tr.drill > td { background: var(--soft); padding: 8px 12px 12px; }
ol.findings { padding-left: 0; list-style: none; margin: 0; }
ol.findings li { margin: 8px 0; }
.sev, .tag { font-size: 12px; font-weight: 600; text-transform: uppercase; }
.sev.error { color: var(--error); } .sev.warning { color: var(--warning); } .sev.info { color: var(--info); }
.tag { border-radius: 4px; padding: 0 4px; margin-left: 4px; white-space: nowrap; }
.tag.new { background: #fef0c7; color: #93370d; } .tag.baselined { background: #eaecf0; color: #475467; }
.tag.fixed { background: #d1fadf; color: #05603a; }
li.baselined { opacity: 0.75; }
button.code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f2f4f7; border: 1px solid #d0d5dd;
              border-radius: 4px; padding: 0 4px; cursor: pointer; color: inherit; }
pre.src { background: #fff; border: 1px solid var(--line); padding: 6px 8px; margin: 4px 0 0;
          white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; }
mark { background: #fde68a; }
td.zero { color: #d0d5dd; }
dialog { max-width: 760px; width: 90vw; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; }
dialog pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 13px; max-height: 70vh; overflow: auto; }
"""

SCRIPT = r"""
(function () {
"use strict";
var DATA = JSON.parse(document.getElementById("medlint-data").textContent);
var SEV = ["error", "warning", "info"], PAGE_SIZE = 50;
var pages = DATA.pages, findings = DATA.findings, rules = DATA.rules, texts = DATA.texts;
/* Each string travels once, in DATA.texts; findings name theirs by index (code, message, suggestion, excerpt). */
findings.forEach(function (f) {
  [3, 5, 6, 7, 8, 9].forEach(function (k) { if (f[k] !== null) f[k] = texts[f[k]]; });
});
DATA.fixed.forEach(function (f) { f[2] = texts[f[2]]; f[3] = texts[f[3]]; });
var byPage = pages.map(function () { return []; });
findings.forEach(function (f, i) { byPage[f[0]].push(i); });
var fixedByPage = pages.map(function () { return []; });
DATA.fixed.forEach(function (f) { fixedByPage[f[0]].push(f); });
var haystack = null;  /* lower-case text of each finding, made at the first search */
var state = { sort: "score", direction: 1, offset: 0, open: {} };
var $ = function (id) { return document.getElementById(id); };
var controls = { search: $("f-search"), category: $("f-category"), severity: $("f-severity"),
                 rule: $("f-rule"), status: $("f-status"), page: $("f-page"), folder: $("f-folder") };

function el(tag, attrs, children) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (key) {
    if (key === "text") node.textContent = attrs[key]; else node.setAttribute(key, attrs[key]);
  });
  (children || []).forEach(function (child) { if (child) node.appendChild(child); });
  return node;
}
function number(n) { return n.toLocaleString("en"); }
function findingFilter() {
  return Boolean(controls.category.value || controls.severity.value || controls.rule.value || controls.status.value);
}
function filtered() { return Boolean(controls.search.value.trim()) || findingFilter(); }
function findingMatches(i, query) {
  var f = findings[i], rule = rules[f[3]];
  if (controls.category.value && rule[1] !== controls.category.value) return false;
  if (controls.severity.value && SEV[f[4]] !== controls.severity.value) return false;
  if (controls.rule.value && f[3] !== controls.rule.value) return false;
  var status = controls.status.value;
  if (status === "reported" && f[10] === 2) return false;
  if (status === "new" && f[10] !== 1) return false;
  if (status === "unchanged" && f[10] !== 0) return false;
  if (status === "baselined" && f[10] !== 2) return false;
  if (query) {
    if (!haystack) haystack = findings.map(function (g) {
      return (g[3] + " " + rules[g[3]][0] + " " + g[5] + " " + (g[8] || "")).toLowerCase();
    });
    if (haystack[i].indexOf(query) < 0) return false;
  }
  return true;
}
function pageMatches(p) {
  var choice = controls.page.value, flags = pages[p][4];
  if (controls.folder.value && pages[p][0].indexOf(controls.folder.value) !== 0) return false;
  if (choice === "findings") return byPage[p].length > 0;
  if (choice === "overdue") return (flags & 1) !== 0;
  if (choice === "flagged") return (flags & 6) !== 0;
  if (choice === "placeholder") return (flags & 2) !== 0;
  if (choice === "markup") return (flags & 4) !== 0;
  if (choice === "new") return byPage[p].some(function (i) { return findings[i][10] === 1; });
  if (choice === "baselined") return byPage[p].some(function (i) { return findings[i][10] === 2; });
  return true;
}
/* Rows of the table under the current filters: [page, matching findings, counts …]. */
function rows() {
  var query = controls.search.value.trim().toLowerCase(), narrowed = findingFilter(), out = [];
  pages.forEach(function (page, p) {
    if (!pageMatches(p)) return;
    /* A page found by its path shows all its findings that pass the filters; else those the search finds. */
    var pathHit = query && page[0].toLowerCase().indexOf(query) >= 0;
    var shown = byPage[p].filter(function (i) { return findingMatches(i, pathHit ? "" : query); });
    if (!shown.length && (narrowed || (query && !pathHit))) return;
    var row = { p: p, shown: shown, error: 0, warning: 0, info: 0, fresh: 0, baselined: 0,
                fixed: fixedByPage[p].length };
    shown.forEach(function (i) {
      var f = findings[i];
      row[SEV[f[4]]] += 1;
      if (f[10] === 1) row.fresh += 1;
      if (f[10] === 2) row.baselined += 1;
    });
    out.push(row);
  });
  var key = state.sort, direction = state.direction;
  function value(row) {
    var page = pages[row.p];
    switch (key) {
      case "path": return page[0].toLowerCase();
      case "score": return page[1];
      case "grade": return page[2];
      case "reviewed": return page[3];
      case "findings": return row.shown.length;
      default: return row[key];
    }
  }
  out.sort(function (a, b) {
    var x = value(a), y = value(b);
    if (x === null || y === null) return x === y ? a.p - b.p : (x === null ? 1 : -1);  /* blanks last */
    var order = typeof x === "string" ? x.localeCompare(y) : x - y;
    return order * direction || b.shown.length - a.shown.length || a.p - b.p;  /* ties: more findings first */
  });
  return out;
}
function scoreBadge(score) {
  return el("span", { "class": "score " + (score >= 90 ? "good" : score >= 70 ? "fair" : "poor"), text: String(score) });
}
function cell(value, css) {
  return el("td", { "class": "num" + (value ? "" : " zero") + (css ? " " + css : ""), text: number(value) });
}
var COLUMNS = Array.prototype.map.call(document.querySelectorAll("#pages thead th"), function (th) {
  return th.dataset.key;
});
function render() {
  var all = rows(), body = document.querySelector("#pages tbody");
  if (state.offset >= all.length) state.offset = Math.max(0, all.length - (all.length % PAGE_SIZE || PAGE_SIZE));
  var slice = all.slice(state.offset, state.offset + PAGE_SIZE), total = 0;
  all.forEach(function (row) { total += row.shown.length; });
  body.textContent = "";
  slice.forEach(function (row) {
    var page = pages[row.p], open = Boolean(state.open[row.p]);
    var name = el("button", { type: "button", "class": "link", "aria-expanded": String(open),
                              title: DATA.folder + page[0], text: page[0] });
    name.addEventListener("click", function () { toggle(row.p); });
    var values = { path: el("td", {}, [name]), score: el("td", { "class": "num" }, [scoreBadge(page[1])]),
      grade: el("td", { "class": "num", text: page[2] === null ? "—" : page[2].toFixed(1) }),
      reviewed: el("td", { text: page[3] || "—" }), findings: cell(row.shown.length),
      error: cell(row.error), warning: cell(row.warning), info: cell(row.info),
      fresh: cell(row.fresh), fixed: cell(row.fixed), baselined: cell(row.baselined) };
    var tr = el("tr", { "data-page": String(row.p), "class": open ? "open" : "" },
                COLUMNS.map(function (key) { return values[key]; }));
    body.appendChild(tr);
    if (open) body.appendChild(drill(row));
  });
  $("pages-status").textContent = all.length
    ? "Pages " + number(state.offset + 1) + "–" + number(state.offset + slice.length) + " of " + number(all.length) +
      " · " + number(total) + (filtered() ? " matching" : "") + " findings" +
      (controls.page.value || controls.folder.value || filtered() ? " (filtered: clear to see every page)" : "")
    : "No page matches.";
  $("prev").disabled = state.offset === 0;
  $("next").disabled = state.offset + PAGE_SIZE >= all.length;
}
function drill(row) {
  var p = row.p, every = byPage[p], list = el("ol", { "class": "findings" });
  var shownAll = state.open[p] === "all";
  (shownAll ? every : row.shown).forEach(function (i) { list.appendChild(findingItem(findings[i])); });
  fixedByPage[p].forEach(function (f) {
    list.appendChild(el("li", {}, [el("span", { "class": "tag fixed", text: "fixed" }),
      el("span", { text: " was line " + f[1] + " · " }), codeButton(f[2]), el("span", { text: " " + f[3] })]));
  });
  var parts = [el("div", { "class": "status", text: DATA.folder + pages[p][0] })];
  if (every.length && row.shown.length < every.length) {
    var toggleAll = el("button", { type: "button", "class": "link",
      text: shownAll ? "Show only the " + number(row.shown.length) + " matching findings"
                     : "Showing " + number(row.shown.length) + " of " + number(every.length) + " findings: show all" });
    toggleAll.addEventListener("click", function () { state.open[p] = shownAll ? true : "all"; render(); });
    parts.push(toggleAll);
  }
  if (!every.length && !fixedByPage[p].length) parts.push(el("p", { "class": "empty", text: "No findings." }));
  parts.push(list);
  return el("tr", { "class": "drill" }, [el("td", { colspan: String(COLUMNS.length) }, parts)]);
}
function codeButton(code) {
  var button = el("button", { type: "button", "class": "code", title: "What " + code + " means", text: code });
  button.addEventListener("click", function () { explain(code); });
  return button;
}
function findingItem(f) {
  var rule = rules[f[3]], tags = [];
  if (f[10] === 1) tags.push(el("span", { "class": "tag new", text: "new" }));
  if (f[10] === 2) tags.push(el("span", { "class": "tag baselined", text: "baselined" }));
  var item = el("li", { "class": f[10] === 2 ? "baselined" : "" }, [
    el("span", { "class": "sev " + SEV[f[4]], text: SEV[f[4]] })].concat(tags).concat([
    el("span", { text: " line " + f[1] + ", column " + f[2] + " · " }), codeButton(f[3]),
    el("span", { text: " " + rule[0] + ": " + f[5] })]));
  if (f[6]) item.appendChild(el("div", { text: "Suggestion: " + f[6] }));
  if (f[8] !== null) item.appendChild(el("pre", { "class": "src" }, [
    document.createTextNode(f[7]), el("mark", { text: f[8] }), document.createTextNode(f[9])]));
  return item;
}
function toggle(p) {
  if (state.open[p]) delete state.open[p]; else state.open[p] = true;
  render();
}
function explain(code) {
  $("explain-title").textContent = code + " " + rules[code][0];
  $("explain-text").textContent = DATA.explain[code] || "";
  $("explain").showModal();
}
/* Show one page's findings: every filter cleared, the table turned to the page it is on. */
function openPage(p) {
  clear(false);
  state.open = {};
  state.open[p] = true;
  var all = rows(), at = all.findIndex(function (row) { return row.p === p; });
  state.offset = Math.floor(at / PAGE_SIZE) * PAGE_SIZE;
  render();
  document.querySelector('#pages tr[data-page="' + p + '"]').scrollIntoView();
}
function clear(draw) {
  Object.keys(controls).forEach(function (key) { controls[key].value = ""; });
  state.offset = 0;
  if (draw !== false) render();
}
var timer = null;
controls.search.addEventListener("input", function () {
  clearTimeout(timer);
  timer = setTimeout(function () { state.offset = 0; render(); }, 120);
});
["category", "severity", "rule", "status", "page", "folder"].forEach(function (key) {
  controls[key].addEventListener("change", function () { state.offset = 0; render(); });
});
$("f-clear").addEventListener("click", function () { clear(); });
$("f-explain").addEventListener("click", function () { if (controls.rule.value) explain(controls.rule.value); });
$("prev").addEventListener("click", function () { state.offset = Math.max(0, state.offset - PAGE_SIZE); render(); });
$("next").addEventListener("click", function () { state.offset += PAGE_SIZE; render(); });
$("explain-close").addEventListener("click", function () { $("explain").close(); });
document.querySelectorAll("#pages thead th").forEach(function (th) {
  th.querySelector("button").addEventListener("click", function () {
    var key = th.dataset.key;
    state.direction = state.sort === key ? -state.direction : (th.dataset.type === "number" && key !== "score" ? -1 : 1);
    state.sort = key;
    document.querySelectorAll("#pages thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", state.direction === 1 ? "ascending" : "descending");
    state.offset = 0;
    render();
  });
});
document.querySelectorAll("[data-filter-page]").forEach(function (button) {
  button.addEventListener("click", function () {
    clear(false);
    controls.page.value = button.dataset.filterPage;
    render();
    $("pages-section").scrollIntoView();
  });
});
document.querySelectorAll("[data-open-page]").forEach(function (button) {
  button.addEventListener("click", function () { openPage(Number(button.dataset.openPage)); });
});
document.querySelectorAll("[data-explain]").forEach(function (button) {
  button.addEventListener("click", function () { explain(button.dataset.explain); });
});
render();
document.body.dataset.ready = "true";
})();
"""


def render(report) -> str:
    """The dashboard as one HTML document (str). Reads the Report's pages (with their baselined
    findings), its ``today`` and its ``history`` (earlier JSON reports, oldest first)."""
    script_hash = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    policy = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{script_hash}'"
    paths = [report_path(page.path) for page in report.pages]  # relpath is slow: once per page
    folder = _common_folder(paths)
    changes, gone = compare(report.pages, report.history[-1]) if report.history else ({}, {})
    data = _data(report, paths, folder, changes)
    return "\n".join([
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>medlint report</title><style>{STYLE}</style></head><body>",
        "<h1>medlint report</h1>",
        f'<p class="sub" id="dates">{_subtitle(report, gone)}</p>',
        _totals(report, data, changes, gone),
        '<section class="charts">',
        _category_chart(report),
        _grade_chart(report),
        _trend_chart(report) if len(report.history) >= 2 else "",
        "</section>",
        '<div class="headline">',
        _overdue_table(report, data, folder),
        _flagged_table(report, data, folder),
        "</div>",
        _pages_section(report, data, changes),
        _explain_dialog(),
        f'<script type="application/json" id="medlint-data">{_embedded(data)}</script>',
        f"<script>{SCRIPT}</script>",
        "</body></html>",
        "",
    ])


# --- the data the script draws from -----------------------------------------------------

def _data(report, paths: list[str], folder: str, changes: dict) -> dict:
    """Compact JSON, each string once: ``texts`` holds every code, message, suggestion and
    excerpt part, and the findings name them by their index there. Pages as [path, score, grade,
    review date, flags]; findings as [page, line, column, code, severity, message, suggestion,
    before, flagged, after, status] (flagged null when the finding has no source line); fixed
    findings as [page, line, code, message]; rules as code -> [name, category]; explanations of
    the rules that fired. ``paths`` are the pages' report_path, in order."""
    texts: dict[str, int] = {"": 0}

    def text(value: str) -> int:
        return texts.setdefault(value, len(texts))

    pages, findings, fixed, codes = [], [], [], set()
    for index, (page, path) in enumerate(zip(report.pages, paths)):
        change = changes.get(path)
        everything = [(d, NEW if change and i in change.new else REPORTED) for i, d in enumerate(page.diagnostics)]
        everything += [(d, BASELINED) for d in page.baselined]
        everything.sort(key=lambda pair: pair[0].sort_key())
        flags = 0
        for d, status in everything:
            codes.add(d.code)
            flags |= (OVERDUE if d.code in OVERDUE_CODES else 0) | (PLACEHOLDER if d.category == "placeholder" else 0) \
                | (MARKUP if d.category == "markup" else 0)
            before, flagged, after = _excerpt(d) if d.source_line else ("", None, "")
            findings.append([index, d.line, d.column, text(d.code), SEVERITY_ORDER.index(d.severity), text(d.message),
                             text(d.suggestion or ""), text(before), None if flagged is None else text(flagged),
                             text(after), status])
        for d in change.fixed if change else ():
            codes.add(d["code"])
            fixed.append([index, d.get("line", 1), text(d["code"]), text(d["message"])])
        pages.append([path[len(folder):], page.score, page.grade, page.review_date, flags])
    rules = {code: _rule_facts(report, code) for code in sorted(codes)}
    return {"folder": folder, "pages": pages, "findings": findings, "fixed": fixed, "texts": list(texts),
            "rules": rules, "explain": {code: explain_text(report.rules[code]) for code in rules if code in report.rules}}


def _rule_facts(report, code: str) -> list[str]:
    rule = report.rules.get(code)
    return [rule.name, rule.category] if rule else [code, ""]  # a rule an earlier run had and this one does not


def _embedded(data: dict) -> str:
    """JSON that cannot end its <script> element early: '<', '>' and '&' written as escapes."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --- what is drawn on the server: headline figures, charts, the frame of the table ------

def _subtitle(report, gone: dict) -> str:
    made = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    parts = [f"{escape(plural(report.files, 'page'))} checked by medlint {escape(__version__)}",
             f"report made {made}"]
    if report.today:
        parts.append(f"dates counted from <b>{report.today.isoformat()}</b> ({escape(report.today_source)})")
    if report.history:
        previous = report.history[-1]
        parts.append(f"compared with {escape(_run_label(previous))}"
                     + (f" ({escape(plural(len(gone), 'page'))} it checked not checked now)" if gone else ""))
    if report.baseline:
        parts.append(escape(baseline_text(report) + "; baselined findings are shown, marked as such"))
    return " · ".join(parts)


def _run_label(run) -> str:
    return f"{os.path.basename(run.path)} ({run.today})" if run.today else os.path.basename(run.path)


def _totals(report, data: dict, changes: dict, gone: dict) -> str:
    """Two rows of cards: the site's figures, then what to act on (each a button that filters the table)."""
    grades = [p.grade for p in report.pages if p.grade is not None]
    average = report.average_score()
    flags = Counter(flag for page in data["pages"] for flag in (OVERDUE, PLACEHOLDER, MARKUP) if page[4] & flag)
    site = [
        _card(report.files, "pages checked"),
        _card(len(report.diagnostics), "findings"),
        *(_card(report.count(s), plural(report.count(s), s).split(" ", 1)[1]) for s in SEVERITY_ORDER),
        _card("—" if average is None else f"{average:.0f}", "average page score"),
        _card(f"{statistics.median(grades):.1f}" if grades else "—", "median reading grade"),
    ]
    act = [
        _card(flags[OVERDUE], "pages overdue for review", "overdue"),
        _card(flags[PLACEHOLDER], "pages with placeholders", "placeholder"),
        _card(flags[MARKUP], "pages with leaked markup", "markup"),
    ]
    if report.baseline:
        act.append(_card(report.baseline.hidden, "baselined findings", "baselined", alert=False))
    if report.history:
        new = sum(len(change.new) for change in changes.values())
        fixed = sum(len(change.fixed) for change in changes.values()) + sum(len(found) for found in gone.values())
        act += [_card(new, "new since the previous run", "new"), _card(fixed, "fixed since the previous run")]
    return (f'<div id="totals"><section class="totals">{"".join(site)}</section>'
            f'<section class="totals" aria-label="To act on">{"".join(act)}</section></div>')


def _card(value, label: str, page_filter: str | None = None, alert: bool = True) -> str:
    shown = f"{value:,}" if isinstance(value, int) else value
    body = f"<b>{escape(shown)}</b><span>{escape(label)}</span>"
    if page_filter is None:
        return f'<div class="card">{body}</div>'
    css = "card alert" if alert and value else "card"
    return (f'<button type="button" class="{css}" data-filter-page="{page_filter}" '
            f'title="Show these pages in the table">{body}</button>')


def _bar_chart(chart_id: str, caption: str, bars: list[tuple[str, int, str]], empty: str) -> str:
    """A horizontal bar chart in inline SVG: (label, value, colour) per bar."""
    if not any(value for _, value, _ in bars):
        return f'<figure id="{chart_id}"><figcaption>{escape(caption)}</figcaption><p class="empty">{escape(empty)}</p></figure>'
    label_width, bar_width, row = 130, 300, 24
    top = max(value for _, value, _ in bars)
    height = row * len(bars) + 6
    parts = [f'<svg role="img" aria-label="{escape(caption)}" width="100%" viewBox="0 0 {label_width + bar_width + 60} {height}">']
    for i, (label, value, colour) in enumerate(bars):
        y = i * row + 4
        width = max(1, round(bar_width * value / top)) if value else 0
        parts.append(f'<text x="{label_width - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>'
                     f'<rect class="bar" x="{label_width}" y="{y}" width="{width}" height="{row - 8}" rx="3" fill="{colour}">'
                     f"<title>{escape(label)}: {value}</title></rect>"
                     f'<text x="{label_width + width + 6}" y="{y + 13}">{value:,}</text>')
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


def _trend_chart(report) -> str:
    """Findings per severity over the earlier runs and this one: one line each, in inline SVG."""
    runs = [(_run_label(run), {s: run.count(s) for s in SEVERITY_ORDER}) for run in report.history]
    runs.append(("this run" + (f" ({report.today})" if report.today else ""), {s: report.count(s) for s in SEVERITY_ORDER}))
    width, height, left, bottom, top_pad = 640, 220, 56, 48, 12
    top = max(max(counts.values()) for _, counts in runs) or 1
    step = (width - left - 20) / (len(runs) - 1)

    def point(i: int, value: int) -> tuple[float, float]:
        return left + i * step, top_pad + (height - bottom - top_pad) * (1 - value / top)

    parts = [f'<svg role="img" aria-label="Findings per run" width="100%" viewBox="0 0 {width} {height}">',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" stroke="#d0d5dd"/>',
             f'<text x="{left - 6}" y="{top_pad + 4}" text-anchor="end">{top:,}</text>',
             f'<text x="{left - 6}" y="{height - bottom + 4}" text-anchor="end">0</text>']
    for severity, colour in zip(SEVERITY_ORDER, ("var(--error)", "var(--warning)", "var(--info)")):
        points = [point(i, counts[severity]) for i, (_, counts) in enumerate(runs)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(f'<polyline class="trend {severity}" fill="none" stroke="{colour}" stroke-width="2" points="{path}"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(label)}: '
                  f"{counts[severity]:,} {severity}s</title></circle>"
                  for (x, y), (label, counts) in zip(points, runs)]
        parts.append(f'<text class="last" x="{points[-1][0] - 6:.1f}" y="{points[-1][1] - 6:.1f}" text-anchor="end">'
                     f"{runs[-1][1][severity]:,}</text>")
    for i, (label, _) in enumerate(runs):
        x = point(i, 0)[0]
        anchor = "start" if i == 0 else "end" if i == len(runs) - 1 else "middle"
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 18 + 14 * (i % 2)}" text-anchor="{anchor}">{escape(label)}</text>')
    parts.append("</svg>")
    legend = " · ".join(f'<span class="sev {s}">{s}s</span>' for s in SEVERITY_ORDER)
    return (f'<figure id="chart-trend"><figcaption>Findings per run, oldest first</figcaption>{"".join(parts)}'
            f"<div>{legend}</div></figure>")


def _page_link(index: int, data: dict, folder: str) -> str:
    path = data["pages"][index][0]
    return (f'<button type="button" class="link" data-open-page="{index}" title="{escape(folder + path)}">'
            f"{escape(path)}</button>")


def _score_badge(score: int) -> str:
    rank = "good" if score >= 90 else "fair" if score >= 70 else "poor"
    return f'<span class="score {rank}">{score}</span>'


def _overdue_table(report, data: dict, folder: str) -> str:
    """Pages whose review is overdue (RV002, RV003), the longest unreviewed first."""
    rows = []
    for index, page in enumerate(report.pages):
        found = [d for d in (*page.diagnostics, *page.baselined) if d.code in OVERDUE_CODES]
        if found:
            rows.append((page.review_date or "9999", index, page, found))
    rows.sort(key=lambda row: row[:2])
    body = "".join(
        f"<tr><td>{_page_link(index, data, folder)}</td><td class=\"date\">{escape(page.review_date or '—')}</td>"
        f"<td>{escape(_time_since(page.review_date, report.today))}</td>"
        f"<td>{' '.join(_code_button(d, page) for d in found)}</td>"
        f'<td class="num">{_score_badge(page.score)}</td></tr>'
        for _, index, page, found in rows[:HEADLINE_ROWS])
    head = ('<colgroup><col><col style="width:16%"><col style="width:17%"><col style="width:17%"><col style="width:10%">'
            "</colgroup><thead><tr><th>Page</th><th>Last reviewed</th><th>Since then</th><th>Why</th>"
            '<th class="num">Score</th></tr></thead>')
    return _headline("overdue", "Overdue for review", "Last reviewed too long ago (RV002) or past the next review date (RV003).",
                     len(rows), f"<table>{head}<tbody>{body}</tbody></table>", "No page is overdue for review.")


def _flagged_table(report, data: dict, folder: str) -> str:
    """Pages with placeholders or leaked markup, the most first."""
    rows = []
    for index, page in enumerate(report.pages):
        found = [d for d in (*page.diagnostics, *page.baselined) if d.category in ("placeholder", "markup")]
        if found:
            rows.append((-len(found), index, page, found))
    rows.sort(key=lambda row: row[:2])
    body = "".join(
        f"<tr><td>{_page_link(index, data, folder)}</td><td class=\"num\">{len(found)}</td>"
        f"<td>{'; '.join(_code_and_message(d, page) for d in found[:3])}{' …' if len(found) > 3 else ''}</td>"
        f'<td class="num">{_score_badge(page.score)}</td></tr>'
        for _, index, page, found in rows[:HEADLINE_ROWS])
    head = ('<colgroup><col style="width:40%"><col style="width:9%"><col><col style="width:10%"></colgroup>'
            '<thead><tr><th>Page</th><th class="num">Found</th><th>What</th><th class="num">Score</th></tr></thead>')
    return _headline("flagged", "Placeholders and leaked markup",
                     "Template text left in the page (PH) and code or markup shown as text (MK).",
                     len(rows), f"<table>{head}<tbody>{body}</tbody></table>",
                     "No placeholders or leaked markup.")


def _headline(section_id: str, title: str, about: str, count: int, table: str, empty: str) -> str:
    """A headline table's section; past HEADLINE_ROWS, a button shows them all in the pages table
    (the page filter whose value is ``section_id``)."""
    if not count:
        return f'<section id="{section_id}"><h2>{escape(title)}</h2><p class="empty">{escape(empty)}</p></section>'
    more = "" if count <= HEADLINE_ROWS else (
        f' <button type="button" class="link" data-filter-page="{section_id}">Show all {count:,} in the table</button>')
    return (f'<section id="{section_id}"><h2>{escape(title)} ({count:,} {"page" if count == 1 else "pages"})</h2>'
            f'<p class="sub">{escape(about)}{more}</p>{table}</section>')


def _code_button(d, page) -> str:
    """The finding's code, which opens its explanation; marked when the baseline holds the finding."""
    tag = ' <span class="tag baselined">baselined</span>' if d in page.baselined else ""
    return f'<button type="button" class="code" data-explain="{escape(d.code)}" title="{escape(d.message)}">{escape(d.code)}</button>{tag}'


def _code_and_message(d, page) -> str:
    return f"{_code_button(d, page)} {escape(d.message)}"


def _time_since(review_date: str | None, today: datetime.date | None) -> str:
    """'4 years 2 months' from a YYYY-MM-DD date to today; '—' when either is unknown."""
    if not review_date or not today:
        return "—"
    try:
        then = datetime.date.fromisoformat(review_date)
    except ValueError:
        return "—"
    months = (today.year - then.year) * 12 + today.month - then.month - (today.day < then.day)
    if months < 0:
        return "in the future"
    years, months = divmod(months, 12)
    parts = [plural(years, "year")] if years else []
    return " ".join(parts + [plural(months, "month")] if months or not years else parts)


def _pages_section(report, data: dict, changes: dict) -> str:
    columns = [("path", "Page", "text", ""), ("score", "Score", "number", "num"), ("grade", "Grade", "number", "num"),
               ("reviewed", "Reviewed", "text", ""), ("findings", "Findings", "number", "num"),
               ("error", "Errors", "number", "num"), ("warning", "Warnings", "number", "num"),
               ("info", "Infos", "number", "num")]
    widths = {"path": "", "score": "6%", "grade": "6%", "reviewed": "9%", "findings": "7%", "error": "6%",
              "warning": "7%", "info": "6%", "fresh": "6%", "fixed": "6%", "baselined": "8%"}
    if report.history:
        columns += [("fresh", "New", "number", "num"), ("fixed", "Fixed", "number", "num")]
    if report.baseline:
        columns.append(("baselined", "Baselined", "number", "num"))
    colgroup = "".join(f'<col style="width:{widths[key]}">' if widths[key] else "<col>" for key, *_ in columns)
    head = "".join(f'<th data-key="{key}" data-type="{kind}"{f" class={css!r}" if css else ""}'
                   f'{" aria-sort=ascending" if key == "score" else ""}><button type="button">{escape(label)}</button></th>'
                   for key, label, kind, css in columns)
    codes = Counter(data["texts"][f[3]] for f in data["findings"])
    categories = Counter()
    for code, count in codes.items():
        categories[data["rules"][code][1]] += count
    statuses = [("", "All findings"), ("reported", "Reported")]
    if report.history:
        statuses += [("new", "New since the previous run"), ("unchanged", "Unchanged since the previous run")]
    if report.baseline:
        statuses.append(("baselined", "Baselined"))
    page_choices = [("", "All pages"), ("findings", "Pages with findings"), ("overdue", "Overdue for review"),
                    ("flagged", "With placeholders or leaked markup"), ("placeholder", "With placeholders"),
                    ("markup", "With leaked markup")]
    if report.history:
        page_choices.append(("new", "With new findings"))
    if report.baseline:
        page_choices.append(("baselined", "With baselined findings"))
    where = f"Paths under {escape(data['folder'])}. " if data["folder"] else ""
    folders = Counter(page[0].split("/", 1)[0] + "/" for page in data["pages"] if "/" in page[0])
    return f"""<section id="pages-section"><h2>Pages</h2>
<p class="sub">{where}Lowest score first; click a column to sort, a page to open its findings, a rule code for its explanation.</p>
<div class="controls" role="search">
<label>Search<input type="search" id="f-search" placeholder="page, rule, message or text"></label>
{_select("f-category", "Category", [("", "All categories")] + [(c, f"{c} ({n:,})") for c, n in categories.most_common()])}
{_select("f-severity", "Severity", [("", "All severities")] + [(s, s) for s in SEVERITY_ORDER])}
{_select("f-rule", "Rule", [("", "All rules")] + [(code, f"{code} {data['rules'][code][0]} ({n:,})") for code, n in sorted(codes.items())])}
<button type="button" id="f-explain" title="What the chosen rule means">Explain rule</button>
{_select("f-status", "Finding", statuses)}
{_select("f-page", "Page", page_choices)}
{_select("f-folder", "Folder", [("", "All folders")] + [(f, f"{f} ({n:,})") for f, n in sorted(folders.items())], hidden=len(folders) < 2)}
<button type="button" id="f-clear">Clear filters</button>
</div>
<p class="status" id="pages-status" aria-live="polite"></p>
<table id="pages"><colgroup>{colgroup}</colgroup><thead><tr>{head}</tr></thead><tbody></tbody></table>
<div class="pager"><button type="button" id="prev">Previous</button><button type="button" id="next">Next</button></div>
{'' if report.diagnostics or any(p.baselined for p in report.pages) else '<p class="empty">No findings.</p>'}
</section>"""


def _select(control_id: str, label: str, options: list[tuple[str, str]], hidden: bool = False) -> str:
    body = "".join(f'<option value="{escape(value)}">{escape(text)}</option>' for value, text in options)
    return f'<label{" hidden" if hidden else ""}>{escape(label)}<select id="{control_id}">{body}</select></label>'


def _explain_dialog() -> str:
    return ('<dialog id="explain" aria-labelledby="explain-title"><h2 id="explain-title"></h2><pre id="explain-text"></pre>'
            '<button type="button" id="explain-close">Close</button></dialog>')


def _common_folder(paths: list[str]) -> str:
    """The folder every page (its report_path) is under, with its trailing '/': left out of the
    table to keep paths short."""
    if len(paths) < 2:
        return ""
    try:
        common = os.path.commonpath(paths)
    except ValueError:  # absolute and relative paths mixed
        return ""
    return common + "/" if common and common != "/" else ""


# --- excerpts ---------------------------------------------------------------------------

def _excerpt(d) -> tuple[str, str, str]:
    """(before, flagged, after): the source line around the finding. Cut only between words:
    up to EXCERPT_CONTEXT characters of context either side; of a long flagged text (a long
    sentence, a paragraph) its start and its end, FLAGGED_SHOWN characters in all."""
    line = d.source_line  # of a long line, a window of it, from column excerpt_start + 1
    start = min(max(d.column - 1 - d.excerpt_start, 0), len(line))
    end = max(start, min(d.end_column - 1 - d.excerpt_start if d.end_line == d.line else len(line), len(line)))
    flagged = line[start:end]
    before = _context_before(line, start)
    if d.excerpt_start and not before.startswith("…"):  # the window starts inside the line: cut at a word
        before = "… " + _shown(line[_first_whole_word(line[:start]):start].lstrip())
    if len(flagged) > FLAGGED_SHOWN:
        return before, _start_and_end(flagged, FLAGGED_SHOWN), ""
    tail = line[end:]
    after = _cut_after(tail, min(EXCERPT_CONTEXT, len(tail) - 1) if d.excerpt_more and tail else EXCERPT_CONTEXT)
    if d.excerpt_more and not after.endswith("…"):
        after += " …"
    return before, _shown(flagged), after


def _start_and_end(text: str, limit: int) -> str:
    """The first two thirds of ``limit`` and the last third, whole words, joined by '…'."""
    tail = text[len(text) - limit // 3:]
    return _cut_after(text, limit - limit // 3) + " " + _shown(tail[_first_whole_word(tail):])


def _context_before(line: str, start: int) -> str:
    if start <= EXCERPT_CONTEXT:
        return _shown(line[:start])
    head = line[start - EXCERPT_CONTEXT:start]
    whole = 0 if line[start - EXCERPT_CONTEXT - 1].isspace() else _first_whole_word(head)
    return "… " + _shown(head[whole:].lstrip())


def _first_whole_word(text: str) -> int:
    """Where the first word that is whole in ``text`` (cut from a longer line) starts: after its
    first space; 0 when it has none (one long token, such as a link's address, is cut as it is)."""
    space = WHITESPACE.search(text)
    return space.end() if space else 0


def _cut_after(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, cut at the last space before them, with '…' when cut."""
    if len(text) <= limit:
        return _shown(text)
    if text[limit].isspace():
        return _shown(text[:limit].rstrip()) + " …"
    space = max(text.rfind(" ", 0, limit), text.rfind("\t", 0, limit))
    return _shown(text[:space if space > 0 else limit].rstrip()) + " …"  # one long token is cut as it is


def _shown(text: str) -> str:
    """Invisible characters (zero-width spaces, controls) named, so a reader sees them. Not escaped:
    the script puts it in the page as text."""
    if text.isprintable():  # the common case: no control or format character (nor tab, nor odd space) in it
        return text
    return "".join(f"⟨U+{ord(c):04X}⟩" if c != "\t" and unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
