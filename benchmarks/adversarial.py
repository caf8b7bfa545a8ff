"""Hostile and unusual page shapes at growing sizes: seconds per MB must stay flat.

    python benchmarks/adversarial.py [--sizes 10k,100k,1m] [--big] [--only SHAPE,...] [--timeout S]

Each shape (a page of 200,000 '[', 50,000 nested <div>s, one 1 MB line of sentences, ...)
is generated at each size and checked with every rule, in a child process with a time
limit, and the table prints CPU seconds per MB (CPU time, so that other work on a shared
machine does not inflate it): a column that rises with the size is super-linear growth. ``--big`` adds 10 MB. Exits 1 when a shape is over 2 s per MB at
1 MB or more (the project's target) or timed out. Not run by pytest: timings belong here.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time

KB, MB = 1_000, 1_000_000
TARGET = 2.0  # seconds per MB at 1 MB and more


def fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """``unit`` repeated until the text is about ``size`` characters, between head and tail."""
    room = max(size - len(head) - len(tail), len(unit))
    return head + unit * (room // len(unit)) + tail


def letters(number: int) -> str:
    """``number`` written in the letters a–z as digits ("bmlu" for 30,000)."""
    word = ""
    while number:
        number, digit = divmod(number, 26)
        word = chr(97 + digit) + word
    return word or "a"


def nested(open_tag: str, close_tag: str, middle: str, size: int) -> str:
    depth = max(1, (size - len(middle)) // (len(open_tag) + len(close_tag)))
    return open_tag * depth + middle + close_tag * depth


SENTENCE = "The nurse will check your blood pressure before the scan starts. "
PARAGRAPH = ("Most people feel better within a week. Drink plenty of fluids and rest. "
             "Call your GP if the fever lasts more than three days or you feel worse.\n\n")

# name -> (format, generator of a page of about `size` characters)
SHAPES = {
    "md: [ x200k": ("md", lambda n: "[" * n),
    "md: < run": ("md", lambda n: "<" * n),
    "md: *a run": ("md", lambda n: fill("*a ", n)),
    "md: one-word list items": ("md", lambda n: fill("- word\n", n)),
    "md: nested lists": ("md", lambda n: fill("".join("  " * d + "- item\n" for d in range(40)), n)),
    "md: headings": ("md", lambda n: "".join(f"# Heading {i}\n\n" for i in range(n // 14))),
    "md: table": ("md", lambda n: fill("| a | b | c |\n", n, head="| x | y | z |\n|---|---|---|\n")),
    "md: links": ("md", lambda n: "".join(f"[link {i}](https://example.org/p{i}) " for i in range(n // 36))),
    "md: unclosed inline tags": ("md", lambda n: fill("<span>x ", n)),
    "md: blockquotes": ("md", lambda n: fill(">", n, tail=" text\n")),
    "md: emphasis nest": ("md", lambda n: nested("*a _b ", " b_ a*", "x", n)),
    "html: nested divs": ("html", lambda n: nested("<div>", "</div>", "One sentence.", n)),
    "html: &amp;amp; run": ("html", lambda n: fill("&amp;amp; ", n, "<p>", "</p>")),
    "html: unclosed inline tags": ("html", lambda n: fill("<b>x ", n, "<p>", "</p>")),
    "html: many attributes": ("html", lambda n: fill(' a="1"', n, "<p", ">Text.</p>")),
    "html: table": ("html", lambda n: fill("<tr><td>a</td><td>b</td></tr>", n, "<table>", "</table>")),
    "html: links": ("html", lambda n: "<p>" + "".join(f'<a href="/p{i}">link {i}</a> ' for i in range(n // 30))),
    "html: < run": ("html", lambda n: "<" * n),
    "txt: a@a@": ("txt", lambda n: fill("a@", n)),
    "txt: dots": ("txt", lambda n: fill("a.", n)),
    "txt: digits": ("txt", lambda n: "1" * n),
    "txt: spaces": ("txt", lambda n: fill(" ", n, "word", "word")),
    "txt: tabs": ("txt", lambda n: fill("\t", n, "word", "word")),
    "txt: nbsp": ("txt", lambda n: fill("\u00a0", n, "word", "word")),
    "txt: sentences, no line break": ("txt", lambda n: fill(SENTENCE, n)),
    "md: sentences, no line break": ("md", lambda n: fill(SENTENCE, n)),
    "txt: jargon, no line break": ("txt", lambda n: fill("Patients with an abrasion heal well and ", n)),
    "txt: no spaces": ("txt", lambda n: "x" * n),
    "txt: one word repeated": ("txt", lambda n: fill("word ", n)),
    "txt: repeated paragraphs": ("txt", lambda n: fill(PARAGRAPH, n)),
    "md: repeated paragraphs": ("md", lambda n: fill(PARAGRAPH, n)),
    "txt: capitals": ("txt", lambda n: fill("ABC ", n)),
    "txt: parentheses": ("txt", lambda n: fill("(a ", n)),
    "txt: url-ish": ("txt", lambda n: fill("http://a.", n)),
    # Every word a different non-word: each one asks the spelling rule for suggestions.
    "txt: distinct non-words": ("txt", lambda n: " ".join(map(letters, range(30_000, 30_000 + n // 6)))),
    "txt: distinct capitalised non-words": ("txt", lambda n: " ".join(letters(i).title() for i in range(30_000, 30_000 + n // 6))),
}


def _check(fmt: str, text: str, settings) -> int:
    from medlint.engine import lint_bytes

    file_format = {"md": "markdown", "html": "html", "txt": "text"}[fmt]
    return len(lint_bytes(text.encode("utf-8"), f"page.{fmt}", file_format, settings).diagnostics)


def _child(fmt: str, text: str, pipe) -> None:
    from medlint.config import Config
    from medlint.engine import build_settings

    settings = build_settings(Config())
    _check(fmt, "Warm up: the parser and the spelling dictionary load before the clock starts.", settings)
    start = time.process_time()
    count = _check(fmt, text, settings)
    pipe.send((time.process_time() - start, count))


def measure(fmt: str, text: str, timeout: float) -> float | None:
    """CPU seconds to check the page, or None when it ran over ``timeout`` (wall) seconds."""
    receive, send = multiprocessing.Pipe(duplex=False)
    child = multiprocessing.get_context("fork").Process(target=_child, args=(fmt, text, send))
    child.start()
    if not receive.poll(timeout):
        child.kill()
        child.join()
        return None
    seconds, _ = receive.recv()
    child.join()
    return seconds


def parse_size(text: str) -> int:
    text = text.strip().lower()
    return int(float(text[:-1]) * (MB if text.endswith("m") else KB)) if text[-1] in "km" else int(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--big", action="store_true", help="add 10 MB")
    parser.add_argument("--only", default="", help="shapes whose name contains one of these (comma-separated)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per page before giving up")
    args = parser.parse_args()
    sizes = [parse_size(s) for s in args.sizes.split(",")] + ([10 * MB] if args.big else [])
    wanted = [w.strip() for w in args.only.split(",") if w.strip()]
    shapes = {name: shape for name, shape in SHAPES.items() if not wanted or any(w in name for w in wanted)}

    header = f"{'shape':32}" + "".join(f"{_label(size):>10}" for size in sizes)
    print("CPU seconds per MB\n" + header)
    failed = []
    for name, (fmt, make) in shapes.items():
        cells = []
        for size in sizes:
            seconds = measure(fmt, make(size), args.timeout)
            if seconds is None:
                cells.append(f">{args.timeout:.0f}s")
                failed.append(name)
                break  # a bigger page would only take longer
            rate = seconds / (size / MB)
            cells.append(f"{rate:.2f}")
            if size >= MB and rate > TARGET:
                failed.append(name)
        print(f"{name:32}" + "".join(f"{c:>10}" for c in cells), flush=True)
    if failed:
        print(f"over {TARGET} s/MB or timed out: {', '.join(dict.fromkeys(failed))}")
    return 1 if failed else 0


def _label(size: int) -> str:
    return f"{size // MB} MB" if size >= MB else f"{size // KB} KB"


if __name__ == "__main__":
    sys.exit(main())
