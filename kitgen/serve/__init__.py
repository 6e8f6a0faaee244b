"""``kitgen serve``: a live HTML preview of the documents that follows every save.

``documents`` lists the documents, in every language, with the keys of their inputs,
``preview`` composes and caches them, ``pages`` turns them (or the problems) into
pages, ``app`` serves them, ``files`` decides which files may be sent, ``downloads`` renders the
PDF and DOCX on request, ``hub`` and ``watcher`` reload open pages on save, ``server`` runs it.
"""
