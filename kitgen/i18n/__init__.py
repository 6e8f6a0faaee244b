"""Translations of the student- and family-facing text, kept as gettext catalogs beside the lessons.

``fields`` says which strings of the model are translatable text, ``extract`` turns a lesson or the
unit into catalog entries, ``catalogs`` reads and writes the .po files, ``workflow`` runs
``kitgen translate extract|update|status``, and ``translate`` gives the build translated copies of
the models together with located diagnostics for every missing, fuzzy or outdated string.
"""

from .translate import DocumentStatus, Translation, catalog_diagnostics, translate

__all__ = ["DocumentStatus", "Translation", "catalog_diagnostics", "translate"]
