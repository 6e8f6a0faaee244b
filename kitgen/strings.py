"""Fixed words of the documents ("Objectives", "Page 3 of 9"), from one table per language.

Writers and the composer never hold such words as literals, so a translation is a new
``templates/strings/<lang>.yaml`` and nothing else. A district edits these files, so a missing
or broken entry is reported as a located problem, not a traceback.

Writers import this module for the ``Strings`` type only, so it depends on nothing but
``diagnostics``: importing a writer never loads the models (pydantic) or the YAML parser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic, display_path, error

if TYPE_CHECKING:
    from .source import SourceFile

PLURAL_FORMS = ("one", "other")
"""An entry may be a mapping of these forms, chosen by its count ``n``: ``one`` when n is 1."""

Entry = str | Mapping[str, str]


class StringsError(Exception):
    """A string table is missing, unreadable, or lacks an entry the documents need: every problem
    found in the table at once (``diagnostics``), so an edited table is fixed in one pass."""

    def __init__(self, *diagnostics: Diagnostic):
        super().__init__(*diagnostics)  # the only arguments, so the error survives a worker process
        self.diagnostics = diagnostics
        self.diagnostic = diagnostics[0]

    def __str__(self) -> str:
        return "\n".join(problem.as_text() for problem in self.diagnostics)


@dataclass(frozen=True)
class Strings:
    """A loaded string table; ``s("key", n=3)`` formats one entry.

    An entry with plural forms (``minutes: {one: "{n} minute", other: "{n} minutes"}``) is
    chosen by the value named ``n``.
    """

    language: str
    table: Mapping[str, Entry]
    path: str = ""

    def __call__(self, key: str, **values: object) -> str:
        if key not in self.table:
            raise StringsError(error(self.path, 0, 0, "missing-string", f"the string table has no '{key}'"))
        entry = self.table[key]
        if not isinstance(entry, str):
            form = "one" if values.get("n") == 1 and "one" in entry else "other"
            entry = entry[form]
        try:
            return entry.format(**values)
        except (KeyError, IndexError, ValueError) as exc:
            names = ", ".join("{" + name + "}" for name in values) or "no {placeholders}"
            raise StringsError(
                error(
                    self.path,
                    0,
                    0,
                    "bad-string",
                    f"'{key}' cannot be filled in ({exc})",
                    f"it may use {names}",
                )
            ) from None


def language_name(code: str, in_language: str) -> str:
    """'Spanish' for 'es' in English words (Babel's CLDR names), capitalized; the code itself for
    a language Babel does not know."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(in_language.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return name[:1].upper() + name[1:]


SOURCE_LANGUAGE = "en"
"""The language the curriculum and ``strings/en.yaml`` are written in; other tables translate it."""

TRANSLATED_FROM = "_translated_from"
"""In a translated table, the English each safety-critical entry was translated from."""

SAFETY_KEYS = (
    "need_help",
    "help_title",
    "help_intro",
    "help_box_title",
    "counselor_label",
    "break_space",
    "card_intro",
    "card_title",
    "card_trusted_adult",
    "card_phone",
    "before_we_start",
    "step_out",
    "survey_anonymous",
    "survey_notice",
    "keeping_safe",
    "counselor_available",
    "counselor_available_at",
    "where_to_get_help",
    "help_for_families",
    "what_to_do",
    "opt_out_action",
    "opt_in_action",
    "no_penalty",
    "opt_out_slip",
    "return_by",
    "opt_out_statement",
    "consent_form",
    "consent_intro",
    "consent_choose",
    "consent_yes",
    "consent_no",
)
"""Fixed words a student or family relies on to get help, to pass or step out, or to consent:
a translation of one of them must never be older than the English it stands for."""


def load_strings(templates: Path, language: str) -> Strings:
    """Read ``strings/<language>.yaml`` under ``templates``, safely and with located problems.

    A translated table must hold every entry of the English one, and each safety-critical entry
    must say which English it was translated from (``_translated_from``): when ``en.yaml`` has
    changed since, the table is refused, so a translation never prints outdated safety text."""
    table, source = _read(templates, language)
    if language != SOURCE_LANGUAGE:
        english, english_source = _read(templates, SOURCE_LANGUAGE)
        _check_translation(table, source, english, english_source)
    return Strings(language, {k: v for k, v in table.items() if k != TRANSLATED_FROM}, source.display)


def _read(templates: Path, language: str) -> tuple[dict[str, Entry], SourceFile]:
    from .source import load  # PyYAML loads only when a table is read, not when a writer is imported

    path = templates / "strings" / f"{language}.yaml"
    shown = display_path(path)
    if not path.is_file():
        raise StringsError(error(shown, 0, 0, "missing-file", f"there is no string table for '{language}'"))
    source, problems = load(path, shown)
    if source is None:
        raise StringsError(problems[0])
    table: dict[str, Entry] = {}
    bad: list[Diagnostic] = []
    for key, value in source.data.items():
        if key == TRANSLATED_FROM and isinstance(value, dict):
            table[key] = {str(k): v for k, v in value.items()}
        elif isinstance(value, dict):
            if "other" not in value or not set(value) <= set(PLURAL_FORMS):
                mark = source.value_mark((key,))
                bad.append(
                    error(
                        shown,
                        mark.line,
                        mark.col,
                        "bad-string",
                        f"'{key}' must be text or plural forms ({', '.join(sorted(map(str, value)))} given)",
                        "write 'one:' (used when n is 1) and 'other:' (every other count)",
                    )
                )
                continue
            table[str(key)] = {str(form): str(text) for form, text in value.items()}
        else:
            table[str(key)] = str(value)
    if bad:
        raise StringsError(*bad)
    return table, source


def _check_translation(
    table: dict[str, Entry], source: SourceFile, english: dict[str, Entry], english_source: SourceFile
) -> None:
    """Every English entry is translated, and no safety-critical one is older than its English."""
    problems: list[Diagnostic] = []
    missing = [key for key in english if key != TRANSLATED_FROM and key not in table]
    if missing:
        listed = ", ".join(f"'{key}'" for key in missing[:8]) + (
            f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        )
        problems.append(
            error(
                source.display,
                1,
                1,
                "missing-string",
                f"{len(missing)} entr{'y' if len(missing) == 1 else 'ies'} of {english_source.display} "
                f"{'is' if len(missing) == 1 else 'are'} not translated here: {listed}",
                f"{english_source.display}:{english_source.key_mark((missing[0],)).line} has '{missing[0]}'",
            )
        )
    recorded = table.get(TRANSLATED_FROM, {})
    for key in SAFETY_KEYS:
        if key not in english or key not in table:  # a missing entry is reported above
            continue
        was = recorded.get(key) if isinstance(recorded, dict) else None
        if _same(was, english[key]):
            continue
        mark = source.key_mark((key,))
        now = english_source.key_mark((key,))
        said = "has no recorded English" if was is None else "was translated from English that has changed"
        problems.append(
            error(
                source.display,
                mark.line,
                mark.col,
                "stale-translation",
                f"the safety-critical entry '{key}' {said}",
                f"{english_source.display}:{now.line} now says {_shown(english[key])}; update the "
                f"translation, then copy that English into {TRANSLATED_FROM}.{key}",
            )
        )
    if problems:
        raise StringsError(*problems)


def _same(recorded: object, english: Entry) -> bool:
    if isinstance(english, str):
        return isinstance(recorded, str) and recorded == english
    return isinstance(recorded, dict) and {str(k): str(v) for k, v in recorded.items()} == dict(english)


def _shown(entry: Entry) -> str:
    if isinstance(entry, str):
        return repr(entry)
    return ", ".join(f"{form}: {text!r}" for form, text in entry.items())
