"""Honest tailoring of a resume toward a job's terms: only what the resume already supports is brought forward.

- Support: a job term is supported when the resume says it anywhere, in any of its spellings (a Skills line
  supports a bullet's wording). Only supported terms are offered to the writer, and a rewritten bullet that
  names a job term the resume does not support goes back to the original.
- The job's spelling: where a bullet writes a supported term another way, it gets the job's spelling
  ("k8s" -> "Kubernetes (k8s)", "aws" -> "AWS").
- Summary and Skills: supported must-haves the summary or the Skills line do not name yet are added to them
  (a Skills line is created under a Skills heading when the resume has none).
- Order: within each bullet list, bullets matching more job weight come first; the reason names the terms.
- Missing must-haves are a checklist for the person: "add only if true". Nothing here adds them.

Everything else (name, contact, headings, role lines, blank lines, section order) stays as uploaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .claimguard import Guards
from .documents.keywords import TermIndex, analyse_job_description, matched_terms, spellings_of
from .documents.structure import Block, ResumeStructure
from .errors import Unprocessable, UpstreamError
from .models.jobs import BulletChange, ChangeKind, ChecklistItem, JobStep, KeywordTerm, ReportFlag
from .ports.llm import LlmProvider, RewriteRequest
from .resume import section_of_heading

MAX_REWRITE_BLOCKS = 60
MIN_PARAGRAPH_WORDS = 8  # resumes without bullets: rewrite their longer paragraphs instead
MAX_ADDED_TO_SUMMARY = 4
ADD_IF_TRUE = "A must-have of the job your resume does not show. Add it only if it is true."


# ---------------------------------------------------------------------------------------------- support


def supported_terms(resume: str | TermIndex, terms: Sequence[KeywordTerm]) -> dict[str, str]:
    """{job term: how the resume writes it} for every term the resume supports, in any spelling."""
    index = resume if isinstance(resume, TermIndex) else TermIndex(resume)
    found = {t.term: index.find(t) for t in terms}
    return {term: spelling for term, spelling in found.items() if spelling is not None}


def unsupported_in(text: str, terms: Sequence[KeywordTerm], supported: dict[str, str]) -> list[str]:
    """The job terms `text` names that the resume does not support."""
    return [t.term for t in matched_terms(text, list(terms)) if t.term not in supported]


def _boundaries(spelling: str) -> str:
    """`spelling` as a whole term: not inside a longer word, path or version ("Go" is not in "Gopher" or "Go.js")."""
    return rf"(?<![\w/+#.-]){re.escape(spelling)}(?![\w/+#-]|\.\w)"


def _pattern(spelling: str) -> re.Pattern[str]:
    return re.compile(_boundaries(spelling), re.I)


def job_spelling(text: str, keywords: Sequence[str | KeywordTerm], resume: str | TermIndex) -> str:
    """Write each keyword the way the job does where `text` already says it, adding no fact.

    Two moves: fix the case of a keyword the text contains ("aws" -> "AWS"; a capital only at the start may be
    the ad's sentence case, so that one is left alone), and name the job's spelling next to another spelling of
    the same term that the text uses ("k8s" -> "Kubernetes (k8s)") when the resume supports the term. `resume`
    may come indexed already (one index for many bullets)."""
    index = resume if isinstance(resume, TermIndex) else None
    for keyword in keywords:
        name = (keyword if isinstance(keyword, str) else keyword.term).strip()
        if not name:
            continue
        own = _pattern(name)
        if found := own.search(text):
            if found[0].islower() and any(c.isupper() for c in name[1:]):
                text = own.sub(name, text)
            continue
        for spelling, exact in spellings_of(keyword):
            if spelling.lower() == name.lower():
                continue
            found = re.compile(_boundaries(spelling), 0 if exact else re.I).search(text)
            if found is None:
                continue
            if index is None:
                index = TermIndex(resume if isinstance(resume, str) else "")
            if index.has(keyword):
                text = f"{text[: found.start()]}{name} ({found[0]}){text[found.end() :]}"
            break
    return text


# ---------------------------------------------------------------------------------------------- the document


def rewrite_targets(structure: ResumeStructure) -> list[int]:
    """The blocks the writer rewrites: every bullet; for a resume without bullets, its longer paragraphs."""
    bullets = structure.bullet_indexes()
    if bullets:
        return bullets[:MAX_REWRITE_BLOCKS]
    first_heading = next((i for i, b in enumerate(structure.blocks) if b.kind == "heading"), len(structure.blocks))
    return [
        i
        for i, b in enumerate(structure.blocks)
        if i > first_heading and b.kind == "other" and len(b.text.split()) >= MIN_PARAGRAPH_WORDS
    ][:MAX_REWRITE_BLOCKS]


def relevance(text: str, terms: list[KeywordTerm]) -> int:
    return sum(t.weight for t in matched_terms(text, terms))


def reorder_by_relevance(
    structure: ResumeStructure, terms: list[KeywordTerm]
) -> tuple[ResumeStructure, dict[int, int]]:
    """Within each bullet list, the bullets matching more job weight come first (ties keep their order).

    Returns the reordered structure and {source index: destination index} for the bullets that moved."""
    order: dict[int, int] = {}
    for group in structure.bullet_groups():
        ranked = sorted(group, key=lambda i: (-relevance(structure.blocks[i].text, terms), i))
        order.update({dest: src for dest, src in zip(group, ranked, strict=True)})
    moves = {src: dest for dest, src in order.items() if src != dest}
    return structure.reordered(order), moves


def _sections(structure: ResumeStructure) -> list[str | None]:
    """The resume-model section key ("summary", "skills"...) each block is in."""
    keys: list[str | None] = []
    current: str | None = None
    for block in structure.blocks:
        if block.kind == "heading" and block.level == 1:
            current = section_of_heading(block.text)
        keys.append(current)
    return keys


def _listing(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class Tailored:
    structure: ResumeStructure
    changes: list[BulletChange]
    add_if_true: list[ChecklistItem]


def tailor(
    original: ResumeStructure,
    revised: dict[int, str],
    terms: list[KeywordTerm],
    source: str,
) -> Tailored:
    """The tailored resume from the verified bullet rewrites: job spellings, summary, Skills line, order."""
    source_index = TermIndex(source)
    supported = supported_terms(source_index, terms)
    must = [t for t in terms if t.inRequirements and t.term in supported]
    changes: list[BulletChange] = []

    # Bullets: the writer's text in the job's spelling, never naming a term the resume does not support.
    texts: dict[int, str] = {}
    reasons: dict[int, list[str]] = {}
    for index, text in revised.items():
        before = original.blocks[index].text
        spelled = job_spelling(text, [t for t in terms if t.term in supported], source_index)
        why: list[str] = []
        invented = unsupported_in(spelled, terms, supported)
        if invented:
            spelled = before
            why.append(f"kept as written: the rewrite named {_listing(invented)}, which your resume does not show")
        elif spelled != before:
            why += _rewrite_reasons(before, spelled, terms, supported)
        texts[index] = spelled
        reasons[index] = why

    rewritten = original.with_texts(texts)
    rewritten, summary_change = _summary(rewritten, must)
    rewritten, skills_change = _skills_line(rewritten, must)
    ordered, moves = reorder_by_relevance(rewritten, terms)

    for index in sorted(revised):
        before, after = original.blocks[index].text, rewritten.blocks[index].text
        moved = index in moves
        if before == after and not moved:
            continue
        group = next((g for g in rewritten.bullet_groups() if index in g), [index])
        why = list(reasons.get(index, []))
        if moved:
            matched = [t.term for t in matched_terms(after, terms)]
            direction = "up" if moves[index] < index else "down"
            why.append(
                f"moved {direction}: matches {_listing(matched)}"
                if matched and direction == "up"
                else f"moved {direction}: other bullets match more of the job"
            )
        had = {t.term for t in matched_terms(before, terms)}
        changes.append(
            BulletChange(
                kind="bullet",
                section=rewritten.section_of(index),
                original=before,
                revised=after,
                reason="; ".join(why),
                addedTerms=[t.term for t in matched_terms(after, terms) if t.term not in had],
                movedFrom=group.index(index) if moved else None,
                movedTo=group.index(moves[index]) if moved else None,
            )
        )
    changes += [c for c in (summary_change, skills_change) if c is not None]
    checklist = [
        ChecklistItem(term=t.term, weight=t.weight, why=ADD_IF_TRUE)
        for t in terms
        if t.inRequirements and t.term not in supported
    ]
    return Tailored(ordered, changes, checklist)


def _rewrite_reasons(before: str, after: str, terms: list[KeywordTerm], supported: dict[str, str]) -> list[str]:
    """Why a bullet changed: the job's spellings it took, and whether its wording changed beyond them."""
    why: list[str] = []
    plain = after
    spelled = []
    for term in terms:
        if term.term not in supported:
            continue
        pattern = re.compile(rf"{re.escape(term.term)} \(([^)]*)\)")
        if found := pattern.search(plain):
            spelled.append(f"{term.term} (you wrote {found[1]})")
            plain = pattern.sub(lambda m: m[1], plain)
    if spelled:
        why.append(f"the job's spelling: {_listing(spelled)}")
    if " ".join(before.lower().split()) != " ".join(plain.lower().split()):
        why.append("reworded: a direct action verb and no filler, same facts")
    return why or ["the job's capitalisation of its terms"]


def _summary(structure: ResumeStructure, must: list[KeywordTerm]) -> tuple[ResumeStructure, BulletChange | None]:
    """The summary's last paragraph names the supported must-haves it lacks (at most a few)."""
    sections = _sections(structure)
    paragraphs = [i for i, b in enumerate(structure.blocks) if sections[i] == "summary" and b.kind == "other"]
    if not paragraphs or not must:
        return structure, None
    summary = " ".join(structure.blocks[i].text for i in paragraphs)
    index = TermIndex(summary)
    lacking = [t.term for t in must if not index.has(t)][:MAX_ADDED_TO_SUMMARY]
    if not lacking:
        return structure, None
    last = paragraphs[-1]
    before = structure.blocks[last].text.rstrip()
    after = f"{before}{'' if before.endswith('.') else '.'} Experienced with {_listing(lacking)}."
    return _extended(structure, last, "summary", after, lacking)


def _skills_line(structure: ResumeStructure, must: list[KeywordTerm]) -> tuple[ResumeStructure, BulletChange | None]:
    """The first Skills line lists the supported must-haves it lacks; without one, a Skills section is added."""
    if not must:
        return structure, None
    skills = [i for i, b in enumerate(structure.blocks) if b.kind == "skills"]
    listed = TermIndex("\n".join(structure.blocks[i].text for i in skills))
    lacking = [t.term for t in must if not listed.has(t)]
    if not lacking:
        return structure, None
    if skills:
        after = f"{structure.blocks[skills[0]].text.rstrip().rstrip(',;')}, {', '.join(lacking)}"
        return _extended(structure, skills[0], "skills", after, lacking)
    added = [*structure.blocks, Block("blank", ""), Block("heading", "Skills"), Block("skills", "")]
    return _extended(replace(structure, blocks=added), len(added) - 1, "skills", ", ".join(lacking), lacking)


def _extended(
    structure: ResumeStructure, at: int, kind: ChangeKind, after: str, added: list[str]
) -> tuple[ResumeStructure, BulletChange]:
    """Block `at` rewritten to `after`, which names the supported must-haves `added`, and the change saying so."""
    change = BulletChange(
        kind=kind,
        section=structure.section_of(at),
        original=structure.blocks[at].text,
        revised=after,
        reason=f"must-haves of the job your resume already shows elsewhere: {_listing(added)}",
        addedTerms=added,
    )
    return structure.with_texts({at: after}), change


# ---------------------------------------------------------------------------------------------- the pipeline


@dataclass(frozen=True)
class TailoringResult:
    terms: list[KeywordTerm]
    tailored: Tailored
    flags: list[ReportFlag]
    rewritten: int  # blocks the writer was given
    provider: LlmProvider


def tailor_resume(
    source: str,
    structure: ResumeStructure,
    job_description: str,
    provider_factory: Callable[[], LlmProvider],
    on_step: Callable[[JobStep], None] = lambda _step: None,
) -> TailoringResult:
    """Analyse the job, have the writer rewrite the bullets with the terms the resume supports, check every
    rewrite (numbers and claims) against the resume and the bullet it rewrites, then tailor the document.
    `on_step` hears "rewrite" and "verify" as they start (the optimizer records its progress there)."""
    terms = analyse_job_description(job_description)
    if not terms:
        raise Unprocessable("The job description has no usable keywords; paste the full job description.")

    on_step("rewrite")
    targets = rewrite_targets(structure)
    provider = provider_factory()
    proposed: list[str] = []
    if targets:
        supported = supported_terms(source, terms)
        reply = provider.rewrite_bullets(
            RewriteRequest(
                bullets=[structure.blocks[i].text for i in targets],
                # only the terms the resume supports: the writer is never asked for the others
                keywords=[t.term for t in terms if t.term in supported],
                job_description=job_description,
                resume=source,
            )
        )
        if len(reply.bullets) != len(targets):
            raise UpstreamError(
                f"The AI returned {len(reply.bullets)} bullet points for {len(targets)}; the job will be retried."
            )
        proposed = reply.bullets

    on_step("verify")
    revised: dict[int, str] = {}
    flags: list[ReportFlag] = []
    guards = Guards([source])  # numbers, skills, degrees, titles, employers, seniority
    for index, text in zip(targets, proposed, strict=True):
        checked = guards.guard(text, origin=structure.blocks[index].text)
        revised[index] = " ".join(checked.text.split()) or structure.blocks[index].text
        flags += [ReportFlag(kind=f.kind, text=f.text, placeholder=f.placeholder) for f in checked.flags]
    return TailoringResult(terms, tailor(structure, revised, terms, source), flags, len(targets), provider)
