"""``kitgen translate extract|update|status``: keep the catalogs in step with the English.

``extract`` writes one English template per document from the current lessons. ``update`` merges
each template into that document's catalog of every language (creating missing catalogs, marked
unreviewed). An entry is identified by its context, so when the English of a context changes its
translation is kept, marked fuzzy, with the previous English beside it (``#| msgid``) for the
translator to compare; entries whose field is gone are kept as obsolete (``#~``). ``status``
counts, per language and document, what is translated, fuzzy and missing, and who reviewed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from ..diagnostics import display_path
from ..loader import UNIT_FILE, Curriculum
from .catalogs import (
    UNIT_DOCUMENT,
    ReviewedCatalog,
    catalog_path,
    comment,
    languages,
    read_catalog,
    template_path,
    write_catalog,
)
from .extract import template
from .lookup import Lookup, State
from .translate import DocumentStatus, language_name

UNREVIEWED_NOTE = """\
{name} translation of the {document} catalog of "{unit}".
NOT YET REVIEWED: drafted with machine help, and not yet reviewed by a
native-speaking educator. Documents built from it say so. A reviewer who
has checked every entry marks it reviewed by filling in the header fields
X-Reviewed-By (name and email) and X-Reviewed-Date (YYYY-MM-DD) below.
Entries marked SAFETY-CRITICAL must be translated and not fuzzy, or the
{name} documents are not built."""


@dataclass(frozen=True)
class Written:
    """A file a command wrote, and what it says about it."""

    path: Path
    note: str


def extract_templates(curriculum: Curriculum) -> list[Written]:
    """Write the English template of the unit and of every lesson, and remove those of lessons
    that are gone (``kitgen validate`` then names their catalogs as orphans)."""
    assert curriculum.unit is not None
    unit = curriculum.unit.model
    root = curriculum.root
    written: list[Written] = []
    files = [root / UNIT_FILE, *(lesson.source.path for lesson in curriculum.lessons)]
    for file in files:
        document, catalog = template(root, Path(file), unit)
        path = template_path(root, document)
        write_catalog(path, catalog)
        written.append(Written(path, f"{len(catalog)} entries"))
    kept = {item.path for item in written}
    for path in sorted(template_path(root, UNIT_DOCUMENT).parent.glob("*.pot")):
        if path not in kept:
            path.unlink()
            written.append(Written(path, "removed: its lesson is gone (its catalogs are kept, as orphans)"))
    return written


def _merge(catalog: Catalog, pot: Catalog) -> int:
    """Merge ``pot`` into ``catalog``; an entry whose English changed becomes fuzzy. Returns how many did."""
    catalog.update(pot, no_fuzzy_matching=True, update_creation_date=True)
    catalog.project, catalog.version = pot.project, pot.version
    previous = {m.context: key for key, m in catalog.obsolete.items() if m.string and m.context is not None}
    changed = 0
    for message in catalog:
        if not message.id or message.string or message.context not in previous:
            continue
        key = previous[message.context]
        old = catalog.obsolete.pop(key)
        message.string = old.string
        message.flags.add("fuzzy")
        message.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)
        message.user_comments = old.user_comments
        changed += 1
    return changed


def _new_catalog(language: str, document: str, unit_title: str) -> ReviewedCatalog:
    note = UNREVIEWED_NOTE.format(name=language_name(language), document=document, unit=unit_title)
    catalog = ReviewedCatalog(locale=language, header_comment=comment(note), fuzzy=False)
    catalog.language_team = language_name(language)
    return catalog


def update_catalogs(curriculum: Curriculum, language_codes: list[str]) -> list[Written]:
    """Merge every template into its catalog of each language (default: every language present)."""
    assert curriculum.unit is not None
    root = curriculum.root
    documents = ["unit", *(lesson.model.id for lesson in curriculum.lessons)]
    written: list[Written] = []
    for language in language_codes or languages(root):
        for document in documents:
            pot, problem = read_catalog(template_path(root, document))
            if pot is None:
                raise ValueError(
                    f"{display_path(template_path(root, document))}: "
                    f"{problem.message if problem else 'unreadable'}; run 'kitgen translate extract'"
                )
            path = catalog_path(root, language, document)
            if path.is_file():
                catalog, problem = read_catalog(path, language)
                if catalog is None:
                    raise ValueError(
                        f"{display_path(path)}:{problem.line if problem else 0}: "
                        f"{problem.message if problem else 'unreadable'}"
                    )
                note = "updated"
            else:
                catalog, note = _new_catalog(language, document, curriculum.unit.model.title), "created"
            changed = _merge(catalog, pot)
            write_catalog(path, catalog)
            written.append(
                Written(
                    path, f"{note}; {changed} changed English entr{'y' if changed == 1 else 'ies'} now fuzzy"
                )
            )
    return written


def document_status(root: Path, language: str, document: str) -> DocumentStatus:
    """Counts of one catalog against its template (the current English)."""
    path = catalog_path(root, language, document)
    pot, _ = read_catalog(template_path(root, document))
    catalog, _ = read_catalog(path, language) if path.is_file() else (None, None)
    entries = [m for m in pot if m.id] if pot is not None else []
    if catalog is None:
        return DocumentStatus(document, path, missing=len(entries))
    lookup = Lookup(catalog)
    states = [lookup.find(m.context or "", str(m.id)).state for m in entries]
    return DocumentStatus(
        document,
        path,
        translated=states.count(State.TRANSLATED),
        fuzzy=states.count(State.FUZZY) + states.count(State.OUTDATED),
        missing=states.count(State.MISSING),
        reviewer=catalog.reviewed_by if catalog.reviewed else None,
        reviewed_on=catalog.reviewed_date if catalog.reviewed else None,
    )


def status_lines(curriculum: Curriculum, language_codes: list[str]) -> list[str]:
    """The status table: per language, per document: translated, fuzzy, missing, reviewed."""
    root = curriculum.root
    documents = ["unit", *(lesson.model.id for lesson in curriculum.lessons)]
    lines: list[str] = []
    for language in language_codes or languages(root):
        rows = [document_status(root, language, document) for document in documents]
        unreviewed = sum(not row.reviewed for row in rows)
        verdict = (
            "reviewed"
            if not unreviewed
            else f"NOT REVIEWED by a native-speaking educator ({unreviewed} of {len(rows)} catalogs unreviewed)"
        )
        lines.append(f"{language} ({language_name(language)}): {verdict}")
        width = max(len(row.document) for row in rows)
        lines.append(f"  {'document':<{width}}  translated  fuzzy  missing  reviewed")
        for row in rows:
            review = f"{row.reviewer}, {row.reviewed_on}" if row.reviewed else "no"
            lines.append(
                f"  {row.document:<{width}}  {row.translated:>10}  {row.fuzzy:>5}  {row.missing:>7}  {review}"
            )
        total = [sum(getattr(row, name) for row in rows) for name in ("translated", "fuzzy", "missing")]
        lines.append(f"  {'total':<{width}}  {total[0]:>10}  {total[1]:>5}  {total[2]:>7}")
    return lines
