"""A PDF joined from several documents embeds one font per face, as one document would: the
copy-room file holds each face once, with the glyphs of every handout (accented Spanish letters
only one of them uses included), and every page draws and reads as the handout's own page; two
subsets of one face that disagree keep fonts of their own, under names of their own."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pikepdf
import pytest
from pdf_pages import font_names, font_programs, pages_drawn, pages_read

from kitgen import doctree as d
from kitgen.strings import load_strings
from kitgen.writers.pdf import PdfRenderer
from kitgen.writers.pdf_combine import combine_handouts

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def document(meta: d.Meta, title: str, words: str) -> d.Document:
    return d.Document(
        meta,
        (
            d.Heading(1, (d.Text(title),)),
            d.Paragraph(
                (d.Text(words + " "), d.Strong((d.Text(words),)), d.Text(" "), d.Emph((d.Text(words),)))
            ),
        ),
    )


@pytest.fixture(scope="module")
def handouts(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Four one-page handouts, each word in regular, bold and italic: an English one, a Spanish one
    whose accented letters the English lacks, then 'Mamá', whose highest glyph is á (its subset
    numbers the acute accent it is built of after á, at the id Ç has in the font), and 'Ça va,
    François', which draws Ç."""
    meta = d.Meta(
        title="Handout",
        language="en",
        audience="student",
        subject="Subject",
        author="District",
        date="2025-01-15",
        running_title="Handout",
        footer="District",
    )
    assets = tmp_path_factory.mktemp("assets")
    english = PdfRenderer(TEMPLATES, assets, load_strings(TEMPLATES, "en"))
    spanish = load_strings(TEMPLATES, "es")
    return [
        english.render(document(meta, "Myths and facts", "Who can be targeted? Anyone.")),
        english.render(
            document(
                dataclasses.replace(meta, language="es"),
                "Mitos y realidades",
                "¿Quién? Niñas, señales, acción, pingüino.",
            ),
            spanish,
        ),
        english.render(document(dataclasses.replace(meta, language="es"), "Hoja", "Mamá"), spanish),
        english.render(
            document(dataclasses.replace(meta, language="es"), "Hoja", "Ça va, François"), spanish
        ),
    ]


@pytest.mark.slow
def test_the_copy_room_file_holds_each_face_once_and_draws_every_page_as_its_handout(
    handouts: list[bytes], tmp_path: Path
) -> None:
    joined = combine_handouts(handouts[:2], "All handouts")
    with pikepdf.open(io.BytesIO(joined)) as pdf, pikepdf.open(io.BytesIO(handouts[0])) as first:
        faces = font_programs(pdf)
        assert set(faces) == set(font_programs(first)) and len(faces) == 3
        assert set(faces.values()) == {1}
        assert len(set(font_names(pdf).values())) == len(font_names(pdf)) == 3
    read = pages_read(joined, tmp_path / "joined")
    drawn = pages_drawn(joined, tmp_path / "joined")
    assert len(read) == len(drawn) == 3  # a blank page after the one-page English handout
    assert read[2:] == pages_read(handouts[1], tmp_path / "es")
    assert "Niñas, señales, acción, pingüino" in read[2]
    assert read[0] == pages_read(handouts[0], tmp_path / "en")[0]
    assert drawn[0] == pages_drawn(handouts[0], tmp_path / "en")[0]
    assert drawn[2] == pages_drawn(handouts[1], tmp_path / "es")[0]


@pytest.mark.slow
def test_glyphs_a_subset_numbers_its_own_way_join_the_font_under_ids_of_their_own(
    handouts: list[bytes], tmp_path: Path
) -> None:
    joined = combine_handouts(handouts[2:], "All handouts")
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        assert set(font_programs(pdf).values()) == {1}
    read, drawn = pages_read(joined, tmp_path / "joined"), pages_drawn(joined, tmp_path / "joined")
    assert "Mamá" in read[0] and "Ça va, François" in read[2]
    assert drawn[0] == pages_drawn(handouts[2], tmp_path / "mama")[0]
    assert drawn[2] == pages_drawn(handouts[3], tmp_path / "ca-va")[0]


@pytest.mark.slow
def test_subsets_of_one_face_that_disagree_keep_fonts_of_their_own(
    handouts: list[bytes], tmp_path: Path
) -> None:
    with pikepdf.open(io.BytesIO(handouts[1])) as pdf:
        for font in pdf.pages[0].obj.Resources.Font.values():
            widths = font.DescendantFonts[0].W
            for index in range(1, len(widths), 2):  # every run of widths one unit wider
                widths[index] = pikepdf.Array([float(width) + 1 for width in widths[index]])
        buffer = io.BytesIO()
        pdf.save(buffer)
    joined = combine_handouts([handouts[0], buffer.getvalue()], "All handouts")
    with pikepdf.open(io.BytesIO(joined)) as pdf:
        assert set(font_programs(pdf).values()) == {2}
        assert len(set(font_names(pdf).values())) == len(font_names(pdf)) == 6
    assert "Niñas, señales, acción, pingüino" in pages_read(joined, tmp_path)[2]
