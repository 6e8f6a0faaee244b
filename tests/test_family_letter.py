"""The letter to families and the consent form, read back from the PDF and DOCX a family gets.

The letters are composed from the shipped unit and lessons (a grade 9–10 kit of two of its six
lessons) with the filled-in test profile, after every text families may not read has been
given a canary, so a leak of facilitator- or student-only text would show in the files.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from readback import docx_headings, docx_text, in_order, pdf_page_count, pdf_text, squash

from kitgen import doctree as d
from kitgen.compose import KitScope, Settings, consent_form, facilitator_guide, family_letter
from kitgen.model import FAMILY, ConsentMode, Lesson, Node, Profile, Unit, audience_of
from kitgen.strings import load_strings
from kitgen.validate import validate_folder

REPO = Path(__file__).parent.parent
TEMPLATES = REPO / "templates"
CANARY = "ZQXCANARY"
DEADLINE = "Friday, January 15, 2027"
SCOPE = KitScope("Grades 9–10", 6)


def canaried(model: Any) -> Any:
    """A copy of ``model`` with CANARY around every text families may not read (not around
    fixed words such as a section's kind)."""
    if not isinstance(model, Node):
        return model
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        hidden = FAMILY not in audience_of(type(model), name)
        if isinstance(value, str) and not isinstance(value, Enum) and hidden:
            update[name] = f"{CANARY} {value} {CANARY}"
        elif isinstance(value, list):
            update[name] = [
                f"{CANARY} {v} {CANARY}" if isinstance(v, str) and hidden else canaried(v) for v in value
            ]
        else:
            update[name] = canaried(value)
    return model.model_copy(update=update)


def with_mode(profile: Profile, mode: ConsentMode) -> Profile:
    return profile.model_copy(update={"consent": profile.consent.model_copy(update={"mode": mode})})


@pytest.fixture(scope="module")
def sources() -> tuple[Unit, Profile, list[Lesson], Profile]:
    """The shipped unit, its grade 9–10 lessons and the filled-in test profile, all canaried;
    and the shipped profile, whose district values are not filled in yet."""
    shipped, _ = validate_folder(REPO / "lessons")
    fixture, _ = validate_folder(REPO / "tests" / "fixtures" / "minimal")
    assert shipped.unit and shipped.profile and fixture.profile
    lessons = [canaried(x.model) for x in shipped.lessons if 9 in x.model.grades]
    return canaried(shipped.unit.model), canaried(fixture.profile.model), lessons, shipped.profile.model


def compose(
    sources: tuple[Unit, Profile, list[Lesson], Profile], mode: ConsentMode, filled: bool = True
) -> tuple[d.Document, d.Document | None]:
    unit, profile, lessons, unfilled = sources
    chosen = with_mode(profile if filled else unfilled, mode)
    s, settings = load_strings(TEMPLATES, "en"), Settings(date="2026-11-29")
    return (
        family_letter(unit, chosen, lessons, SCOPE, s, settings),
        consent_form(unit, chosen, lessons, SCOPE, s, settings),
    )


@pytest.fixture(scope="module")
def rendered(
    sources: tuple[Unit, Profile, list[Lesson], Profile], tmp_path_factory: pytest.TempPathFactory
) -> Callable[[str], Path]:
    """Both letters and the consent form in PDF and DOCX, rendered once: name → file."""
    from kitgen.render import _Renderer

    folder = tmp_path_factory.mktemp("family")
    renderer = _Renderer(TEMPLATES, REPO / "lessons", load_strings(TEMPLATES, "en"))
    out_letter, no_form = compose(sources, ConsentMode.OPT_OUT)
    in_letter, form = compose(sources, ConsentMode.OPT_IN)
    assert no_form is None and form is not None
    for name, doc in (("opt-out", out_letter), ("opt-in", in_letter), ("form", form)):
        pdf = renderer.render(doc, "pdf", None)
        (folder / f"{name}.pdf").write_bytes(pdf)
        (folder / f"{name}.docx").write_bytes(renderer.render(doc, "docx", pdf))
    return lambda name: folder / name


def texts(rendered: Callable[[str], Path], name: str) -> list[str]:
    """What a reader sees in the PDF and in the DOCX of one document."""
    return [pdf_text(rendered(f"{name}.pdf")), docx_text(rendered(f"{name}.docx"))]


@pytest.mark.slow
def test_opt_out_letter_ends_with_a_slip_to_cut_off(rendered: Callable[[str], Path]) -> None:
    for text in texts(rendered, "opt-out"):
        assert (
            in_order(
                [
                    "Dear parent or guardian,",
                    f"return it to the main office by {DEADLINE}",
                    "Sincerely,",
                    "Pat Morgan",
                    "Principal, Test Middle School",
                    "Cut along the dashed line and return the slip below",
                    "Opt-out slip",
                    f"Return to the main office by {DEADLINE}.",
                    "alternative assignment of similar length instead, with no penalty",
                    "Student's name:",
                    "Parent or guardian's name:",
                    "Signature:",
                    "Date:",
                ],
                text,
            )
            == []
        )
        assert squash("consent form") not in squash(text)
    assert pdf_page_count(rendered("opt-out.pdf")) <= 4


@pytest.mark.slow
def test_opt_in_letter_asks_for_the_signed_form_that_comes_with_it(rendered: Callable[[str], Path]) -> None:
    for text in texts(rendered, "opt-in"):
        assert in_order(["written permission", "consent form", DEADLINE, "no penalty"], text) == []
        assert squash("Opt-out slip") not in squash(text) and squash("Cut along") not in squash(text)
    for text in texts(rendered, "form"):
        assert (
            in_order(
                [
                    "Consent form",
                    "Lesson 3: Force, fraud, coercion: how control works (Grades 9–10)",
                    "Lesson 4: Relationships, images and sextortion (Grades 9–10)",
                    f"return this form to the main office by {DEADLINE}",
                    "Yes, my child may take part in these lessons.",
                    "No, my child may not take part.",
                    "Signature:",
                    "Jordan Lee, School counselor, 555-0100, jlee@example.org",
                ],
                text,
            )
            == []
        )
    assert pdf_page_count(rendered("form.pdf")) == 1


@pytest.mark.slow
def test_the_letter_lists_the_kits_lessons_and_where_to_get_help(
    rendered: Callable[[str], Path], sources: tuple[Unit, Profile, list[Lesson], Profile]
) -> None:
    unit, _, lessons, _ = sources
    for text in texts(rendered, "opt-out") + texts(rendered, "opt-in"):
        assert "2 of the 6 lessons" in " ".join(text.split())
        assert in_order([f"Lesson {x.number}: {x.title}" for x in lessons], text) == []
        for lesson in lessons:  # what it covers, and the start of the content note students hear
            assert lesson.family_connection and lesson.content_advisory
            assert squash(lesson.family_connection.preview) in squash(text)
            assert squash(lesson.content_advisory.student[:60]) in squash(text)
        assert in_order([f"{r.name}: {r.contact}" for r in unit.help_resources], text) == []
        assert squash("Alex Kim (School social worker)") in squash(text)
        assert squash("in the counseling office on school days") in squash(text)


@pytest.mark.slow
def test_no_text_families_may_not_read_and_no_placeholder(rendered: Callable[[str], Path]) -> None:
    for name in ("opt-out", "opt-in", "form"):
        for text in texts(rendered, name):
            assert CANARY.casefold() not in text.casefold(), name
            assert "fill in:" not in text.casefold(), name


def test_the_canary_is_really_in_the_sources(sources: tuple[Unit, Profile, list[Lesson], Profile]) -> None:
    unit, profile, lessons, _ = sources
    s, settings = load_strings(TEMPLATES, "en"), Settings(date="2026-11-29")
    guide = facilitator_guide(unit, profile, lessons, s, settings)
    assert CANARY in plain(guide)


@pytest.mark.slow
def test_pdf_and_docx_say_the_same_things(rendered: Callable[[str], Path]) -> None:
    for name in ("opt-out", "opt-in", "form"):
        headings = [text for _, text in docx_headings(rendered(f"{name}.docx"))]
        assert len(headings) >= 1 and in_order(headings, pdf_text(rendered(f"{name}.pdf"))) == []
        pdf, docx = (squash(text) for text in texts(rendered, name))
        assert abs(len(pdf) - len(docx)) < 0.05 * len(pdf), name


def plain(doc: d.Document) -> str:
    """Every word of a document tree, for checks that need no rendering."""
    out: list[str] = []
    for block in d.walk(doc.blocks):
        if isinstance(block, d.Heading | d.Paragraph):
            out.append(d.plain_text(block.children))
        elif isinstance(block, d.BulletList | d.NumberedList):
            out += [d.plain_text(item.children) for item in block.items]
        elif isinstance(block, d.Table):
            out += [d.plain_text(cell) for row in block.rows for cell in row]
        elif isinstance(block, d.Callout | d.CutLine):
            out.append(block.title if isinstance(block, d.Callout) else block.label)
    return "\n".join(out)


def test_unfilled_district_values_are_lines_to_write_on(
    sources: tuple[Unit, Profile, list[Lesson], Profile],
) -> None:
    for mode in ConsentMode:
        letter, form = compose(sources, mode, filled=False)
        for doc in (letter, form) if form else (letter,):
            assert "fill in:" not in plain(doc).casefold()
            labels = {b.label for b in inlines_of(doc) if isinstance(b, d.Blank)}
            assert {"date the form is due", "where to return it"} <= labels


def inlines_of(doc: d.Document) -> list[d.Inline]:
    found: list[d.Inline] = []

    def collect(nodes: tuple[d.Inline, ...]) -> None:
        for node in nodes:
            found.append(node)
            if isinstance(node, d.Strong | d.Emph | d.Link):
                collect(node.children)

    for block in d.walk(doc.blocks):
        if isinstance(block, d.Heading | d.Paragraph):
            collect(block.children)
        elif isinstance(block, d.BulletList | d.NumberedList):
            for item in block.items:
                collect(item.children)
    return found


def test_unfilled_letter_values_warn() -> None:
    _, problems = validate_folder(REPO / "lessons")
    warned = {p.message.split("'")[1] for p in problems if p.code == "profile-placeholder"}
    assert {
        "consent.deadline",
        "consent.return_to",
        "letter.teachers[1].name",
        "letter.signer.name",
        "letter.contact.email",
        "letter.review",
    } <= warned
    deadline = next(p for p in problems if "'consent.deadline'" in p.message)
    assert deadline.hint == "write the date the slip or form is due back as YYYY-MM-DD, e.g. 2027-01-15"


def test_a_deadline_is_a_date_in_the_calendar(minimal: Path, edit: Callable[[str, str, str], None]) -> None:
    edit("profile.yaml", 'deadline: "2027-01-15"', 'deadline: "2027-02-30"')
    edit("01-test-lesson.yaml", "duration_minutes: 45", "duration_minutes: 25")  # no minutes-short warning
    _, problems = validate_folder(minimal)
    assert [p.as_text() for p in problems] == [
        "lessons/profile.yaml:19:13: error[bad-date]: the deadline '2027-02-30' is not a date in the calendar\n"
        "  hint: write it as YYYY-MM-DD, e.g. 2027-01-15"
    ]


def test_a_kits_guide_says_what_it_was_built_for_and_where_the_letter_is(
    sources: tuple[Unit, Profile, list[Lesson], Profile],
) -> None:
    unit, profile, lessons, _ = sources
    s, settings = load_strings(TEMPLATES, "en"), Settings(date="2026-11-29")
    text = plain(facilitator_guide(unit, profile, lessons, s, settings, scope=SCOPE))
    assert "Built for Grades 9–10: 2 of the unit's 6 lessons" in text
    assert "separate document in the kit's family folder" in text
    assert "Family letter" not in text and "Dear parent" not in text
    assert "Built for" not in plain(facilitator_guide(unit, profile, lessons, s, settings))
