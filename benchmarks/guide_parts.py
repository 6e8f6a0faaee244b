"""CPU seconds of the shipped whole-unit facilitator guide's PDF laid out in one job and in parts
(kitgen/writers/pdf_parts.py), in one warm process: CPU time, not wall time, so that it means
something on a busy machine. Run by hand: ``python benchmarks/guide_parts.py [lessons]``.

It prints the one-job time, each part's time, the cover, stamp and join, both files' sizes, what
a one-lesson edit costs (the largest lesson part and the join; cover and stamp come from the
cache while no page count changes) and the guide's critical path on two workers."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

from kitgen.build import default_templates, plan
from kitgen.render import GC_THRESHOLD
from kitgen.strings import load_strings
from kitgen.targets import Request
from kitgen.writers import pdf_parts
from kitgen.writers.pdf import PdfRenderer, document_html


def main() -> None:
    lessons = Path(sys.argv[1] if len(sys.argv) > 1 else "lessons")
    planned = plan(lessons, Request(kits=("whole-unit",), formats=("pdf",)))
    doc = next(
        item.document
        for _, _, items in planned.kits
        for item in items
        if item.kind == "guide" and item.document is not None and item.document.meta.language == "en"
    )
    templates = default_templates(lessons)
    strings = load_strings(templates, "en")
    gc.set_threshold(*GC_THRESHOLD)
    renderer = PdfRenderer(templates, lessons, strings)
    html = document_html(doc, templates, strings)
    split = pdf_parts.split(html)
    assert split is not None
    renderer.write(split.parts[-1])  # warm-up

    def timed(html: str) -> tuple[bytes, float]:
        start = time.process_time()
        data = renderer.write_dated(html, doc.meta.date)
        return data, time.process_time() - start

    whole, whole_s = timed(html)
    parts = [timed(part) for part in split.parts[1:]]
    numbers, first = {}, 1
    for data, _ in parts:
        numbers |= {hid: first + page + 1 for hid, page in pdf_parts.outline_pages(data).items()}
        first += pdf_parts.page_count(data)
    cover, cover_s = timed(pdf_parts.cover_with_pages(split.parts[0], numbers))
    starts, first = {}, pdf_parts.page_count(cover)
    for running, (data, _) in zip(split.running, parts, strict=True):
        starts[first] = running
        first += pdf_parts.page_count(data)
    stamp, stamp_s = timed(pdf_parts.stamp_html(split.parts[0], starts, first, split.page_of))
    start = time.process_time()
    joined = pdf_parts.join([cover, *(data for data, _ in parts)], stamp, doc.meta.title)
    join_s = time.process_time() - start
    seconds = [s for _, s in parts]
    halves = [0.0, 0.0]
    for s in sorted(seconds, reverse=True):  # heaviest first onto the less loaded worker
        halves[halves.index(min(halves))] += s
    print(f"one job: {whole_s:.2f} s CPU, {pdf_parts.page_count(whole)} pages")
    print(
        f"in parts: {len(seconds)} parts, {sum(seconds):.2f} s ("
        + " ".join(f"{s:.2f}" for s in seconds)
        + ")"
    )
    print(
        f"cover {cover_s:.2f} s, stamp {stamp_s:.2f} s, join {join_s:.2f} s; {pdf_parts.page_count(joined)} pages"
    )
    print(f"size: one job {len(whole)} bytes, joined {len(joined)} bytes ({len(joined) / len(whole):.2f} ×)")
    print(f"critical path on 2 workers: {max(halves) + cover_s + stamp_s + join_s:.2f} s")
    print(
        f"one-lesson edit: {max(seconds) + join_s:.2f} s ({(max(seconds) + join_s) / whole_s:.2f} × one job)"
    )


if __name__ == "__main__":
    main()
