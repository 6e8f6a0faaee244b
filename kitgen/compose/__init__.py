"""Models → document trees, one module per document kind. The only package that knows audiences.

``guide`` sees everything. ``handout`` is given student views of the models and ``letter``
family views, from which the fields their readers may not see are already gone (see
audience.py), so they cannot leak them. ``common`` holds what they share: numbering, help
resources, response spaces, what a kit holds, district values.
"""

from .common import KitScope, Settings
from .guide import facilitator_guide
from .handout import student_handout
from .letter import consent_form, family_letter

__all__ = ["KitScope", "Settings", "consent_form", "facilitator_guide", "family_letter", "student_handout"]
