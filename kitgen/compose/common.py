"""What the documents share: small node helpers, numbering, help resources, response spaces,
what a kit holds, and how district values that are not filled in yet are shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from babel.dates import format_date

from .. import doctree as d
from ..markdown import inlines
from ..model import (
    CardSort,
    ExitItem,
    Lesson,
    Material,
    Profile,
    Prompt,
    RatingScale,
    Response,
    ResponseTable,
    Section,
    Unit,
    VideoSegment,
    is_placeholder,
)
from ..strings import Strings


@dataclass(frozen=True)
class Settings:
    """What a build adds to the sources: the date, the page size and the document's language."""

    date: str
    page_size: str = "letter"
    language: str = "en"
    """The language the document is written in: the profile's for the guide, the kit's for a
    translated handout or letter (its text then comes from a translated unit and lessons)."""


@dataclass(frozen=True)
class LanguageStatus:
    """How one translated language of a kit stands, for the guide's list of translated documents."""

    language: str
    """Its code, e.g. 'es'."""
    documents: tuple[str, ...]
    """The translated documents' file names, without folder and format."""
    translated: int
    fuzzy: int
    missing: int
    """Entries of the catalogs the documents use: translated, fuzzy and missing (shown in English)."""
    reviewer: str | None = None
    reviewed_on: str | None = None
    """Who reviewed the translation and when; None while it is unreviewed."""
    refused: bool = False
    """Safety-critical text was missing or out of date: no document was built in this language."""


@dataclass(frozen=True)
class KitScope:
    """The part of the unit a kit holds, for documents that say so ("2 of the unit's 6 lessons")."""

    title: str
    """The kit's title, e.g. 'Grades 9–10'."""
    curriculum_lessons: int
    """How many lessons the whole curriculum has."""
    translations: tuple[LanguageStatus, ...] = ()
    """The kit's languages besides the curriculum's own, which the guide lists."""


def t(text: str) -> tuple[d.Inline, ...]:
    return (d.Text(text),)


def label_value(label: str, value: Iterable[d.Inline] | str) -> d.Paragraph:
    """'Label: value' with the label in bold."""
    rest = t(value) if isinstance(value, str) else tuple(value)
    return d.Paragraph((d.Strong(t(label)), d.Text(" "), *rest))


def items(texts: Iterable[str]) -> tuple[d.ListItem, ...]:
    return tuple(d.ListItem(inlines(text)) for text in texts)


def grade_numbers(grades: list[int]) -> str:
    """'10', '7–8' or '7, 9': for a column already headed 'Grades'."""
    ordered = sorted(set(grades))
    if len(ordered) > 1 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{ordered[0]}–{ordered[-1]}"
    return ", ".join(map(str, ordered))


def grades_text(s: Strings, grades: list[int]) -> str:
    """'Grade 10', 'Grades 7–8' or 'Grades 7, 9': said once, never after a 'Grades:' label."""
    ordered = sorted(set(grades))
    if len(ordered) == 1:
        return s("grade_one", grade=ordered[0])
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return s("grades_range", low=ordered[0], high=ordered[-1])
    return s("grades_list", grades=", ".join(map(str, ordered)))


def known(value: str | None) -> str:
    """A district value, or '' while it still says 'FILL IN: …'."""
    return value if value and not is_placeholder(value) else ""


def district_value(value: str | None, label: str) -> tuple[d.Inline, ...]:
    """A district value in running text; until it is filled in, a labelled line to write it on."""
    if known(value):
        return t(value or "")
    return (d.Blank(label),)


def date_in_words(iso: str, language: str) -> str:
    """'2027-01-15' → 'Friday, January 15, 2027', in the documents' language."""
    return format_date(dt.date.fromisoformat(iso), format="full", locale=language.replace("-", "_"))


_SLOT = "\x00"


def sentence(s: Strings, key: str, **values: object) -> tuple[d.Inline, ...]:
    """A string-table sentence whose ``{slots}`` may hold inlines as well as text: a tuple value
    (a district value, or the line to write it on) is put in as nodes."""
    slots = {name: f"{_SLOT}{name}{_SLOT}" if isinstance(v, tuple) else v for name, v in values.items()}
    out: list[d.Inline] = []
    for index, piece in enumerate(s(key, **slots).split(_SLOT)):
        if index % 2:
            out += values[piece]  # type: ignore[arg-type]
        elif piece:
            out.append(d.Text(piece))
    return tuple(out)


def resource_items(unit: Unit) -> tuple[d.ListItem, ...]:
    """'Name: contact. when' for each help resource, in the guide and the family letter alike."""
    return tuple(
        d.ListItem((d.Strong(t(r.name + ":")), d.Text(f" {r.contact}. {r.when}")))
        for r in unit.help_resources
    )


def lesson_heading(s: Strings, lesson: Lesson) -> str:
    return s("lesson_title", number=lesson.number, title=lesson.title)


def meta(
    title: str,
    audience: str,
    unit: Unit,
    profile: Profile,
    settings: Settings,
    running: str,
    footer: str,
) -> d.Meta:
    return d.Meta(
        title=title,
        language=settings.language,
        audience=audience,  # type: ignore[arg-type]
        subject=unit.title,
        author=known(profile.district) or unit.title,
        date=settings.date,
        page_size=settings.page_size,  # type: ignore[arg-type]
        running_title=running,
        footer=footer,
    )


def join(*parts: str) -> str:
    """Parts joined with a middle dot, leaving out empty ones (unfilled district values)."""
    return " · ".join(p for p in parts if p)


def segment(unit: Unit, segment_id: str | None) -> VideoSegment | None:
    return next((v for v in unit.videos if v.id == segment_id), None)


# --------------------------------------------------------------------------- numbering

Question = Prompt | ExitItem


@dataclass(frozen=True)
class Asked:
    """One question of a section: the part of the section it belongs to, where in that part,
    and its number."""

    part: str
    """'video', 'prompts', 'items' or 'stations' (see ``Section.part_order``)."""
    group: str
    """In a video, the string key of its group heading ('before_watch', …); '' elsewhere."""
    station: int
    """Index of its station in ``Section.stations``; -1 outside stations."""
    number: int | None
    """Its number on the handout, in the guide and on the exit ticket; None for a prompt asked
    aloud only, which is not on the handout."""
    question: Question


def _section_questions(section: Section) -> Iterator[tuple[str, str, int, Question]]:
    """A section's questions in the order students meet them: its parts in the order the lesson
    file gives them."""
    for part in section.part_order:
        if part == "video" and section.video is not None:
            stages: tuple[tuple[str, list[Prompt]], ...] = (
                ("before_watch", section.video.pre_viewing),
                ("pause_think", list(section.video.pause_points)),
                ("after_watch", section.video.post_viewing),
            )
            for key, prompts in stages:
                for prompt in prompts:
                    yield part, key, -1, prompt
        elif part == "prompts":
            for prompt in section.prompts:
                yield part, "", -1, prompt
        elif part == "items":
            for item in section.items:
                yield part, "", -1, item
        elif part == "stations":
            for index, station in enumerate(section.stations):
                for prompt in station.prompts:
                    yield part, "", index, prompt


def asked_aloud(question: Question) -> bool:
    return isinstance(question, Prompt) and question.aloud


def numbered(sections: Iterable[Section]) -> Iterator[tuple[Section, list[Asked]]]:
    """Every section with its questions numbered 1, 2, 3 … through the lesson: the one number a
    question has on the handout, in the guide and on the exit ticket. A prompt asked aloud only
    gets no number, so the handout, which leaves it out, counts on without a gap."""
    number = 0
    for section in sections:
        questions = []
        for part, key, station, question in _section_questions(section):
            position: int | None = None
            if not asked_aloud(question):
                number += 1
                position = number
            questions.append(Asked(part, key, station, position, question))
        yield section, questions


def minutes_text(section: Section) -> str:
    """'15' or '15–20': a section's planned minutes, as a number or a range."""
    if section.up_to is not None and section.up_to != section.minutes:
        return f"{section.minutes}–{section.up_to}"
    return str(section.minutes)


# --------------------------------------------------------------------------- responses


def response_space(
    response: Response | None, caption: str, s: Strings, materials: Sequence[Material] = ()
) -> list[d.Block]:
    """The write-in space a response asks for, as the blocks that hold it (a table, a list of
    boxes to tick, a key line over a rating table); ``caption`` names a table (the section's
    title, or the question's number); ``materials`` are the lesson's student materials, which a
    card sort may name."""
    if response is None:
        return []
    if response.lines is not None:
        return [d.WriteIn(response.lines)]
    if response.box is not None:
        return [d.WriteIn(response.box, box=True)]
    if response.table is not None:
        return [_fill_in_table(response.table, caption)]
    if response.scale is not None:
        return rating_table(response.scale, caption, s)
    if response.checklist is not None:
        return [d.BulletList(items(response.checklist), checklist=True)]
    if response.sort is not None:
        return _sorting_mat(response.sort, caption, s, materials)
    assert response.card is not None
    return [
        d.Callout(
            "card",
            "",
            tuple(
                d.Paragraph((d.Strong(t(label + ":")), d.Text(" "), d.Blank(label)))
                for label in response.card
            ),
        )
    ]


def _fill_in_table(table: ResponseTable, caption: str) -> d.Table:
    width = len(table.columns)
    body = [(inlines(label), *([()] * (width - 1))) for label in table.rows]
    body += [tuple(() for _ in range(width))] * table.blank_rows
    widths: tuple[int, ...] = ()
    if table.rows and width > 1:  # labelled rows: the label column gets half the width
        widths = (50, *([50 // (width - 1)] * (width - 1)))
    return d.Table(
        (tuple(t(c) for c in table.columns), *body),
        caption=caption,
        widths=widths,
        write_lines=table.lines,
    )


LABELLED_POINTS = 6
"""Up to this many numbers, the low and high labels fit in the header cells of their numbers;
a wider scale says them in the key line over the table."""


def rating_table(scale: RatingScale, caption: str, s: Strings) -> list[d.Block]:
    """A key line, then a row per statement. Without ``before_after`` a column per number to
    mark; with it, a 'Before' and an 'After' column to write a number in (two narrow columns
    fit a Letter page at any scale width, two blocks of ten would not)."""
    low, high = scale.low, scale.high
    if scale.before_after:
        key = s("scale_write", low=low, high=high, low_label=scale.low_label, high_label=scale.high_label)
        head: tuple[tuple[d.Inline, ...], ...] = (
            t(s("statement")),
            t(s("scale_before")),
            t(s("scale_after")),
        )
        widths: tuple[int, ...] = (64, 18, 18)
    else:
        points = high - low + 1
        labelled = points <= LABELLED_POINTS
        key = (
            s("scale_mark")
            if labelled
            else s(
                "scale_mark_key", low=low, high=high, low_label=scale.low_label, high_label=scale.high_label
            )
        )
        numbers: list[tuple[d.Inline, ...]] = []
        for n in range(low, high + 1):
            label = {low: scale.low_label, high: scale.high_label}.get(n) if labelled else None
            numbers.append((d.Text(str(n)), d.LineBreak(), d.Text(label)) if label else t(str(n)))
        head = (t(s("statement")), *numbers)
        share = 9 if labelled else 5
        widths = (100 - share * points, *([share] * points))
    body = [(t(statement), *([()] * (len(head) - 1))) for statement in scale.statements]
    return [
        d.Paragraph(t(key)),
        d.Table((head, *body), caption=caption, widths=widths, write_lines=1),
    ]


def _sorting_mat(sort: CardSort, caption: str, s: Strings, materials: Sequence[Material]) -> list[d.Block]:
    """A column per pile and empty rows to lay the cards on or write them in; when the sort names
    a card set, the line above says which cards."""
    out: list[d.Block] = []
    card_set = next((m for m in materials if m.id == sort.material), None)
    if card_set is not None:
        out.append(d.Paragraph(t(s("sort_cards", title=card_set.title))))
    empty: tuple[tuple[d.Inline, ...], ...] = tuple(() for _ in sort.categories)
    out.append(
        d.Table(
            (tuple(t(c) for c in sort.categories), *([empty] * sort.rows)),
            caption=caption,
            widths=(1,) * len(sort.categories),  # piles alike, whatever their names
            write_lines=2 if sort.rows <= 8 else 1,  # a long mat still fits a page
        )
    )
    return out


def translation_note(doc: d.Document, s: Strings, english: Strings) -> d.Document:
    """``doc`` with a note, in its language and in English, that its translation is not yet
    reviewed: at the end of what the reader keeps, before a sheet handed in or a slip cut off.
    The English sentence is tagged as English, so it is hyphenated and read aloud as English."""
    reference = d.Span(english.language, t(english("translation_unreviewed")))
    note = d.Paragraph((d.Text(f"{s('translation_unreviewed')} "), reference), style="small")
    blocks = list(doc.blocks)
    at = len(blocks) - 1 if blocks and _given_back(blocks[-1]) else len(blocks)
    blocks.insert(at, note)
    return d.Document(doc.meta, tuple(blocks))


def _given_back(block: d.Block) -> bool:
    """The exit-ticket sheet a student hands in, or the slip a family cuts off and returns."""
    if isinstance(block, d.Part):
        return block.kind == "hand_in"
    return isinstance(block, d.Keep) and bool(block.blocks) and isinstance(block.blocks[0], d.CutLine)
