"""The sentences a student reads in one lesson's handout, each with the field it came from.

They are taken from the composed handout (the document tree every writer renders), so what is
scored is what is printed: the lesson's own text, the group agreements and the fixed words
around them. Left out: headings, the subtitle line, name and date lines, the help line on page 1
and the kept page of help resources (the same on every handout, and written to be complete
rather than short), and pictures' alt text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import doctree as d
from .audience import view
from .model import STUDENT, Node
from .readability import sentences_of
from .source import Path_, SourceFile

NUMBERED = re.compile(r"^\d+\.\s+")
"""A question's number ('7. '), which is not a word the student reads as part of the sentence."""
TOKENS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Located:
    """A sentence with the source file and field it was written in, when found."""

    text: str
    source: SourceFile | None = None
    path: Path_ = ()


@dataclass(frozen=True)
class Fields:
    """The student-readable text fields of one file: its source and its model's student view."""

    source: SourceFile
    texts: list[tuple[Path_, str]]

    @classmethod
    def of(cls, source: SourceFile, model: Node) -> Fields:
        return cls(source, list(_strings(view(model, STUDENT).model_dump())))


def student_sentences(doc: d.Document) -> list[str]:
    """Every sentence of a composed handout a student reads; a list item is at least one sentence."""
    blocks = doc.blocks
    if len(blocks) > 1 and isinstance(blocks[0], d.Heading) and isinstance(blocks[1], d.Paragraph):
        blocks = blocks[2:]  # the title and the subtitle line under it (unit · grades · handout)
    return [s for text in block_texts(blocks) for s in sentences_of(NUMBERED.sub("", text))]


def block_texts(blocks: tuple[d.Block, ...]) -> Iterator[str]:
    for block in blocks:
        if isinstance(block, d.Paragraph) and block.style not in ("label", "small"):
            yield d.plain_text(block.children)
        elif isinstance(block, d.BulletList | d.NumberedList):
            for item in block.items:
                yield d.plain_text(item.children)
                yield from block_texts(item.blocks)
        elif isinstance(block, d.Table):
            for row in block.rows[block.header_rows :]:
                yield from (d.plain_text(cell) for cell in row if d.plain_text(cell).strip())
        elif isinstance(block, d.Image) and block.caption:
            yield block.caption
        elif isinstance(block, d.Callout | d.Keep) or (isinstance(block, d.Part) and block.kind != "keep"):
            yield from block_texts(block.blocks)


def locate(sentences: Iterable[str], files: list[Fields]) -> list[Located]:
    """Each sentence with the first student-readable field of ``files`` that holds it: word for
    word, else ignoring markup and punctuation, else after a leading 'Label:' (a vocabulary
    item prints 'term: definition')."""
    return [_locate(sentence, files) for sentence in sentences]


def _locate(sentence: str, files: list[Fields]) -> Located:
    fields = [(file.source, path, text) for file in files for path, text in file.texts]
    core = sentence.rstrip(".")
    for source, path, text in fields:
        if core in text:
            return Located(sentence, source, path)
    for want in (_normal(sentence), _normal(sentence.partition(":")[2])):
        for source, path, text in fields:
            if want.strip() and want in _normal(text):
                return Located(sentence, source, path)
    return Located(sentence)


def _normal(text: str) -> str:
    return " " + " ".join(TOKENS.findall(text.lower())) + " "


def _strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
