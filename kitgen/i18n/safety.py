"""The lesson and unit fields whose translation must never be missing, fuzzy or out of date.

For these a wrong translation is not a style problem: an old phone number, a missing right to
pass or an outdated line about what adults do after a disclosure can put a student at risk. The
Spanish build of a document refuses to fall back to English (or to keep stale Spanish) for any of
them; every other string falls back to English with a warning.

Where each safety-critical topic lives:

- help resources and how to reach them: every field of the unit's ``help_resources`` (name,
  contact, when to use it, what stays private, the help card's short name);
- the right to pass and to step out: the unit's ``group_agreements`` (the whole list: the rules of
  the room are read as one, and picking items by position would break when they are reordered),
  a lesson's ``safety_plan.step_out``, a survey's ``instructions`` (anonymous, any item may be
  skipped) and the family letter's ``how_taught`` (any student can pass or step out);
- the content advisory: a lesson's ``content_advisory.student``;
- what happens with a disclosure: the family letter's ``reporting_notice``;
- the consent slip: its words are fixed strings of ``templates/strings/<language>.yaml`` (the
  string tables guard their own safety keys), and the deadline and return place come from the
  district profile, which is not translated here.

Patterns are matched against an entry's context (see fields.py), ``*`` standing for one part.
A safety-critical translation must also keep every number of the English (phone numbers, the
text-line code, ages), written the same way: a mistyped digit is exactly the stale phone number
this check exists to stop.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase

from .catalogs import UNIT_DOCUMENT

UNIT_SAFETY: tuple[str, ...] = (
    "help_resources.*.*",
    "group_agreements.*",
    "family_letter.how_taught",
    "family_letter.reporting_notice",
)
LESSON_SAFETY: tuple[str, ...] = (
    "content_advisory.student",
    "safety_plan.step_out",
    "survey.instructions",
)


def is_safety_critical(document: str, context: str) -> bool:
    """True when the entry ``context`` of ``document`` ('unit' or a lesson id) is safety-critical."""
    patterns = UNIT_SAFETY if document == UNIT_DOCUMENT else LESSON_SAFETY
    parts = context.split(".")
    return any(
        len(pattern.split(".")) == len(parts)
        and all(fnmatchcase(part, want) for part, want in zip(parts, pattern.split("."), strict=True))
        for pattern in patterns
    )


NUMBER = re.compile(r"\d+(?:[-./:]\d+)*")
"""A number as written: 988, 233733, 1-888-373-7888, 24/7."""


def lost_numbers(english: str, translation: str) -> list[str]:
    """The numbers of ``english`` that ``translation`` does not write the same way."""
    kept = set(NUMBER.findall(translation))
    return [number for number in NUMBER.findall(english) if number not in kept]
