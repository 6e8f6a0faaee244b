"""Small made-up kits for the packaging tests: the records a build hands over, with stand-in bytes."""

from __future__ import annotations

from dataclasses import replace

from kitgen.kitfiles import KitFile, KitInfo, LessonEntry

LESSONS = (
    LessonEntry("force-fraud-coercion", 3, "Force, fraud, coercion: how control works", (9, 10), 50),
    LessonEntry("relationships-images", 4, "Relationships, images and sextortion", (9, 10), 55),
)


def kit_info(kit: str = "grades-9-10", *, saved: bool = True, band: str | None = "Grades 9–10") -> KitInfo:
    return KitInfo(
        id=kit,
        title=f"It Happens Here, {kit}",
        grades=(9, 10),
        band=band,
        lessons=LESSONS,
        unit_title="It Happens Here: human trafficking awareness and prevention",
        edition="2025-01-15",
        date="2025-01-15",
        sources_sha256="0" * 64,
        kitgen_version="0.1.0",
        saved=saved,
    )


def kit_files(formats: tuple[str, ...] = ("pdf", "docx"), tag: str = "") -> list[KitFile]:
    """A guide, two handouts, the handouts in one PDF and a family letter, in ``formats``."""
    ids = tuple(lesson.id for lesson in LESSONS)
    documents = [
        ("facilitator/ihh-facilitator-guide", "facilitator", "guide", 24, ids),
        *(
            (
                f"student/ihh-lesson-{lesson.number:02d}-{lesson.id}-student-handout",
                "student",
                "handout",
                7,
                (lesson.id,),
            )
            for lesson in LESSONS
        ),
        ("family/ihh-family-letter", "family", "letter", 3, ids),
    ]
    files = [
        KitFile(f"{stem}.{fmt}", audience, kind, fmt, f"{fmt} {stem}{tag}".encode(), pages, lessons)  # type: ignore[arg-type]
        for stem, audience, kind, pages, lessons in documents
        for fmt in formats
    ]
    if "pdf" in formats:
        files.append(
            KitFile(
                "student/ihh-student-handouts-all.pdf",
                "student",
                "handouts-all",
                "pdf",
                f"all{tag}".encode(),
                15,
                ids,
            )
        )
    return files


def with_lessons(info: KitInfo, count: int) -> KitInfo:
    return replace(info, lessons=info.lessons[:count])
