"""README.txt of a kit: what each part is, and what to print for whom, in how many copies.

Written for the person at the copy machine, who opens a folder of files and has to know which
ones go to students. Plain text, wrapped at 80 columns (a file name longer than that stays on
one line, so it can be copied), listing the kit's actual files with their pages.
"""

from __future__ import annotations

import textwrap

from .kitfiles import KitFile, KitInfo
from .strings import language_name

WIDTH = 80

PARTS = (
    (
        "facilitator/",
        "For the person who teaches: lesson plans, answer keys and what to do when a student tells you about harm. Never copy it for students.",
    ),
    (
        "student/",
        "What students get: the handouts they write on, one per lesson, and the readings, card sets, role cards and surveys some lessons use.",
    ),
    (
        "family/",
        "For families: the letter sent home before the unit starts, and the take-home sheets sent after the lessons.",
    ),
)

PRINT = {
    "guide": "The facilitator guide: one copy per facilitator.",
    "handout": "Each lesson's handout: one copy per student, printed double-sided, before that lesson.",
    "material": "Each reading or worksheet below: one copy per student, before its lesson.",
    "group-material": "Each reading or worksheet below is shared: one copy per pair or per group (or one for the class), as the guide's list of student materials says.",
    "card-set": "Each card set: one set per group, printed single-sided and cut apart along the dashed lines before the lesson.",
    "role-cards": "Each lesson's role cards: one set per group, printed single-sided and cut apart before the lesson; each student gets only their own card.",
    "survey": "Each survey: one copy per student, before its lesson. It is anonymous: students do not write their names.",
    "handouts-all": "For the copy room, every handout in one PDF, in lesson order: print it double-sided, one copy per student; each handout starts on a new sheet.",
    "letter": "The family letter: one copy per family, sent home before the first lesson.",
    "consent-form": "The consent form: one copy per family, sent with the letter, signed and returned before the first lesson.",
    "family-sheet": "Each lesson's take-home sheet for families: one copy per family, sent home after that lesson.",
}


def readme_txt(info: KitInfo, files: list[KitFile]) -> bytes:
    """The README.txt of a kit made of ``files`` (UTF-8, newline at the end)."""
    minutes = sum(lesson.minutes for lesson in info.lessons)
    count = len(info.lessons)
    numbers = ", ".join(str(lesson.number) for lesson in info.lessons)
    lines = [
        *_wrap(info.unit_title),
        *_wrap(f"Kit: {info.title} (edition {info.edition})"),
        "",
        *_wrap(
            f"{count} lesson{'s' * (count != 1)} ({numbers}) for {_grades(info.grades).lower()}, "
            f"{minutes} minutes of class time in all."
        ),
        *_languages(info),
        "",
        "The kit has these parts:",
    ]
    parts = {file.path.split("/", 1)[0] + "/" for file in files}
    for folder, text in PARTS:
        if folder in parts:
            lines += _wrap(text, initial_indent=f"{folder:<14}", subsequent_indent=" " * 14)
    lines += ["", "What to print:"]
    shown = _printable(files)
    for kind, text in PRINT.items():
        of_kind = sorted(
            (file for file in shown if file.kind == kind), key=lambda file: file.language != "en"
        )
        if of_kind:
            lines += _wrap(text, initial_indent="- ", subsequent_indent="  ")
            lines += [f"    {file.path}{_pages(file)}{_language(file)}" for file in of_kind]
    lines += [
        "",
        *_wrap(
            "Print the PDFs. The .docx files are the same documents, for editing in a word processor; "
            "their page breaks can differ a little."
            if any(file.format == "docx" for file in files) and any(file.format == "pdf" for file in files)
            else "Print these files as they are."
        ),
        *_wrap("manifest.json lists every file with its size and SHA-256 checksum."),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _languages(info: KitInfo) -> list[str]:
    """Which languages the student and family documents come in, when there are several."""
    others = [code for code in info.languages if code != "en"]
    if not others:
        return []
    names = " and ".join(language_name(code, "en") for code in info.languages)
    endings = ", ".join(f"-{code}" for code in others)
    return [
        "",
        *_wrap(
            f"The student and family documents are in {names}; a file in another language than "
            f"English ends in {endings}. The facilitator guide is in English and says how complete "
            "each translation is and whether a person has reviewed it. Give each student and "
            "family the language they read best."
        ),
    ]


def _language(file: KitFile) -> str:
    return "" if file.language == "en" else f" [{language_name(file.language, 'en')}]"


def _printable(files: list[KitFile]) -> list[KitFile]:
    """One file per document, in the kit's order: the PDF, or the DOCX when no PDF was built."""
    by_stem: dict[str, KitFile] = {}
    for file in files:
        stem = file.path.rsplit(".", 1)[0]
        if stem not in by_stem or file.format == "pdf":
            by_stem[stem] = file
    return list(by_stem.values())


def _pages(file: KitFile) -> str:
    if file.pages is None:
        return ""
    about = "about " if file.format == "docx" else ""
    return f" ({about}{file.pages} page{'s' * (file.pages != 1)})"


def _grades(grades: tuple[int, ...]) -> str:
    if not grades:
        return "All grades"
    if len(grades) == 1:
        return f"Grade {grades[0]}"
    if list(grades) == list(range(grades[0], grades[-1] + 1)):
        return f"Grades {grades[0]}–{grades[-1]}"
    return "Grades " + ", ".join(map(str, grades))


def _wrap(text: str, initial_indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Wrapped at ``WIDTH``, never at a hyphen ("double-sided" stays whole)."""
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=initial_indent,
        subsequent_indent=subsequent_indent,
        break_on_hyphens=False,
    )
