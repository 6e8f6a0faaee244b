"""The offline catalog (index.html): built from the manifests on the disk, opened in Chromium from
file:// with no network, every link leading to a file that exists, and no axe-core violation."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from package_samples import kit_files, kit_info
from test_axe import axe_violations, browser

from kitgen.catalog import write_catalog
from kitgen.publish import publish_kit

__all__ = ["browser"]  # the fixture, shared with test_axe

FORMATS = ("pdf", "docx")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """Four kits (one spanning bands, two bands, a trainer's own selection) and things that are not kits."""
    out = tmp_path / "output"
    publish_kit(out, kit_info("whole-unit", band=None), kit_files(), FORMATS)
    publish_kit(out, kit_info("grades-9-10"), kit_files(), FORMATS)
    publish_kit(out, kit_info("grades-7-8", band="Grades 7–8"), kit_files(("docx",)), ("docx",))
    publish_kit(out, kit_info("my-selection", saved=False), kit_files(("pdf",)), ("pdf",))
    (out / "notes").mkdir()
    (out / "notes" / "manifest.json").write_text("not json")
    (out / "grades-9-10" / "family" / "ihh-family-letter.docx").unlink()  # gone since it was built
    return out


def test_catalog_groups_kits_by_band_and_lists_every_file(out: Path) -> None:
    page = write_catalog(out).read_text(encoding="utf-8")
    assert page.count("<h1>") == 1 and '<html lang="en">' in page
    groups = re.findall(r"<h2>(.*?)</h2>", page)
    assert groups == ["Kits for more than one grade band", "Grades 7–8", "Grades 9–10"]
    kits = re.findall(r'<section class="kit" id="kit-([^"]+)">', page)
    assert kits == ["whole-unit", "grades-7-8", "grades-9-10", "my-selection"]  # saved kits first
    assert "a trainer's own selection" in page
    assert "Lesson 3 handout: Force, fraud, coercion: how control works" in page
    assert "105 minutes of class time" in page  # 50 + 55
    assert 'href="grades-9-10/family/ihh-family-letter.pdf"' in page
    assert 'href="grades-9-10/family/ihh-family-letter.docx"' not in page  # not on the disk
    assert 'href="grades-9-10.zip"' in page
    assert "about 24" in page  # the guide of the DOCX-only kit: pages counted on its PDF
    assert "notes" not in page
    assert not re.search(r"<script|https?://|src=", page)
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_a_folder_without_kits_gets_a_page_that_says_so(tmp_path: Path) -> None:
    page = write_catalog(tmp_path).read_text(encoding="utf-8")
    assert "No kits have been built in this folder yet." in page


@pytest.mark.slow
def test_catalog_in_chromium_links_work_and_axe_finds_nothing(browser: Any, out: Path) -> None:
    page = write_catalog(out)
    browser.get(page.as_uri())
    assert browser.title.startswith("Kits to download")
    links = browser.execute_script(
        "return [...document.querySelectorAll('a[href]')].map(a => [a.href, a.textContent.trim()])"
    )
    files, anchors = [], []
    for href, text in links:
        target = urlsplit(href)
        assert target.scheme == "file", href
        if target.fragment:
            anchors.append(target.fragment)
        else:
            files.append((Path(unquote(target.path)), text))
    assert all(browser.execute_script(f"return !!document.getElementById('{a}')") for a in anchors)
    assert len(files) == 4 + 9 + 8 + 4 + 5  # zips; two full kits (one file gone); DOCX only; PDF only
    for path, text in files:
        assert path.is_file() and path.is_relative_to(out), path
        assert text.startswith("Download the whole kit") or ", It Happens Here" in text, text
    assert axe_violations(browser, page) == []


@pytest.mark.slow
def test_the_real_catalog_of_a_build_links_every_file_and_passes_axe(browser: Any) -> None:
    from built_kit import built_kit

    out = built_kit().parent
    page = out / "index.html"
    browser.get(page.as_uri())
    hrefs = browser.execute_script("return [...document.querySelectorAll('a[href]')].map(a => a.href)")
    linked = {Path(unquote(urlsplit(href).path)) for href in hrefs if not urlsplit(href).fragment}
    built = {
        path
        for path in out.rglob("*")
        if path.is_file() and path.suffix in (".pdf", ".docx", ".zip") and ".kitgen-cache" not in path.parts
    }
    assert linked == built
    assert axe_violations(browser, page) == []


def test_a_material_is_listed_by_its_title_and_a_rebuild_of_one_format_keeps_it(tmp_path: Path) -> None:
    from kitgen.kitfiles import KitFile

    def reading(fmt: str) -> KitFile:
        return KitFile(
            f"student/ihh-lesson-03-case-file.{fmt}",
            "student",
            "material",
            fmt,  # type: ignore[arg-type]
            b"%PDF reading" if fmt == "pdf" else b"PK reading",
            1,
            ("force-fraud-coercion",),
            title="The Case of the Job Offer",
        )

    out = tmp_path / "output"
    publish_kit(out, kit_info(), [*kit_files(), reading("pdf"), reading("docx")], FORMATS)
    publish_kit(out, kit_info(), [*kit_files(("docx",)), reading("docx")], ("docx",))
    page = write_catalog(out).read_text(encoding="utf-8")
    assert "The Case of the Job Offer" in page and "case-file</" not in page
