"""The fact guard on a table of tricky cases: what counts as a number, what the sources support, what replaces it."""

from __future__ import annotations

import sys

import pytest

from core.factguard import SOURCE_NUMBER_BUDGET, Flag, GuardResult, find_numbers, guard

from ..hostile_files import KIB, NUMBER_DENSE_PATTERNS, normal_text, number_dense_texts

RESUME = """Jane Doe - Data Engineer - jane@example.com - +1 (555) 123-4567
Acme Corp, 2019-2022
- Built data pipelines in Python 3.11 on AWS (S3, EC2) that cut reporting time by 40%
- Led a team of fifteen engineers; saved $1.2M a year
- Scaled the API to 10,000 requests per second, 3x the previous peak
- Ranked 2nd of 120 in the 2021 hackathon
"""

# (output, sources, tokens the guard must flag, in order)
CASES: list[tuple[str, list[str], list[str]]] = [
    # Supported in another written form: nothing to flag.
    ("Cut reporting time by 40 percent", [RESUME], []),
    ("Cut reporting time by 40 %", [RESUME], []),
    ("Led 15 engineers", [RESUME], []),
    ("Saved $1,200,000 a year", [RESUME], []),
    ("Saved 1.2 million dollars a year", [RESUME], []),
    ("Saved 1.2M a year", [RESUME], []),
    ("Handled 10k requests per second", [RESUME], []),
    ("Reached three times the previous peak", [RESUME], []),
    ("Reached 3\u00d7 the previous peak", [RESUME], []),
    # Years and ranges of years.
    ("Since 2019, built pipelines", [RESUME], []),
    ("From 2019\u20132022 at Acme", [RESUME], []),
    ("Since 2018, built pipelines", [RESUME], ["2018"]),
    ("From 2019-2023 at Acme", [RESUME], ["2019-2023"]),
    # Invented metrics in every form.
    ("Cut reporting time by 45%", [RESUME], ["45%"]),
    ("Cut reporting time by forty-five percent", [RESUME], ["forty-five percent"]),
    ("Saved $2M a year", [RESUME], ["$2M"]),
    ("Scaled the API 5x", [RESUME], ["5x"]),
    ("Doubled throughput", [RESUME], ["Doubled"]),
    ("Mentored twenty engineers", [RESUME], ["twenty"]),
    ("Mentored a dozen engineers", [RESUME], ["a dozen"]),
    ("Served 2 million users", [RESUME], ["2 million"]),
    ("Reduced latency to 200ms", [RESUME], ["200ms"]),
    ("Ranked 1st in the hackathon", [RESUME], ["1st"]),
    ("Ranked 2nd of 120", [RESUME], []),
    # A number in the sources does not support a percentage or a multiplier of the same value.
    ("Cut costs by 15%", [RESUME], ["15%"]),
    ("Led 15 engineers to 15x growth", [RESUME], ["15x"]),
    # ...but a bare number is supported by the same value written as a percentage.
    ("Reporting time went down 40 points", [RESUME], []),
    # Ranges: supported only when both ends are.
    ("Cut time by 30-40%", [RESUME], ["30-40%"]),
    ("Cut time by 10-15%", ["cut time by 10-15%"], []),
    ("Saved $1-2M", ["saved between $1M and $2M"], []),
    # Version numbers and numbers inside names are not claims; a version not in the resume is.
    ("Python 3.11, S3, EC2, B2B, K8s, GPT-4, COVID-19, HTTP/2, IPv6, 3D, 2FA", [RESUME], []),
    ("Upgraded to Python 3.12", [RESUME], ["3.12"]),
    ("Shipped release 2.4.1", [RESUME], ["2.4.1"]),
    ("Shipped release 2.4.1", ["release 2.4.1"], []),
    # Phone-like strings are one token compared digit by digit, not a range or arithmetic.
    ("Call +1 (555) 123-4567", [RESUME], []),
    ("Call 555-987-6543", [RESUME], ["555-987-6543"]),
    # "one" as a word, idioms, list markers and references to the conversation.
    ("One of the engineers who built the pipelines; no one else did", [RESUME], []),
    ("Held one-on-one and 1:1 meetings, on call 24/7", [RESUME], []),
    ("1. Built pipelines\n2) Led engineers\n- 3. Saved money", [RESUME], []),
    ("Option 2 is stronger than suggestion 3", [RESUME], []),
    ("One million rows a day", [RESUME], ["One million"]),
    # Numbers in the user's message count as a source too.
    ("Cut reporting time by 55%", [RESUME, "it was actually 55%"], []),
    # Spelled out in the sources, digits in the output.
    ("Grew the team to 12", ["grew the team to a dozen"], []),
    ("Trained 3 analysts", ["trained three analysts"], []),
    # The word "ten" inside another word is not a number.
    ("Often attended tennis events", [RESUME], []),
]


@pytest.mark.parametrize(("output", "sources", "flagged"), CASES, ids=[c[0][:40] for c in CASES])
def test_guard_flags_exactly_the_invented_numbers(output: str, sources: list[str], flagged: list[str]) -> None:
    result = guard(output, sources)
    assert [f.text for f in result.flags] == flagged
    assert all(f.kind == "invented_number" for f in result.flags)


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("Cut reporting time by 45%", "Cut reporting time by [X%]"),
        ("Saved $2M a year", "Saved [$X] a year"),
        ("Saved \u20ac3k a year", "Saved [\u20acX] a year"),
        ("Scaled the API 5x", "Scaled the API [Nx]"),
        ("Mentored twenty engineers", "Mentored [N] engineers"),
        ("Ranked 1st", "Ranked [Nth]"),
        ("Since 2017, led 15 engineers", "Since [YYYY], led 15 engineers"),
        ("Cut time by 30-40%", "Cut time by [X-Y%]"),
        ("Doubled throughput", "Increased [Nx] throughput"),
        ("Ran it twice a week", "Ran it [N] times a week"),
        ("Cut time by 40% and 45%", "Cut time by 40% and [X%]"),
    ],
)
def test_guard_replaces_invented_numbers_with_placeholders(output: str, expected: str) -> None:
    assert guard(output, [RESUME]).text == expected


def test_flag_reports_token_placeholder_and_category() -> None:
    result = guard("Grew revenue by 25% to $3M", [RESUME])
    assert result == GuardResult(
        text="Grew revenue by [X%] to [$X]",
        flags=[
            Flag(text="25%", placeholder="[X%]", category="percent"),
            Flag(text="$3M", placeholder="[$X]", category="money"),
        ],
    )


def test_text_without_numbers_is_unchanged() -> None:
    text = "Built reliable data pipelines in Python for the reporting team"
    assert guard(text, []) == GuardResult(text=text, flags=[])


def test_placeholders_themselves_are_not_numbers() -> None:
    assert find_numbers("Cut time by [X%], saved [$X], [Nx] faster, [N] users, in [YYYY]") == []


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("$1.2M", {"money": {"1200000"}}),
        ("1.2 million", {"plain": {"1200000"}}),
        ("10k", {"plain": {"10000"}}),
        ("10m", {"plain": {"10", "10000000"}}),  # ten million or ten minutes/metres
        ("40 %", {"percent": {"40"}}),
        ("twenty-five percent", {"percent": {"25"}}),
        ("one hundred and twenty", {"plain": {"120"}}),
        ("a dozen", {"plain": {"12"}}),
        ("two dozen", {"plain": {"24"}}),
        ("threefold", {"multiplier": {"3"}}),
        ("3-fold", {"multiplier": {"3"}}),
        ("4.0", {"plain": {"4"}}),
        ("2021", {"year": {"2021"}}),
        ("555.123.4567", {"code": {"5551234567"}}),
    ],
)
def test_find_numbers_normalises_each_form(text: str, readings: dict[str, set[str]]) -> None:
    (token,) = find_numbers(text)
    assert {token.category: {v if isinstance(v, str) else format(v, "f") for v in token.values}} == readings
    assert token.text == text


def test_guard_accepts_any_iterable_of_sources_once() -> None:
    sources = (s for s in [RESUME, "and 55%"])
    assert guard("Cut it by 55% and 40%", sources).flags == []


# ---------------------------------------------------------------------------------------------- hostile input


class CountingText(str):
    """A text that counts the characters copied out of it (every slice and index goes through here)."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        item = super().__getitem__(key)
        CountingText.copied += len(item)
        return item


def _work(sources: list[str]) -> tuple[int, int]:
    """(function calls, characters copied out of the sources) for one guard of a short output against them."""
    calls = 0

    def count(_frame: object, event: str, _arg: object) -> None:
        nonlocal calls
        calls += event in {"call", "c_call"}

    CountingText.copied = 0
    counted = [CountingText(source) for source in sources]
    sys.setprofile(count)
    try:
        guard("Grew revenue 40% to $3M in 2 years (option 2)", counted)
    finally:
        sys.setprofile(None)
    return calls, CountingText.copied


@pytest.mark.parametrize("name", list(NUMBER_DENSE_PATTERNS))
def test_guard_work_on_number_dense_text_stays_that_of_ordinary_text(name: str) -> None:
    normal_calls, normal_copied = _work([normal_text()])
    dense_calls, dense_copied = _work([number_dense_texts()[name]])
    assert dense_calls <= 3 * normal_calls, (dense_calls, normal_calls)
    assert dense_copied <= 3 * max(normal_copied, 256 * KIB), (dense_copied, normal_copied)


def test_a_number_dense_source_is_read_up_to_its_budget_and_flags_what_lies_past_it() -> None:
    dense = " ".join(str(n) for n in range(2 * SOURCE_NUMBER_BUDGET))
    assert guard(f"{SOURCE_NUMBER_BUDGET - 1} users", [dense]).flags == []
    assert [f.text for f in guard(f"{SOURCE_NUMBER_BUDGET + 1} users", [dense]).flags] == [
        str(SOURCE_NUMBER_BUDGET + 1)
    ]


def test_conversation_references_are_read_from_the_word_before_the_number_only() -> None:
    assert guard("See option   2 and bullet 3", []).flags == []
    assert [f.text for f in guard("See 3 " + "x" * 100_000 + " 4", ["3"]).flags] == ["4"]
