"""Claim guard: the claims beyond numbers that AI output may make about a person must come from the sources.

Next to the fact guard (numbers; `core.factguard`), with the same flag shape. Checked in text that goes into a
resume (assistant suggestions, optimizer bullets):
- skills and technologies: a tool, language, platform or method of the skills vocabulary written as a name
  (Kubernetes, PostgreSQL, Jira, CI/CD) that no source shows in any spelling -> `[skill]`;
- certifications (PMP, CISSP, SOC 2) -> `[certification]`;
- degrees (PhD, Master's, MBA, BSc...) whose level no source names -> `[degree]`;
- job titles with a seniority or a rank (Senior Engineer, Head of Data, Director, CTO) whose words the sources do
  not have -> `[title]`;
- employers: a capitalised name after "at", "for", "joined" that the sources do not name -> `[employer]`;
- seniority of the work: a rewrite that says led/managed/owned/headed/directed/supervised/oversaw becomes
  "contributed to" unless the original text (the bullet rewritten) says a verb of the same family; where the
  original said helped/assisted/supported/contributed, nothing else supports it, otherwise the sources may.
Every check is a bounded pattern or a hash look-up per word: linear in the text and the sources.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from .documents.keywords import TOKEN, Concept, TermIndex, normalize, vocabulary, words_of
from .factguard import Flag, GuardResult, KnownFacts, replace_spans

# ---------------------------------------------------------------------------------------------- patterns

DEGREES: dict[str, re.Pattern[str]] = {
    "doctorate": re.compile(r"\b(?:ph\.?\s?d\b\.?|doctorate|doctoral degree|d\.phil\b)", re.I),
    "mba": re.compile(r"\b(?:mba|m\.b\.a\.)(?!\w)", re.I),
    "master": re.compile(r"\b(?:master'?s?\b(?: degree)?|m\.?sc\b\.?|m\.s\.|m\.a\.|m\.?eng\b\.?)", re.I),
    "bachelor": re.compile(r"\b(?:bachelor'?s?\b(?: degree)?|b\.?sc\b\.?|b\.s\.|b\.a\.|b\.?eng\b\.?)", re.I),
    "associate": re.compile(r"\bassociate'?s degree\b", re.I),
}
RANK = r"(?:Senior|Sr\.|Staff|Principal|Lead|Head|Chief|Junior|Jr\.)"
ROLE = (
    r"(?:Engineer|Developer|Designer|Manager|Analyst|Scientist|Architect|Consultant|Recruiter|Specialist|Officer"
    r"|Director|Administrator|Accountant|Editor|Writer|Researcher|Executive|Programmer|Strategist|Advocate)s?"
)
TITLE = re.compile(
    rf"\b{RANK}\s+(?:[A-Z][\w/-]*\s+){{0,2}}{ROLE}\b"
    r"|\bHead of [A-Z][\w-]*(?:\s[A-Z][\w-]*)?"
    r"|\b(?:Vice President|VP of [A-Z][\w-]*|CTO|CEO|CFO|COO|CIO|Team Lead|Tech Lead|Engineering Manager"
    r"|(?:Managing |Creative |Art |Technical )?Director)\b"
)
EMPLOYER = re.compile(
    r"\b(?i:at|for|joined|joining)\s+(?P<name>[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|&|of)){0,3})(?<![.'])"
)
# Words a capitalised run after "for"/"at" may be that are not employers.
NOT_EMPLOYERS = frozenset(
    ["I", "The", "A", "An", "Our", "My", "Your", "This", "That", "Each", "Every", "All", "Both", "More", "Less"]
)
COLLABORATION = re.compile(
    r"\b(?:help(?:ed|ing|s)?|assist(?:ed|ing|s)?|support(?:ed|ing|s)?|contribut(?:ed|ing|es?)|particip(?:ated|ating)"
    r"|involved in|part of)\b",
    re.I,
)
# Verbs that claim to have run the work, by family (what supports them) -> the honest replacement's tense.
LEADERSHIP = re.compile(
    r"\b(?P<verb>led|lead(?:s|ing)?|manag(?:ed|es?|ing)|own(?:ed|s|ing)|head(?:ed|s|ing)|direct(?:ed|s|ing)"
    r"|supervis(?:ed|es?|ing)|overs(?:aw|ee|ees|eeing)|spearhead(?:ed|s|ing)?)\b",
    re.I,
)
# Same-strength verbs share a family: "Led" may become "Directed", "Managed" may become "Oversaw".
FAMILIES = {
    "lea": "lead",
    "led": "lead",
    "hea": "lead",
    "dir": "lead",
    "spe": "lead",
    "man": "manage",
    "sup": "manage",
    "ove": "manage",
    "own": "own",
}


def _family(verb: str) -> str:
    return FAMILIES[verb.lower()[:3]]


def _contributed(verb: str) -> str:
    low = verb.lower()
    word = "contributing to" if low.endswith("ing") else "contributes to" if low.endswith("s") else "contributed to"
    return word[0].upper() + word[1:] if verb[:1].isupper() else word


@dataclass(frozen=True)
class _Claim:
    start: int
    end: int
    replacement: str
    flag: Flag


# ---------------------------------------------------------------------------------------------- the guard


class KnownClaims:
    """What some source texts say about the person (skills, degrees, words of titles and employers), indexed once:
    check any number of outputs against it."""

    def __init__(self, sources: Iterable[str]) -> None:
        text = "\n".join(s for s in sources if s)
        self._terms = TermIndex(text)
        self._words = {normalize(w) for w in words_of(text)} | {w.lower() for w in words_of(text)}
        self._degrees = {level for level, pattern in DEGREES.items() if pattern.search(text)}
        self._families = {_family(m["verb"]) for m in LEADERSHIP.finditer(text)}

    # -------------------------------------------------------------------- checks

    def _skills(self, output: str) -> Iterable[_Claim]:
        """Greedy longest match of the vocabulary over the output's words, as the keyword analysis reads ads."""
        words = list(TOKEN.finditer(output))
        i = 0
        while i < len(words):
            size, concept = self._concept_at(words, i)
            if concept is None:
                i += 1
                continue
            start, end = words[i].start(), words[i + size - 1].end()
            written = output[start:end]
            certification = concept.category == "certification"
            # Lower-case vocabulary words ("documentation", "monitoring") are ways of working, not claims of a tool.
            # A phrase whose words the sources all have is a rewording ("billing API design" from "API ... design").
            reworded = size > 1 and all(normalize(m[0]) in self._words for m in words[i : i + size])
            claimed = certification or any(c.isupper() for c in written)
            if claimed and not reworded and not self._terms.has(concept.name):
                category = "certification" if certification else "skill"
                placeholder = f"[{category}]"
                flag = Flag(kind=f"invented_{category}", text=written, placeholder=placeholder, category=category)
                yield _Claim(start, end, placeholder, flag)
            i += size

    @staticmethod
    def _concept_at(words: list[re.Match[str]], i: int) -> tuple[int, Concept | None]:
        vocab = vocabulary()
        for size in range(min(vocab.max_words, len(words) - i), 0, -1):
            span = words[i : i + size]
            if any("\n" in m.string[a.end() : m.start()] for a, m in pairwise(span)):
                continue  # a term never spans lines
            surfaces = tuple(m[0] for m in span)
            concept = vocab.by_key.get(tuple(normalize(w) for w in surfaces)) or vocab.by_exact.get(surfaces)
            if concept is not None:
                return size, concept
        return 0, None

    def _degrees_claimed(self, output: str) -> Iterable[_Claim]:
        for level, pattern in DEGREES.items():
            for match in pattern.finditer(output):
                if level not in self._degrees:
                    flag = Flag(kind="invented_degree", text=match[0], placeholder="[degree]", category="degree")
                    yield _Claim(match.start(), match.end(), "[degree]", flag)

    def _titles(self, output: str) -> Iterable[_Claim]:
        for match in TITLE.finditer(output):
            words = [w for w in words_of(match[0]) if w[:1].isupper()]
            if not all(normalize(w) in self._words or w.lower() in self._words for w in words):
                flag = Flag(kind="invented_title", text=match[0], placeholder="[title]", category="title")
                yield _Claim(match.start(), match.end(), "[title]", flag)

    def _employers(self, output: str) -> Iterable[_Claim]:
        vocab = vocabulary()
        for match in EMPLOYER.finditer(output):
            name = match["name"]
            words = [w for w in words_of(name) if w[:1].isupper()]
            if not words or words[0] in NOT_EMPLOYERS or vocab.concept(name) or TITLE.fullmatch(name):
                continue
            if any(vocab.concept(w) for w in words):
                continue  # a tool: the skills check has it
            if not all(w.lower() in self._words for w in words):
                flag = Flag(kind="invented_employer", text=name, placeholder="[employer]", category="employer")
                yield _Claim(match.start("name"), match.end("name"), "[employer]", flag)

    def _seniority(self, output: str, origin: str | None) -> Iterable[_Claim]:
        collaborates = bool(origin and COLLABORATION.search(origin))
        origin_families = {_family(m["verb"]) for m in LEADERSHIP.finditer(origin or "")}
        for match in LEADERSHIP.finditer(output):
            family = _family(match["verb"])
            # A bullet that said "helped" needs the verb itself; any other needs it in the bullet or the sources.
            inflated = family not in origin_families and (collaborates or family not in self._families)
            if inflated:
                honest = _contributed(match["verb"])
                flag = Flag(kind="inflated_role", text=match[0], placeholder=honest, category="seniority")
                yield _Claim(match.start(), match.end(), honest, flag)

    # -------------------------------------------------------------------- results

    def claims(self, output: str, origin: str | None = None) -> list[_Claim]:
        found = [
            *self._skills(output),
            *self._degrees_claimed(output),
            *self._titles(output),
            *self._employers(output),
            *self._seniority(output, origin),
        ]
        found.sort(key=lambda c: (c.start, -c.end))
        kept: list[_Claim] = []
        for claim in found:
            if not kept or claim.start >= kept[-1].end:
                kept.append(claim)
        return kept

    def guard(self, output: str, origin: str | None = None) -> GuardResult:
        """Replace every unsupported claim of `output` with its placeholder (or honest verb), and flag it.
        `origin` is the text `output` rewrites (a bullet), when there is one."""
        claims = self.claims(output, origin)
        text = replace_spans(output, [(c.start, c.end, c.replacement) for c in claims])
        return GuardResult(text=text, flags=[c.flag for c in claims])


class Guards:
    """Both guards over the same sources: numbers (`KnownFacts`) and claims (`KnownClaims`)."""

    def __init__(self, sources: Iterable[str]) -> None:
        self._sources = [s for s in sources if s]
        self.facts = KnownFacts(self._sources)

    @cached_property
    def claims(self) -> KnownClaims:
        """Indexed on the first guarded output: an answer with no suggestion needs the numbers only."""
        return KnownClaims(self._sources)

    def guard(self, output: str, origin: str | None = None) -> GuardResult:
        # Claims first: a certification's number ("SOC 2") goes with its name.
        claims = self.claims.guard(output, origin)
        numbers = self.facts.guard(claims.text)
        return GuardResult(text=numbers.text, flags=[*claims.flags, *numbers.flags])
