"""A Babel extractor that reads the model, not the YAML text, and the templates made with it.

Only what a student or a family reads is extracted (fields.reader_entries), so no facilitator-only
string can reach a catalog. Each entry's context is its field path (see fields.py) and its
reference is the YAML file and line the value starts on, relative to the curriculum folder. The
extractor has Babel's extraction-method signature, so ``pybabel extract`` can use it too, with a
mapping file that names it and lists the lesson files and unit.yaml (not profile.yaml or kits)::

    [extractors]
    kitgen = kitgen.i18n.extract:extract_model

    [kitgen: lessons/[0-9]*.yaml]
    [kitgen: lessons/unit.yaml]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract
from pydantic import ValidationError

from ..diagnostics import display_path
from ..loader import UNIT_FILE, schema_diagnostics
from ..model import Lesson, Unit
from ..source import load
from .catalogs import UNIT_DOCUMENT, ReviewedCatalog, comment, edition_datetime
from .fields import reader_entries
from .safety import is_safety_critical

SAFETY_NOTE = (
    "SAFETY-CRITICAL: documents in this language are not built while this entry is missing, "
    "fuzzy or out of date."
)
TEMPLATE_NOTE = """\
English template of the {what}.
Made by 'kitgen translate extract' from the lesson files: only text that
students or families read. Do not edit it; change the English in the lesson
files and extract again. msgctxt is the field path; references are relative
to the curriculum folder. Keep Markdown marks (*emphasis*, **strong**,
[text](link), '- ' list items) in the translation."""


def document_name(model: Unit | Lesson) -> str:
    """The catalog a model's strings go to: 'unit', or the lesson's id."""
    return UNIT_DOCUMENT if isinstance(model, Unit) else model.id


def _model(path: Path) -> Unit | Lesson:
    source, problems = load(path, display_path(path))
    if source is None:
        raise ValueError("; ".join(p.as_text() for p in problems))
    kind: type[Unit] | type[Lesson] = Unit if path.name == UNIT_FILE else Lesson
    try:
        return kind.model_validate(source.data)
    except ValidationError as exc:
        raise ValueError("; ".join(d.as_text() for d in schema_diagnostics(kind, exc, source))) from exc


def extract_model(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method for a lesson file or unit.yaml: ``pgettext(context, text)`` calls.

    The file is loaded and validated as kitgen does (an invalid file raises ValueError naming the
    problems); the entries come from the model's student and family views.
    """
    path = Path(getattr(fileobj, "name", ""))
    source, _ = load(path, display_path(path))
    model = _model(path)
    assert source is not None  # _model refused the file otherwise
    document = document_name(model)
    for entry in reader_entries(model):
        comments = [SAFETY_NOTE] if is_safety_critical(document, entry.context) else []
        yield source.value_mark(entry.path).line, "pgettext", (entry.context, entry.text), comments


METHOD: Any = extract_model
"""The extractor as Babel's ``extract`` takes it (Babel's own annotation of methods is narrower)."""


def template(root: Path, file: Path, unit: Unit) -> tuple[str, ReviewedCatalog]:
    """The English template of one lesson file or unit.yaml, and the document it belongs to."""
    document = document_name(_model(file))
    what = "unit's shared student and family text" if document == UNIT_DOCUMENT else f"lesson '{document}'"
    catalog = ReviewedCatalog(
        project=unit.id,
        version=unit.edition,
        creation_date=edition_datetime(unit.edition),
        header_comment=comment(TEMPLATE_NOTE.format(what=what)),
        fuzzy=False,
    )
    reference = file.relative_to(root).as_posix()
    with file.open("rb") as handle:
        for line, text, comments, context in extract(METHOD, handle, keywords=DEFAULT_KEYWORDS):
            message = catalog.add(
                text, locations=[(reference, line)], auto_comments=comments, context=context
            )
            if message is not None:
                message.flags.discard("python-format")  # '50% of' is prose, not a format string
    return document, catalog
