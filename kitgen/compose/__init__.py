"""Models → document trees, one module per document kind. The only package that knows audiences.

``guide`` sees everything. ``handout``, ``materials``, ``roles`` and ``survey`` are given
student views of the models, ``letter`` and ``family_sheet`` family views, from which the
fields their readers may not see are already gone (see audience.py), so they cannot leak them.
``common`` holds what they share: numbering, help resources, response spaces, what a kit holds,
district values.
"""

from .common import KitScope, LanguageStatus, Settings, translation_note
from .family_sheet import family_sheet
from .guide import facilitator_guide
from .handout import student_handout
from .letter import consent_form, family_letter
from .materials import PRINTED, student_material
from .roles import has_roles, role_cards
from .survey import survey

__all__ = [
    "PRINTED",
    "KitScope",
    "LanguageStatus",
    "Settings",
    "consent_form",
    "facilitator_guide",
    "family_letter",
    "family_sheet",
    "has_roles",
    "role_cards",
    "student_handout",
    "student_material",
    "survey",
    "translation_note",
]
