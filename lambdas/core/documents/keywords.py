"""Keyword coverage of a job description: which terms matter, how much, and which ones a text contains.

Deterministic and explainable (the report carries `EXPLANATION` and a reason per term):
- terms are the job description's words and its two-word phrases that repeat or are names (both words
  capitalised inside a sentence: "GitHub Actions"), minus common English and job-ad filler words;
- weight = occurrences (capped at 3) + 2 when the term appears in a requirements line + 1 for a phrase;
- coverage = weight of the terms found in the text ÷ total weight, as a percentage.
Matching ignores case and simple plurals ("APIs" matches "API").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from ..models.jobs import Coverage, KeywordTerm, TermWeight

EXPLANATION = (
    "Terms are the job description's words and its two-word phrases that repeat or are names (GitHub Actions), "
    "without common words. "
    "Weight = times the term appears (at most 3) + 2 if it appears in a requirements line + 1 for a phrase. "
    "A phrase's words are listed on their own only when they also appear outside it. "
    "Coverage = weight of the terms found in the resume / total weight. Matching ignores case and plurals."
)
MAX_TERMS = 25
COUNT_CAP = 3
REQUIREMENT_BONUS = 2
PHRASE_BONUS = 1
MIN_PHRASE_COUNT = 2

TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[+#]+|(?:[./-][A-Za-z0-9]+)*)")
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]|\u2022\u00b7]\s|[()\[\]|\u2022\u00b7]|\s[-\u2013\u2014]\s|$", re.MULTILINE)
REQUIREMENT_HEADING = re.compile(
    r"requir|qualif|must|you have|you bring|you.?ll need|looking for|skills|about you|who you are|expertise",
    re.IGNORECASE,
)
OPTIONAL_HEADING = re.compile(r"nice|prefer|bonus|plus|desir|benefit|perk|offer|about us", re.IGNORECASE)
REQUIREMENT_INLINE = re.compile(r"\b(required|requires?|must|mandatory|essential)\b", re.IGNORECASE)
# "Requirements:" / "## Requirements" on their own line, or "Nice to have: Kafka" (a label before content).
LABEL = re.compile(r"^\s*(?:#+\s*)?(?P<label>[^.!?:]{1,40}):(?P<rest>.*)$|^\s*#+\s+(?P<title>.+)$")

STOPWORDS = frozenset(
    """
a about above across after again against all also am an and any are as at be because been before
being below between both but by can could did do does doing done down during each either else etc
even every few for from further get gets getting given had has have having he her here hers him his
how however i if in into is it its itself just least less like made make makes making many may me
more most much must my no nor not now of off on once only or other our ours out over own per plus
rather same she should so some such than that the their theirs them then there these they this those
through to too under until up upon us very via was we well were what when where whether which while
who whom whose why will with within without would yet you your yours ability able across activities
additional advantage applicants apply bonus candidate candidates closely company day days degree
desire desired environment similar equal equivalent excellent exceptional experience experienced familiar
familiarity field good great hands-on help highly ideal ideally including join job key knowledge
level looking member members minimum new nice opportunity opportunities our part people position
preferred proficiency proficient proven related relevant requirement requirements required
responsibilities responsibility responsible role roles seeking skill skills solid strong successful
team teams understanding using various want work working world year years build building built
deliver drive ensure improve support
""".split()  # noqa: SIM905 - a word list reads best as text
)


def normalize(token: str) -> str:
    word = token.lower().rstrip(".")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    # "apis" → "api", "pipelines" → "pipeline"; but "analysis", "status", "class" stay.
    plural = len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us"))
    if plural and not (word.endswith("is") and len(word) > 4):
        return word[:-1]
    return word


def _is_term_word(token: str, norm: str) -> bool:
    if norm in STOPWORDS or token.lower() in STOPWORDS:
        return False
    return len(norm) >= 2 or token.endswith(("+", "#"))


@dataclass(frozen=True)
class _Token:
    norm: str
    surface: str
    keep: bool


def _clauses(text: str) -> Iterable[tuple[int, list[_Token]]]:
    """(line number, tokens) per clause: phrases never span punctuation or lines."""
    for line_no, line in enumerate(text.splitlines()):
        start = 0
        for brk in CLAUSE_BREAK.finditer(line):
            piece = line[start : brk.start()]
            start = brk.end()
            tokens = [_Token(normalize(m[0]), m[0], False) for m in TOKEN.finditer(piece)]
            tokens = [_Token(t.norm, t.surface, _is_term_word(t.surface, t.norm)) for t in tokens]
            if tokens:
                yield line_no, tokens
            if brk.end() >= len(line):
                break


def _requirement_lines(text: str) -> set[int]:
    """Lines under a requirements heading (until the next heading), or saying "required"/"must" themselves."""
    lines: set[int] = set()
    in_requirements = False
    for line_no, line in enumerate(text.splitlines()):
        label = LABEL.match(line)
        if label:
            name = label["label"] or label["title"] or ""
            in_requirements = bool(REQUIREMENT_HEADING.search(name)) and not OPTIONAL_HEADING.search(name)
        if in_requirements or REQUIREMENT_INLINE.search(line):
            lines.add(line_no)
    return lines


def _grams(tokens: list[_Token]) -> Iterable[tuple[str, str, bool]]:
    """(normalized term, surface form, is a name) for every term word and every adjacent pair of term words.

    A pair is a name when both words are capitalised and it does not open its clause (where any word is)."""
    for i, token in enumerate(tokens):
        if not token.keep:
            continue
        yield token.norm, token.surface, False
        if i + 1 < len(tokens) and tokens[i + 1].keep:
            nxt = tokens[i + 1]
            named = i > 0 and token.surface[0].isupper() and nxt.surface[0].isupper()
            yield f"{token.norm} {nxt.norm}", f"{token.surface} {nxt.surface}", named


def analyse_job_description(text: str, max_terms: int = MAX_TERMS) -> list[KeywordTerm]:
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    surfaces: dict[str, Counter[str]] = {}
    in_requirements: set[str] = set()
    names: set[str] = set()
    requirement_lines = _requirement_lines(text)
    position = 0
    for line_no, tokens in _clauses(text):
        for norm, surface, named in _grams(tokens):
            if named:
                names.add(norm)
            counts[norm] += 1
            first_seen.setdefault(norm, position)
            surfaces.setdefault(norm, Counter())[surface] += 1
            if line_no in requirement_lines:
                in_requirements.add(norm)
            position += 1

    phrases = {t for t in counts if " " in t and (counts[t] >= MIN_PHRASE_COUNT or t in names)}
    candidates: list[KeywordTerm] = []
    for term, count in counts.items():
        is_phrase = " " in term
        if is_phrase and term not in phrases:
            continue
        if not is_phrase and any(count <= counts[p] for p in phrases if term in p.split(" ")):
            continue  # the word only ever appears inside a listed phrase
        required = term in in_requirements
        weight = min(count, COUNT_CAP) + (REQUIREMENT_BONUS if required else 0) + (PHRASE_BONUS if is_phrase else 0)
        reasons = [f"{count}x in the job description"]
        if required:
            reasons.append("in a requirements line")
        if is_phrase:
            reasons.append("a repeated phrase" if count >= MIN_PHRASE_COUNT else "a name")
        surface = surfaces[term].most_common(1)[0][0]
        candidates.append(
            KeywordTerm(term=surface, weight=weight, count=count, inRequirements=required, why="; ".join(reasons))
        )
    candidates.sort(key=lambda t: (-t.weight, first_seen[_key(t.term)]))
    return candidates[:max_terms]


def _key(term: str) -> str:
    return " ".join(normalize(w) for w in term.split())


class TermIndex:
    """The normalized words and adjacent word pairs of a text, for matching job terms against it."""

    def __init__(self, text: str) -> None:
        self._grams: set[str] = set()
        for _, tokens in _clauses(text):
            norms = [t.norm for t in tokens]
            self._grams.update(norms)
            self._grams.update(f"{a} {b}" for a, b in pairwise(norms))

    def has(self, term: str) -> bool:
        return _key(term) in self._grams


def coverage(text: str, terms: list[KeywordTerm]) -> Coverage:
    index = TermIndex(text)
    matched = [TermWeight(term=t.term, weight=t.weight) for t in terms if index.has(t.term)]
    missing = [TermWeight(term=t.term, weight=t.weight) for t in terms if not index.has(t.term)]
    total = sum(t.weight for t in terms)
    got = sum(t.weight for t in matched)
    return Coverage(
        score=round(100 * got / total, 1) if total else 0.0,
        matchedWeight=got,
        totalWeight=total,
        matched=matched,
        missing=missing,
    )


def matched_terms(text: str, terms: list[KeywordTerm]) -> list[KeywordTerm]:
    index = TermIndex(text)
    return [t for t in terms if index.has(t.term)]
