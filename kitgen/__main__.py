"""``python -m kitgen`` runs the command line, like the ``kitgen`` script."""

from .cli import main

main()
