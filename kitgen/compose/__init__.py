"""Models → document trees, one module per document kind. The only package that knows audiences.

``guide`` sees everything. ``handout`` is given views of the models from which facilitator-only
fields are already gone (see audience.py), so it cannot leak them. ``common`` holds what both
share: numbering, help resources, response spaces, district values.
"""

from .common import Settings
from .guide import facilitator_guide
from .handout import student_handout

__all__ = ["Settings", "facilitator_guide", "student_handout"]
