"""YAML syntax errors in words: each common PyYAML failure is reported at the line of the
mistake, says what is wrong and how to fix it, and says the rest of the file waits for the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kitgen.source import load

CASES = [
    pytest.param(
        "sections:\n  - id: a\n    kind: video\n     title: T\n",
        [
            "x.yaml:4:6: error[yaml-syntax]: this line is indented more than the field above it ('kind', line 3), which already has a value\n  hint: line it up with 'kind' (4 spaces); only a field with nothing after its ':' can have fields indented under it. Fix this to see the file's other problems."
        ],
        id="over-indented",
    ),
    pytest.param(
        "sections:\n  - id: a\n    kind: video\n   title: T\n",
        [
            "x.yaml:4:4: error[yaml-syntax]: this line is indented 3 spaces: less than 'kind' above it (line 3, 4 spaces) but more than 'sections' (line 1, 0 spaces)\n  hint: line it up with what it belongs beside: 4 spaces like 'kind', or 0 spaces like 'sections'. Fix this to see the file's other problems."
        ],
        id="under-indented",
    ),
    pytest.param(
        "sections:\n  - id: a\n  kind: video\n",
        [
            "x.yaml:3:3: error[yaml-syntax]: 'kind' is lined up with the '-' of the list item on line 2, not with its fields\n  hint: indent it 4 spaces like 'id' to make it part of that item, or start it with '- ' to make it a new item. Fix this to see the file's other problems."
        ],
        id="lined-up-with-dash",
    ),
    pytest.param(
        "sections:\n  - id: a\n    prompts:\n      - text: a\n     - text: b\n",
        [
            "x.yaml:5:6: error[yaml-syntax]: this line is indented 5 spaces: less than the '-' on line 4 above it (6 spaces) but more than 'prompts' (line 3, 4 spaces)\n  hint: line it up with what it belongs beside: 6 spaces like the '-' on line 4, or 4 spaces like 'prompts'. Fix this to see the file's other problems."
        ],
        id="list-item-under-indented",
    ),
    pytest.param(
        "title: x\n  bad: indent\n",
        [
            "x.yaml:2:3: error[yaml-syntax]: this line is indented more than the field above it ('title', line 1), which already has a value\n  hint: line it up with 'title' (0 spaces); only a field with nothing after its ':' can have fields indented under it. Fix this to see the file's other problems."
        ],
        id="under-scalar",
    ),
    pytest.param(
        "id: x\ntitle: Video: the offer\n",
        [
            "x.yaml:2:8: error[yaml-syntax]: the value of 'title' holds ': ', which YAML reads as the start of another field\n  hint: put the value in quotes: title: \"Video: the offer\". Fix this to see the file's other problems."
        ],
        id="colon-in-value",
    ),
    pytest.param(
        "id: x\ntitle y\nnumber: 1\n",
        [
            "x.yaml:2:1: error[yaml-syntax]: this line has no ':' after a field name ('title y')\n  hint: write 'title: y'. Fix this to see the file's other problems."
        ],
        id="no-colon",
    ),
    pytest.param(
        "safety_plan:\n  counselor on_call\n  step_out: s\n",
        [
            "x.yaml:2:3: error[yaml-syntax]: this line has no ':' after a field name ('counselor on_call')\n  hint: write 'counselor: on_call'. Fix this to see the file's other problems."
        ],
        id="no-colon-nested",
    ),
    pytest.param(
        "id: x\noverview: Students look at how\nfake job offers are used online.\nnumber: 1\n",
        [
            "x.yaml:3:1: error[yaml-syntax]: this line has no ':' after a field name; if it continues the text of 'overview' (line 2), it is not indented under it\n  hint: indent it 2 spaces, under 'overview', or start the value with 'overview: |' and put its text on the lines below. Fix this to see the file's other problems."
        ],
        id="text-not-indented",
    ),
    pytest.param(
        'id: x\ntitle: "Too good\nnumber: 1\n',
        [
            'x.yaml:2:8: error[yaml-syntax]: the " that starts here is never closed\n  hint: end the value with a matching " on the same line; to write a " inside it, put the whole value in single quotes. Fix this to see the file\'s other problems.'
        ],
        id="unclosed-double-quote",
    ),
    pytest.param(
        "id: x\ntitle: 'Too good\nnumber: 1\n",
        [
            "x.yaml:2:8: error[yaml-syntax]: the ' that starts here is never closed\n  hint: end the value with a matching ' on the same line; to write ' inside it, type it twice (''). Fix this to see the file's other problems."
        ],
        id="unclosed-single-quote",
    ),
    pytest.param(
        'id: x\ntitle: "Too good" to be true\n',
        [
            "x.yaml:2:19: error[yaml-syntax]: text follows the closing quote of the value of 'title'\n  hint: a value that starts with a quote or bracket must end with it; put the value in quotes: title: '\"Too good\" to be true'. Fix this to see the file's other problems."
        ],
        id="text-after-quote",
    ),
    pytest.param(
        "id: x\ngrades: [10, 11\nnumber: 1\n",
        [
            "x.yaml:2:9: error[yaml-syntax]: the list opened with '[' here is not closed on its line\n  hint: end it with ']', and put an entry that holds ',', ':' or ']' in quotes. Fix this to see the file's other problems."
        ],
        id="unclosed-list",
    ),
    pytest.param(
        "id: x\ntitle: *bold* word\n",
        [
            "x.yaml:2:8: error[yaml-syntax]: a value cannot start with '*': '*' starts a YAML alias (a reference to an '&' anchor)\n  hint: put the value in quotes: title: \"*bold* word\". Fix this to see the file's other problems."
        ],
        id="alias-start",
    ),
    pytest.param(
        "id: x\ntitle: `code`\n",
        [
            "x.yaml:2:8: error[yaml-syntax]: a value cannot start with '`': '`' is reserved in YAML\n  hint: put the value in quotes: title: \"`code`\". Fix this to see the file's other problems."
        ],
        id="backtick-start",
    ),
    pytest.param(
        "a:\n\t- b\n\t- c\n",
        [
            "x.yaml:2:1: error[tab-indent]: a tab is used for indentation\n  hint: YAML indents with spaces only; replace the tab with spaces. Fix this to see the file's other problems.",
            "x.yaml:3:1: error[tab-indent]: a tab is used for indentation\n  hint: YAML indents with spaces only; replace the tab with spaces. Fix this to see the file's other problems.",
        ],
        id="tabs",
    ),
    pytest.param(
        "overview: |\n  The first line.\n The second line.\nnumber: 1\n",
        [
            "x.yaml:3:2: error[yaml-syntax]: this line is indented less than the text of 'overview' above it (line 1, 2 spaces)\n  hint: indent it 2 spaces like the lines of that text, or, if it starts something new, 0 spaces like 'overview'. Fix this to see the file's other problems."
        ],
        id="text-block-under-indented",
    ),
    pytest.param(
        'tags:\n  - "trust" and more\n',
        [
            "x.yaml:2:13: error[yaml-syntax]: text follows the closing quote of the value\n  hint: a value that starts with a quote or bracket must end with it; put the value in quotes: - '\"trust\" and more'. Fix this to see the file's other problems."
        ],
        id="list-item-text-after-quote",
    ),
]


@pytest.mark.parametrize(("content", "expected"), CASES)
def test_syntax_errors_are_said_in_words_at_their_line(
    tmp_path: Path, content: str, expected: list[str]
) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    source, found = load(path, "x.yaml")
    assert source is None
    assert [d.as_text() for d in found] == expected
    assert all(d.hint and d.hint.endswith("Fix this to see the file's other problems.") for d in found)
