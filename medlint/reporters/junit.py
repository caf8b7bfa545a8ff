"""JUnit XML: one test case per file, one failure per finding, for CI test-report views."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from medlint.reporters import report_path

# Characters XML 1.0 cannot hold (control characters are a finding of their own: EN003).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render(report) -> str:
    failing = len(report.pages_with_findings())
    counts = {"tests": str(report.files), "failures": str(failing), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", name="medlint", **counts)
    suite = ET.SubElement(suites, "testsuite", name="medlint", **counts)
    for page in report.pages:
        path = xml_text(report_path(page.path))
        case = ET.SubElement(suite, "testcase", classname="medlint", name=path, file=path)
        for d in page.diagnostics:
            failure = ET.SubElement(case, "failure", type=d.code,
                                    message=xml_text(f"{d.line}:{d.column}: {d.code} {d.message}"))
            failure.text = xml_text(f"{path}:{d.line}:{d.column}: {d.code} [{d.severity}] {d.message}"
                                    + (f"\n{d.source_line}" if d.source_line else ""))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
