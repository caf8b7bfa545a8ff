"""JUnit XML for CI test-report views: one test case per file.

Failures follow the run: a finding at or above --fail-on is a <failure>, and so is a page
scoring below --min-score. A finding below the threshold does not fail the run, so it does
not fail its test case either: it is listed in the case's <system-out>, where test views show
a passing test's output (not <skipped>: the page was checked). So the report has failures
exactly when medlint exits 1 (unless --exit-zero).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from medlint.reporters import report_path

# Characters XML 1.0 cannot hold (control characters are a finding of their own: EN003).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def finding_line(path: str, d) -> str:
    return f"{path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"


def render(report) -> str:
    failing = [page for page in report.pages
               if report.scores_too_low(page) or any(report.fails(d) for d in page.diagnostics)]
    counts = {"tests": str(report.files), "failures": str(len(failing)), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", name="medlint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="medlint", **counts)
    for page in report.pages:
        path = xml_text(report_path(page.path))
        case = ET.SubElement(suite, "testcase", classname="medlint", name=path, file=path)
        if report.scores_too_low(page):
            ET.SubElement(case, "failure", type="min-score",
                          message=f"Page score {page.score} is below --min-score {report.min_score}")
        passing = []
        for d in page.diagnostics:
            if not report.fails(d):
                passing.append(xml_text(finding_line(path, d)))
                continue
            failure = ET.SubElement(case, "failure", type=d.code,
                                    message=xml_text(f"{d.line}:{d.column}: {d.code} {d.message}"))
            failure.text = xml_text(finding_line(path, d) + (f"\n{d.source_line}" if d.source_line else ""))
        if passing:
            threshold = "--fail-on never" if report.fail_on == "never" else f"below --fail-on {report.fail_on}"
            ET.SubElement(case, "system-out").text = "\n".join([f"Not failures ({threshold}):", *passing])
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
