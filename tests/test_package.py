"""Publishing kits: manifest, README, zip, partial builds, stale kits, and no temporary files.

Made-up kits with stand-in bytes (tests/package_samples.py) keep these fast; what is checked is
read back from the disk and from the zip, not from the records handed in.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pytest
from package_samples import kit_files, kit_info, with_lessons

from kitgen import publish as publish_module
from kitgen.kitfiles import KitFile
from kitgen.manifest import read_manifest
from kitgen.publish import publish_kit, remove_stale_kits
from kitgen.readme_txt import readme_txt

FORMATS = ("pdf", "docx")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path (what a user would copy)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


# --------------------------------------------------------------------------- manifest


def test_manifest_lists_every_file_with_its_checksum(tmp_path: Path) -> None:
    folder = publish_kit(tmp_path, kit_info(), kit_files(), FORMATS)
    on_disk = tree(folder)
    raw = on_disk.pop("manifest.json")
    assert raw.endswith(b"}\n")
    manifest = json.loads(raw)
    assert list(manifest) == [
        "kitgen_manifest", "kit", "title", "grades", "band", "lessons", "unit_title", "edition", "date",
        "kitgen_version", "sources_sha256", "saved", "languages", "files",
    ]  # fmt: skip
    assert (
        manifest["kit"] == "grades-9-10" and manifest["band"] == "Grades 9–10" and manifest["saved"] is True
    )
    assert [(lesson["id"], lesson["minutes"]) for lesson in manifest["lessons"]] == [
        ("force-fraud-coercion", 50),
        ("relationships-images", 55),
    ]
    on_disk.pop("README.txt")
    entries = {entry["path"]: entry for entry in manifest["files"]}
    assert sorted(entries) == sorted(on_disk) == [entry["path"] for entry in manifest["files"]]
    for path, data in on_disk.items():
        assert entries[path]["bytes"] == len(data)
        assert entries[path]["sha256"] == hashlib.sha256(data).hexdigest()
    letter = entries["family/ihh-family-letter.pdf"]
    assert (letter["audience"], letter["kind"], letter["format"], letter["pages"]) == (
        "family",
        "letter",
        "pdf",
        3,
    )
    assert letter["lessons"] == ["force-fraud-coercion", "relationships-images"]
    assert manifest["languages"] == ["en"] and letter["language"] == "en"
    assert {path.split("/")[0] for path in entries} == {"facilitator", "student", "family"}


def test_read_manifest_never_raises(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    assert read_manifest(path) is None  # missing
    for damaged in (b"", b"{", b"\xff\xfe", b"[]", b"[" * 100_000, b'{"kit": "x", "files": []}'):
        path.write_bytes(damaged)
        assert read_manifest(path) is None, damaged[:20]
    folder = publish_kit(tmp_path / "out", kit_info(), kit_files(), FORMATS)
    manifest = json.loads((folder / "manifest.json").read_bytes())
    manifest["files"][0]["path"] = "../../etc/passwd"
    manifest["files"][1]["sha256"] = "not a checksum"
    path.write_text(json.dumps(manifest))
    read = read_manifest(path)
    assert read is not None and len(read["files"]) == len(manifest["files"]) - 2
    manifest["saved"] = "yes"
    path.write_text(json.dumps(manifest))
    assert read_manifest(path) is None


# --------------------------------------------------------------------------- README


def test_readme_says_what_to_print_for_whom() -> None:
    files = sorted(kit_files(), key=lambda file: file.path)
    text = readme_txt(kit_info(), files).decode()
    lines = text.splitlines()
    assert len(lines) <= 40
    assert all(len(line) <= 80 or line.strip().split(" (")[0].endswith((".pdf", ".docx")) for line in lines)
    flat = " ".join(text.split())
    for needed in ("one copy per facilitator", "one copy per student", "double-sided", "one copy per family"):
        assert needed in flat
    for part in ("facilitator/", "student/", "family/"):
        assert any(line.startswith(part) for line in lines)
    assert "    facilitator/ihh-facilitator-guide.pdf (24 pages)" in lines
    assert "    student/ihh-student-handouts-all.pdf (15 pages)" in lines
    assert not any(
        line.strip().endswith(".docx") or ".docx (" in line for line in lines
    )  # the PDFs are printed
    docx_only = readme_txt(kit_info(), [f for f in files if f.format == "docx"]).decode()
    assert "    family/ihh-family-letter.docx (about 3 pages)" in docx_only.splitlines()


# --------------------------------------------------------------------------- zip


def test_zip_is_byte_reproducible_and_holds_the_kit(tmp_path: Path) -> None:
    first = publish_kit(tmp_path / "one", kit_info(), kit_files(), FORMATS)
    old = os.umask(0o077)  # a stricter umask must not change a byte or a permission
    try:
        second = publish_kit(tmp_path / "elsewhere" / "two", kit_info(), kit_files(), FORMATS)
    finally:
        os.umask(old)
    zips = [(folder.parent / "grades-9-10.zip").read_bytes() for folder in (first, second)]
    assert zips[0] == zips[1]
    assert tree(first) == tree(second)
    for path in [second, *second.rglob("*")]:
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path
    with zipfile.ZipFile(io.BytesIO(zips[0])) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {name: archive.read(name) for name in names} == {
            f"grades-9-10/{path}": data for path, data in tree(first).items()
        }
        for entry in archive.infolist():
            assert entry.date_time == (2025, 1, 15, 0, 0, 0)
            assert entry.external_attr >> 16 == 0o100644
            compressed_already = entry.filename.endswith((".pdf", ".docx"))  # stored as they are
            assert entry.compress_type == (zipfile.ZIP_STORED if compressed_already else zipfile.ZIP_DEFLATED)
        kinds = {entry.filename.rsplit(".", 1)[1] for entry in archive.infolist()}
        assert {"pdf", "docx", "txt", "json"} <= kinds


# --------------------------------------------------------------------------- partial builds


def test_a_docx_build_keeps_the_pdfs_of_the_previous_build(tmp_path: Path) -> None:
    folder = publish_kit(tmp_path, kit_info(), kit_files(), FORMATS)
    before = tree(folder)
    old_entries = {e["path"]: e for e in json.loads(before["manifest.json"])["files"]}
    publish_kit(tmp_path, kit_info(), kit_files(("docx",), tag=" v2"), ("docx",))
    after = tree(folder)
    pdfs = {path for path in before if path.endswith(".pdf")}
    assert len(pdfs) == 5 and {path: after[path] for path in pdfs} == {path: before[path] for path in pdfs}
    assert all(after[path].endswith(b" v2") for path in after if path.endswith(".docx"))
    entries = {e["path"]: e for e in json.loads(after["manifest.json"])["files"]}
    assert sorted(entries) == sorted(set(after) - {"manifest.json", "README.txt"})
    assert {path: entries[path] for path in pdfs} == {path: old_entries[path] for path in pdfs}
    with zipfile.ZipFile(tmp_path / "grades-9-10.zip") as archive:
        assert {name.removeprefix("grades-9-10/") for name in archive.namelist()} == set(after)
    # the next docx build of another selection of lessons drops the PDFs of the old one
    publish_kit(tmp_path, with_lessons(kit_info(), 1), kit_files(("docx",)), ("docx",))
    assert not [path for path in tree(folder) if path.endswith(".pdf")]


def test_a_full_build_replaces_files_it_no_longer_makes(tmp_path: Path) -> None:
    folder = publish_kit(tmp_path, kit_info(), kit_files(), FORMATS)
    fewer = [file for file in kit_files() if file.kind != "letter"]
    publish_kit(tmp_path, kit_info(), fewer, FORMATS)
    assert not (folder / "family").exists()


# --------------------------------------------------------------------------- stale kits


def test_stale_saved_kits_go_and_everything_else_stays(tmp_path: Path) -> None:
    out = tmp_path / "output"
    for kit in ("grades-7-8", "grades-9-10", "old-band"):
        publish_kit(out, kit_info(kit), kit_files(), FORMATS)
    publish_kit(out, kit_info("trainer-subset", saved=False), kit_files(), FORMATS)
    (out / "notes").mkdir()
    (out / "notes" / "manifest.json").write_text("{}")
    (out / "loose.zip").write_bytes(b"not ours")
    outside = publish_kit(tmp_path / "elsewhere", kit_info("linked"), kit_files(), FORMATS)
    (out / "linked").symlink_to(outside)
    before = tree(out)

    assert remove_stale_kits(out, {"grades-7-8", "grades-9-10"}) == ["old-band"]
    after = tree(out)
    assert not (out / "old-band").exists() and not (out / "old-band.zip").exists()
    assert after == {path: data for path, data in before.items() if not path.startswith("old-band")}
    assert (outside / "manifest.json").is_file()
    assert remove_stale_kits(out, {"grades-7-8", "grades-9-10"}) == []
    assert remove_stale_kits(tmp_path / "missing", set()) == []
    assert leftovers(out) == []


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
@pytest.mark.parametrize("when", ["writing", "swapping"])
def test_a_failed_publish_leaves_the_previous_kit_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException, when: str
) -> None:
    folder = publish_kit(tmp_path, kit_info(), kit_files(), FORMATS)
    before = tree(tmp_path)

    if when == "writing":
        real_write = publish_module._write_file
        calls: list[Path] = []

        def write(path: Path, data: bytes) -> None:
            calls.append(path)
            if len(calls) == 4:
                raise error
            real_write(path, data)

        monkeypatch.setattr(publish_module, "_write_file", write)
    else:
        real_replace = os.replace

        def replace(source: str | Path, target: str | Path) -> None:
            if Path(target) == folder and Path(source).name == "kit":  # the new kit's rename
                raise error
            real_replace(source, target)

        monkeypatch.setattr(publish_module.os, "replace", replace)

    with pytest.raises(type(error)):
        publish_kit(tmp_path, kit_info(), kit_files(tag=" v2"), FORMATS)
    assert tree(tmp_path) == before
    assert leftovers(tmp_path) == []


def test_bad_paths_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    bad = KitFile("../escape.pdf", "student", "handout", "pdf", b"x", 1, ())
    with pytest.raises(ValueError):
        publish_kit(tmp_path / "out", kit_info(), [*kit_files(), bad], FORMATS)
    with pytest.raises(ValueError):
        publish_kit(tmp_path / "out", kit_info("../x"), kit_files(), FORMATS)
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- all handouts in one PDF


@pytest.fixture(scope="module")
def parts(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """Three tagged PDFs: the sample document (odd pages, with contents links), a one-page
    document, and the sample document again, each titled by its own first heading."""
    from doctree_samples import every_node_document, png

    from kitgen import doctree as d
    from kitgen.strings import load_strings
    from kitgen.writers.pdf import PdfRenderer

    assets = tmp_path_factory.mktemp("assets")
    (assets / "images").mkdir()
    (assets / "images" / "sample.png").write_bytes(png(40, 24, (40, 90, 160)))
    templates = Path(__file__).resolve().parents[1] / "templates"
    renderer = PdfRenderer(templates, assets, load_strings(templates, "en"))
    sample = every_node_document("student")
    short = d.Document(
        sample.meta, (d.Heading(1, (d.Text("A one-page handout"),)), d.Paragraph((d.Text("Hi."),)))
    )
    return [renderer.render(sample), renderer.render(short), renderer.render(sample)]


@pytest.mark.slow
def test_all_handouts_in_one_tagged_pdf(parts: list[bytes]) -> None:
    import pikepdf
    from tagged_pdf import kids, struct_elements, untagged_content

    from kitgen.writers.pdf_combine import combine_handouts

    title = "Student handouts, lessons 1–3"
    data = combine_handouts(parts, title)
    assert combine_handouts(parts, title) == data
    counts = [len(pikepdf.open(io.BytesIO(part)).pages) for part in parts]
    assert counts[0] % 2 == 1 and counts[1] == 1
    starts = [1, counts[0] + 2, counts[0] + 4]  # a blank page after each odd-length part
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == sum(counts) + 2
        page_number = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        for blank in (starts[1] - 1, starts[2] - 1):
            assert pikepdf.parse_content_stream(pdf.pages[blank - 1]) == []
        # one structure tree, one Document root, every element on a page of this file
        assert untagged_content(pdf) == []
        (document,) = list(pdf.Root.StructTreeRoot.K)
        assert document.S == "/Document"
        elements = struct_elements(pdf)
        assert all(e.Pg.objgen in page_number for e in elements if "/Pg" in e)
        assert all(kid.P.objgen == document.objgen for kid in kids(document))
        assert [str(e.S) for e in elements].count("/H1") == 3
        # parent tree keys: unique, and every page and annotation points at its own
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert len(set(keys)) == len(keys) == int(pdf.Root.StructTreeRoot.ParentTreeNextKey)
        used = [int(p.obj.StructParents) for p in pdf.pages if "/StructParents" in p.obj]
        used += [
            int(a.StructParent) for p in pdf.pages for a in p.obj.get("/Annots", ()) if "/StructParent" in a
        ]
        assert sorted(used) == sorted(keys)
        # each part's contents links go to its own pages
        names = pdf.Root.Names.Dests.Names
        targets = {str(names[i]): page_number[names[i + 1][0].objgen] for i in range(0, len(names), 2)}
        links = [
            (number, targets[str(a.Dest)])
            for number, page in enumerate(pdf.pages, start=1)
            for a in page.obj.get("/Annots", ())
            if "/Dest" in a
        ]
        assert len(links) == 4
        assert all(sum(n >= s for s in starts) == sum(t >= s for s in starts) for n, t in links)
        # bookmarks per part; language, title, PDF/UA identification
        with pdf.open_outline() as outline:
            tops = [page_number[item.destination[0].objgen] for item in outline.root]
        assert tops[0] == starts[0] and starts[1] in tops and starts[2] in tops
        assert str(pdf.Root.Lang) == "en" and bool(pdf.Root.MarkInfo.Marked)
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        assert str(pdf.docinfo.Title) == title
        meta = pdf.open_metadata()
        assert meta.get("dc:title") == title and str(meta.get("pdfuaid:part")) == "1"
        # no two fonts under one name (merged faces, or the subsets that could not be merged)
        fonts = {
            font.objgen: str(font.BaseFont)
            for page in pdf.pages
            if "/Resources" in page.obj and "/Font" in page.obj.Resources
            for font in page.obj.Resources.Font.values()
        }
        assert len(set(fonts.values())) == len(fonts)
