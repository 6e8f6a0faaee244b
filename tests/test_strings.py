"""The string table: fixed words by key, plural forms by count, and located problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.strings import Strings, StringsError, load_strings

TEMPLATES = Path(__file__).parent.parent / "templates"


def test_plural_forms_follow_the_count() -> None:
    s = load_strings(TEMPLATES, "en")
    assert [s("minutes", n=n) for n in (1, 2, 0)] == ["1 minute", "2 minutes", "0 minutes"]
    assert s("about_minutes", n=1) == "about 1 minute"


def test_an_entry_without_a_one_form_uses_other() -> None:
    s = Strings("xx", {"minutes": {"other": "{n} min"}, "title": "Plain"})
    assert (s("minutes", n=1), s("title")) == ("1 min", "Plain")


def test_bad_plural_forms_are_located(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "strings").mkdir()
    (tmp_path / "strings" / "xx.yaml").write_text("title: T\nminutes:\n  one: '{n} minute'\n  few: x\n")
    with pytest.raises(StringsError) as caught:
        load_strings(tmp_path, "xx")
    assert str(caught.value) == (
        "strings/xx.yaml:3:3: error[bad-string]: 'minutes' must be text or plural forms (few, one given)\n"
        "  hint: write 'one:' (used when n is 1) and 'other:' (every other count)"
    )
