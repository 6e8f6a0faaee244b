"""axe-core in Chromium finds no violation in the HTML behind any PDF of the shipped kit.

Each document is composed as ``kitgen build`` composes it, turned into the HTML that WeasyPrint
prints, given the print stylesheet (so contrast is judged on the real colours) and opened from
a temporary file. The bundled fonts and the lesson images do not load there; axe does not need
them. CI installs Debian's chromium and chromedriver (.ci/run); nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from built_kit import composed

from kitgen.build import default_templates
from kitgen.strings import load_strings
from kitgen.writers.html import render_html

REPO = Path(__file__).resolve().parents[1]
LESSONS = REPO / "lessons"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        if os.environ.get("CI") == "true":
            pytest.fail("chromium and chromedriver are missing; .ci/run installs them")
        pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def kit_html(folder: Path) -> dict[str, Path]:
    """The HTML of every document of the shipped kit, each in a file that links print.css."""
    templates = default_templates(LESSONS)
    documents = composed(LESSONS)
    strings = {
        lang: load_strings(templates, lang) for lang in {doc.meta.language for doc in documents.values()}
    }
    stylesheet = f'<link rel="stylesheet" href="{(templates / "print.css").as_uri()}">\n</head>'
    files = {}
    for stem, doc in documents.items():  # the Spanish documents too (…-es)
        html = render_html(doc, templates, strings[doc.meta.language])
        files[stem] = folder / f"{stem}.html"
        files[stem].write_text(html.replace("</head>", stylesheet, 1), encoding="utf-8")
    return files


def axe_violations(browser: Any, page: Path) -> list[str]:
    from axe_selenium_python import Axe

    browser.get(page.as_uri())
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    return [
        f"{page.stem}: {v['id']} ({v['impact']}) {v['help']}: "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        for v in results["violations"]
    ]


@pytest.mark.slow
def test_axe_finds_no_violation_in_any_document(browser: Any, tmp_path: Path) -> None:
    files = kit_html(tmp_path)
    # the guide, six handouts, the lessons' card set, role cards, reading and survey, the family
    # letter and six take-home sheets
    assert len(files) >= 18
    assert len([stem for stem in files if stem.endswith("-es")]) >= 15
    for kind in ("cards", "role-cards", "survey", "family-sheet"):
        assert [stem for stem in files if stem.endswith(kind)], kind
    violations = [problem for page in files.values() for problem in axe_violations(browser, page)]
    assert violations == []


def test_axe_sees_a_page_without_a_main_landmark(browser: Any, tmp_path: Path) -> None:
    """The check itself works: the body outside <main> fails the rules the landmark fixes."""
    page = tmp_path / "bare.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>T</title><h1>T</h1><p>Text</p></html>')
    found = {problem.split(": ")[1].split(" ")[0] for problem in axe_violations(browser, page)}
    assert "landmark-one-main" in found
