"""Fact guard: every number-like claim in AI output must come from the sources (selection, resume, user message).

`find_numbers` reads number-like tokens (digits, decimals, %, currency, K/M/B and million/billion, "3x" and the
multiplication sign, "-fold", "twice", "doubled", dash ranges, ordinals, spelled-out numbers such as "fifteen" or
"a dozen", phone-like and dotted codes) and normalises each to a category plus a set of numeric readings, so "15"
equals "fifteen", "$1.2M" equals "1.2 million" and "40 %" equals "40 percent". `guard` replaces every token of the
output that no source supports with a placeholder (`[X%]`, `[$X]`, `[N]`...) and reports it as a flag.

Deliberate choices (conservative: a false flag costs a click, an invented metric costs an interview):
- Digits glued to letters are names, not claims: S3, EC2, B2B, K8s, IPv6, COVID-19, GPT-4, HTTP/2, 3D, 2FA.
  Known units and suffixes are read as numbers: 200ms, 5GB, 10k, 3x, 3rd.
- A percentage or a multiplier is a claim of its own: "40%" is not supported by "40 engineers", "3x" is not
  supported by "3 engineers". A bare number is supported by the same value in any form ("40" by "40%").
- A lone "one" is not a claim ("one of the", "no one", "one-on-one"); "one million" and "one percent" are.
  Spelled-out ordinals ("first"), fractions ("half") and vague words ("dozens", "several") are not read.
- Numbered-list markers ("1. ", "2) ") and references to the conversation ("option 2", "bullet 3") are skipped,
  as are the idioms 24/7 and 1:1.
- Derived numbers are flagged: "from 10 to 20" in the resume does not support "2x" in the output.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import islice
from typing import Literal

from pydantic import BaseModel

from .resume import MARKER

Category = Literal["plain", "percent", "money", "multiplier", "ordinal", "year", "code"]


class Flag(BaseModel):
    kind: str = "invented_number"
    text: str  # the token as it appeared in the output
    placeholder: str  # what replaced it (suggestions) or would replace it (assistant text)
    category: str = "plain"  # percent, money, multiplier, ordinal, year, code or plain


class GuardResult(BaseModel):
    text: str  # the output with every unsupported number replaced by its placeholder
    flags: list[Flag]


@dataclass(frozen=True)
class NumberToken:
    text: str
    start: int
    end: int
    category: Category
    # Every plausible reading: "10m" is ten million or ten (metres, minutes). Codes read as their digit string.
    values: frozenset[Decimal | str]
    placeholder: str
    # Range endpoints ("10-15%", also with en/em dashes): the range is supported only when each endpoint is.
    parts: tuple[NumberToken, ...] = ()
    # As written, for sharing a unit across a range: the number, its scale factors and its currency symbol.
    base: Decimal | None = None
    scales: tuple[int, ...] = (1,)
    currency: str = ""


# ---------------------------------------------------------------------------------------------- vocabulary

_SMALL = {
    word: value
    for value, word in enumerate(
        [
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
            "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
        ]
    )
}  # fmt: skip
_TENS = {
    word: 10 * (i + 2)
    for i, word in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])
}
_SCALE_WORDS = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
# Multiplier words and what replaces them (keeps the sentence readable).
_MULTIPLIER_WORDS: dict[str, tuple[Decimal, str]] = {
    "twice": (Decimal(2), "[N] times"),
    "thrice": (Decimal(3), "[N] times"),
    "doubled": (Decimal(2), "increased [Nx]"),
    "tripled": (Decimal(3), "increased [Nx]"),
    "quadrupled": (Decimal(4), "increased [Nx]"),
    "halved": (Decimal("0.5"), "cut by [X%]"),
    **{f"{word}fold": (Decimal(value), "[Nx]") for word, value in {**_SMALL, **_TENS}.items() if value >= 2},
}

# Letters glued to a number that make it a scale (case matters: "10m" may be minutes, "10M" is millions).
_SCALE_SUFFIX: dict[str, tuple[int, ...]] = {
    "k": (10**3,),
    "K": (10**3,),
    "m": (10**6, 1),  # million, or metres/minutes
    "M": (10**6,),
    "mm": (10**6, 1),  # finance million, or millimetres
    "MM": (10**6,),
    "b": (10**9,),
    "B": (10**9,),
    "bn": (10**9,),
}
# Measurement units read case-insensitively; single letters only in lower case ("3d" is days, "3D" a name).
_UNITS = frozenset(
    {
        "ms", "s", "sec", "secs", "min", "mins", "h", "hr", "hrs", "d", "wk", "wks", "mo", "mos", "yr", "yrs", "y",
        "kb", "mb", "gb", "tb", "pb", "kbps", "mbps", "gbps", "rps", "qps", "tps", "rpm",
        "px", "kg", "km", "mi", "ft", "lb", "lbs",
    }
)  # fmt: skip
_ORDINALS = frozenset({"st", "nd", "rd", "th"})
_CURRENCY_SYMBOLS = {"$": "$", "€": "€", "£": "£", "¥": "¥", "usd": "$", "eur": "€", "gbp": "£"}
_CONVERSATION_WORDS = frozenset({"option", "options", "suggestion", "alternative", "bullet", "line", "step", "version"})
# How far back the word before a number is looked for ("option   #2"): longer gaps or words are no reference.
_REFERENCE_WINDOW = 32
_IDIOMS = re.compile(r"(?<![\w/:])(?:24/7|1:1s?)(?![\w/:])")

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_DIGIT_TOKEN = re.compile(
    rf"""
    (?P<cur>[$€£¥]|\b(?:USD|EUR|GBP)\s?)?
    (?P<num>{_NUM})
    (?:
        (?P<letters>[A-Za-z]+)                                   # 10k, 3x, 200ms, 3rd (validated below)
      | (?P<times>\s?\u00d7)
      | \s?(?P<fold>-fold\b)
      | \s(?P<scaleword>thousand|million|billion|trillion)\b
    )?
    (?P<pct>\s?%|\s(?:percent|per\ cent|pct|percentage\ points?)\b)?
    (?P<curword>\s(?:dollars|USD|euros?|EUR|pounds|GBP)\b)?
    (?P<mult>\s?(?:x|\u00d7)(?![A-Za-z0-9])|\s(?:times)\b)?
    """,
    re.VERBOSE,
)
_WORD_NUMBERS = "|".join(sorted([*_SMALL, *_TENS, *_SCALE_WORDS, "dozen"], key=len, reverse=True))
_WORD_TOKEN = re.compile(
    rf"""
    \b(?P<words>(?:an?\s+)?(?:{_WORD_NUMBERS})(?:(?:\s+|-)(?:and\s+)?(?:{_WORD_NUMBERS}))*)\b
    (?P<pct>\s(?:percent|per\ cent)\b)?
    (?P<mult>\s(?:times)\b|-fold\b)?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MULTIPLIER_TOKEN = re.compile(rf"\b(?:{'|'.join(_MULTIPLIER_WORDS)})\b", re.IGNORECASE)
# Phone numbers, ISO/slash dates, dotted versions and addresses: compared as digit strings.
_CODE_TOKEN = re.compile(
    r"""
    (?<![\w.])(?:
        (?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[.-])\d{3,4}[.-]\d{3,4}   # 555-123-4567, (555) 123-4567
      | \+\d{1,3}(?:[\s.-]\d{2,4}){2,4}                                       # +44 20 7946 0958
      | \d{4}-\d{1,2}-\d{1,2}                                                 # 2024-01-15
      | \d{1,2}/\d{1,2}/\d{2,4}                                               # 1/15/2024
      | \d+(?:\.\d+){2,}                                                      # 1.2.3, 10.0.0.1
    )(?![\w.]\d)
    """,
    re.VERBOSE,
)
# List markers of the output ("1. ", "- 2) "): the resume model's markers, read on every line.
_LIST_MARKER = re.compile(r"(?m)^(?:[ \t]*[-*\u2022][ \t]*)?" + MARKER.pattern.removeprefix("^"))
_RANGE_JOIN = re.compile(r"\s?[-\u2013\u2014]\s?")  # hyphen, en dash, em dash


# ---------------------------------------------------------------------------------------------- reading


def _decimal(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regexes only pass digits
        return Decimal(0)


def _canonical(value: Decimal) -> Decimal:
    # Decimal("40.0") and Decimal("4E+1") compare equal already; normalising keeps the sets small and printable.
    return value.normalize()


def _inside_word(text: str, start: int, end: int) -> bool:
    """Digits glued to a name (S3, EC2, COVID-19, HTTP/2, v2, 3D, 2FA) are part of that name."""
    before = text[start - 1] if start > 0 else ""
    if before.isalnum() or before == "_":
        return True
    if before in "-/" and start > 1 and text[start - 2].isalpha():
        return True
    after = text[end] if end < len(text) else ""
    return after.isalnum() or after == "_"


def _conversation_reference(text: str, start: int) -> bool:
    """'option 2', 'bullet 3': numbers that point into the conversation, not facts.

    Reads only the word before `start` (a bounded window, never the text before it: once per number, a copy of
    everything before it made the guard quadratic on number-dense text)."""
    end = start
    while end > 0 and text[end - 1].isspace() and start - end < _REFERENCE_WINDOW:
        end -= 1
    if end == 0 or not (text[end - 1].isalpha() or text[end - 1] == "#"):
        return False  # the conversation words are letters ("bullet #3")
    begin = end
    while begin > 0 and not text[begin - 1].isspace() and end - begin < _REFERENCE_WINDOW:
        begin -= 1
    return text[begin:end].lower().strip("#") in _CONVERSATION_WORDS


def _year_like(value: Decimal, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1900 <= value <= 2100


def _placeholder(category: Category, currency: str = "") -> str:
    return {
        "percent": "[X%]",
        "money": f"[{currency or '$'}X]",
        "multiplier": "[Nx]",
        "ordinal": "[Nth]",
        "year": "[YYYY]",
        "code": "[N]",
        "plain": "[N]",
    }[category]


def _digit_token(text: str, match: re.Match[str]) -> NumberToken | None:
    raw_num = match["num"]
    number = _decimal(raw_num)
    letters = match["letters"] or ""
    currency = _CURRENCY_SYMBOLS.get((match["cur"] or "").strip().lower(), "")
    if match["curword"]:
        currency = currency or _CURRENCY_SYMBOLS.get(match["curword"].strip().lower()[:3], "$")
    scales: tuple[int, ...] = (1,)
    category: Category = "plain"
    end = match.end()
    lower = letters.lower()
    if letters:
        if letters in _SCALE_SUFFIX:
            scales = _SCALE_SUFFIX[letters]
        elif lower == "x":
            category = "multiplier"
        elif lower in _ORDINALS:
            category = "ordinal"
        elif lower in _CURRENCY_SYMBOLS:
            currency = currency or _CURRENCY_SYMBOLS[lower]
        elif lower not in _UNITS or (len(letters) == 1 and letters.isupper()):
            return None  # 3D, 2FA, 5G: a name
    if match["scaleword"]:
        scales = (_SCALE_WORDS[match["scaleword"].lower()],)
    if match["times"] or match["fold"] or match["mult"]:
        category = "multiplier"
    if match["pct"]:
        category = "percent"
    elif currency and category == "plain":
        category = "money"
    if category == "plain" and scales == (1,) and not letters and _year_like(number, raw_num):
        category = "year"
    if _inside_word(text, match.start(), end):
        return None
    values = frozenset(_canonical(number * s) for s in scales)
    placeholder = _placeholder(category, currency)
    return NumberToken(match.group(0), match.start(), end, category, values, placeholder, (), number, scales, currency)


def _parse_words(words: list[str]) -> int:
    total, current = 0, 0
    for word in words:
        if word in _SMALL or word in _TENS:
            current += _SMALL.get(word, 0) + _TENS.get(word, 0)
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in _SCALE_WORDS:
            total += (current or 1) * _SCALE_WORDS[word]
            current = 0
    return total + current


def _word_token(match: re.Match[str], keep_lone_one: bool) -> NumberToken | None:
    words = [w for w in re.split(r"[\s-]+", match["words"].lower()) if w not in {"and", "a", "an"}]
    lone_one = words == ["one"] and not match["pct"] and not match["mult"]
    if not words or (lone_one and not keep_lone_one):
        return None
    # "a"/"an" counts only before a scale word or dozen: "a dozen", "a million".
    text = match.group(0)
    if re.match(r"an?\s", text, re.IGNORECASE) and words[0] not in {*_SCALE_WORDS, "dozen"}:
        offset = len(text) - len(text.split(None, 1)[1])
        text = text[offset:]
    start = match.end() - len(text)
    value = Decimal(_parse_words(words))
    category: Category = "percent" if match["pct"] else "multiplier" if match["mult"] else "plain"
    placeholder = "[N] times" if category == "multiplier" and "times" in text.lower() else _placeholder(category)
    return NumberToken(text, start, match.end(), category, frozenset({value}), placeholder)


def _join_ranges(text: str, tokens: list[NumberToken]) -> list[NumberToken]:
    """'10-15%', '$1-2M', '2019-2021' (any dash): one token whose endpoints share the unit written on either side."""
    joined: list[NumberToken] = []
    for token in tokens:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.base is not None
            and token.base is not None
            and not previous.parts
            and "ordinal" not in {previous.category, token.category}
            and _RANGE_JOIN.fullmatch(text[previous.start + len(previous.text) : token.start])
        ):
            left, right = _share_unit(previous, token), _share_unit(token, previous)
            category = right.category
            joined[-1] = NumberToken(
                text[previous.start : token.end],
                previous.start,
                token.end,
                category,
                left.values | right.values,
                _range_placeholder(category, right.placeholder),
                parts=(left, right),
            )
            continue
        joined.append(token)
    return joined


def _share_unit(token: NumberToken, other: NumberToken) -> NumberToken:
    """'10-15%': the 10 is a percentage too; '$1-2M': the 1 is millions and the 2 is dollars."""
    assert token.base is not None
    scales = other.scales if token.scales == (1,) else token.scales
    currency = token.currency or other.currency
    category = token.category
    if category in {"plain", "year"} and other.category in {"percent", "money", "multiplier"}:
        category = other.category
    elif category == "plain" and currency:
        category = "money"
    if (scales, currency, category) == (token.scales, token.currency, token.category):
        return token
    values = frozenset(_canonical(token.base * s) for s in scales)
    placeholder = _placeholder(category, currency)
    return NumberToken(
        token.text, token.start, token.end, category, values, placeholder, (), token.base, scales, currency
    )


def _range_placeholder(category: Category, single: str) -> str:
    return {"percent": "[X-Y%]", "year": "[YYYY-YYYY]", "plain": "[N-M]"}.get(category, single)


def find_numbers(text: str, *, keep_lone_one: bool = False, budget: int | None = None) -> list[NumberToken]:
    """Every number-like token of `text`, in order. `keep_lone_one` also reads a bare "one" (sources do).

    Linear in the length of `text`. With a `budget`, each kind of token is read at most that many times and the
    rest of the text is not read for it: the work on number-dense text stays that of ordinary text."""
    taken = [False] * len(text)

    def claim(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        taken[start:end] = [True] * (end - start)
        return True

    def matches(pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        return islice(pattern.finditer(text), budget)

    tokens: list[NumberToken] = []
    for skipped in (*matches(_IDIOMS), *matches(_LIST_MARKER)):
        claim(skipped.start(), skipped.end())
    for match in matches(_CODE_TOKEN):
        if claim(match.start(), match.end()):
            digits = re.sub(r"\D", "", match.group(0))
            tokens.append(NumberToken(match.group(0), match.start(), match.end(), "code", frozenset({digits}), "[N]"))
    for match in matches(_DIGIT_TOKEN):
        if taken[match.start()]:
            continue  # inside a code or a list marker
        token = _digit_token(text, match)
        if token and not _conversation_reference(text, token.start) and claim(token.start, token.end):
            tokens.append(token)
    for match in matches(_MULTIPLIER_TOKEN):
        value, placeholder = _MULTIPLIER_WORDS[match.group(0).lower()]
        if match.group(0)[0].isupper():
            placeholder = placeholder[0].upper() + placeholder[1:]
        if claim(match.start(), match.end()):
            values = frozenset({_canonical(value)})
            tokens.append(NumberToken(match.group(0), match.start(), match.end(), "multiplier", values, placeholder))
    for match in matches(_WORD_TOKEN):
        token = _word_token(match, keep_lone_one)
        if token and not _conversation_reference(text, token.start) and claim(token.start, token.end):
            tokens.append(token)
    tokens.sort(key=lambda t: t.start)
    return _join_ranges(text, tokens)


# ---------------------------------------------------------------------------------------------- checking

# Which source categories can support an output category. A bare number is supported by any reading of the
# same value; a percentage, a multiplier or an amount of money needs the same kind of claim in the sources.
_SUPPORTED_BY: dict[Category, frozenset[Category]] = {
    "plain": frozenset({"plain", "year", "percent", "money", "multiplier", "ordinal"}),
    "year": frozenset({"plain", "year"}),
    "ordinal": frozenset({"plain", "ordinal"}),
    "percent": frozenset({"percent"}),
    "multiplier": frozenset({"multiplier"}),
    "money": frozenset({"money", "plain"}),
    "code": frozenset({"code"}),
}


# How many tokens of each kind a source is read for. A real resume holds a few hundred numbers and 256 KiB of
# ordinary prose a few thousand; past this a number-dense source ("1-1-1-…") is not read further, so a number
# that only appears there is flagged (a false flag costs a click; reading 100,000 numbers costs every chat).
SOURCE_NUMBER_BUDGET = 5_000


class KnownFacts:
    """The numbers some source texts support, indexed once: check any number of outputs against them."""

    def __init__(self, sources: Iterable[str]) -> None:
        self._values: dict[Category, set[Decimal | str]] = {}
        for source in sources:
            for token in find_numbers(source or "", keep_lone_one=True, budget=SOURCE_NUMBER_BUDGET):
                for part in (token, *token.parts):
                    self._values.setdefault(part.category, set()).update(part.values)

    def supports(self, token: NumberToken) -> bool:
        if token.parts:
            return all(self.supports(part) for part in token.parts)
        return any(token.values & self._values.get(c, set()) for c in _SUPPORTED_BY[token.category])

    def unsupported(self, output: str) -> list[NumberToken]:
        return [t for t in find_numbers(output) if not self.supports(t)]

    def guard(self, output: str) -> GuardResult:
        """Replace every number of `output` the sources do not contain with a placeholder, and flag it."""
        invented = self.unsupported(output)
        text = replace_spans(output, [(t.start, t.end, t.placeholder) for t in invented])
        flags = [Flag(text=t.text, placeholder=t.placeholder, category=t.category) for t in invented]
        return GuardResult(text=text, flags=flags)


def replace_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end) span, in order and not overlapping, replaced by its string."""
    pieces: list[str] = []
    cursor = 0
    for start, end, replacement in spans:
        pieces += [text[cursor:start], replacement]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def guard(output: str, sources: Iterable[str]) -> GuardResult:
    """One output against its sources (several outputs: build `KnownFacts` once)."""
    return KnownFacts(sources).guard(output)
