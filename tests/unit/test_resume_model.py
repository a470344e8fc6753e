"""The one resume model: typed lines with positions, the same rules as the web app (shared spec cases)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.resume import EMAIL, has_email, parse, selection_line

SPEC = json.loads((Path(__file__).parents[1] / "spec" / "resume_lines.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", SPEC["documents"], ids=lambda c: c["name"])
def test_each_line_gets_the_kind_the_shared_spec_gives_it(case):
    lines = parse(case["text"]).lines
    got = [[line.kind, line.text] + (["continues"] if line.continues else []) for line in lines]
    assert got == case["lines"]


@pytest.mark.parametrize(("selection", "kind"), SPEC["selections"])
def test_a_lone_selection_is_read_without_header_rules(selection, kind):
    line = selection_line(selection)
    assert line is not None and line.kind == kind


@pytest.mark.parametrize("case", SPEC["documents"], ids=lambda c: c["name"])
def test_positions_point_at_the_line_and_its_content(case):
    text = case["text"]
    for line in parse(text).lines:
        assert text[line.start : line.end] == text.split("\n")[line.number]
        assert text[line.content_start :].startswith(line.text)
        assert text[line.start : line.content_start] == line.marker


def test_sections_follow_their_headings_and_bullets_skip_wrapped_lines():
    resume = parse(SPEC["documents"][0]["text"])
    assert resume.name == "Jordan Alvarez"
    assert {"summary", "experience", "skills", "education", "certifications"} <= resume.sections()
    bullets = resume.bullets()
    assert [b.section for b in bullets] == ["experience"] * len(bullets)
    assert "faster than before" not in [b.text for b in bullets]


def test_a_selection_is_found_on_its_line_even_with_its_marker_or_other_spacing():
    resume = parse(SPEC["documents"][0]["text"])
    line = resume.find("-  Responsible for managing the  billing platform migration.")
    assert line is not None and line.kind == "bullet" and line.number == 9
    assert selection_line("Jordan Alvarez", resume).kind == "name"  # type: ignore[union-attr]
    assert selection_line("Python, Go, SQL", resume).kind == "skills"  # type: ignore[union-attr]
    assert resume.line_at(resume.lines[9].start + 3) == resume.lines[9]


def test_windows_line_endings_do_not_change_kinds():
    text = SPEC["documents"][0]["text"]
    unix = [(line.kind, line.text) for line in parse(text).lines]
    windows = [(line.kind, line.text) for line in parse(text.replace("\n", "\r\n")).lines]
    assert windows == unix


def test_a_heading_with_a_long_run_of_blanks_is_read_in_one_pass():
    # The old pattern's lazy group backtracked over the blanks at every position: hours for this line.
    blanks = " " * (256 * 1024)
    lines = parse(f"## Skills{blanks}##{blanks}\n## C{blanks}x").lines
    assert [(line.kind, line.text) for line in lines] == [("heading", "Skills"), ("heading", f"C{blanks}x")]


@pytest.mark.parametrize(
    "text",
    ["jane@example.com", "mail: j.doe+cv@mail.example.co.uk now", "@example.com", "jane @example.com", "jane@example",
     "a@" + "b" * 63 + ".c", "a@" + "b" * 64 + ".c", "x@y@z.io", "1-1-" * 1000 + "@", "@@@@a@b.c", "ü@bücher.de"],
)  # fmt: skip
def test_has_email_answers_as_a_search_of_the_pattern_would(text):
    assert has_email(text) == bool(EMAIL.search(text))
