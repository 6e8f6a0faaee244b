"""``kitgen serve``: a live HTML preview of the documents that follows every save.

``preview`` composes and caches the documents, ``pages`` turns them (or the problems) into
pages, ``app`` serves them, ``files`` decides which files may be sent, ``downloads`` renders the
PDF and DOCX on request, ``hub`` and ``watcher`` reload open pages on save, ``server`` runs it.
"""
