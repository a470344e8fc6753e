"""The offline provider (LLM_PROVIDER=mock, the default): deterministic, rule-based, and useful without a network.

It never parses a prompt (the port is task-level), never repeats the person's message back, and never writes a
number that is not already in the bullet or the resume: what it cannot know becomes a placeholder such as [X%].
Its own sentences avoid numbers altogether (no "three versions", no word counts), so the fact guard has nothing
to flag in them.
"""

from __future__ import annotations

import re

from ... import resume as resume_model
from ...ports.llm import AssistReply, AssistRequest, RewriteReply, RewriteRequest
from . import rules

BULLET_ACTIONS_IN_TEXT = re.compile(
    r"^\s*(?:please\s+|can\s+you\s+|could\s+you\s+)?"
    r"(?P<verb>rephrase|reword|rewrite|improve|strengthen|shorten|tighten|trim|condense|quantify|star)\b"
    r"(?:\s+(?:this|that|the|my)(?:\s+bullet)?)?\s*(?:[:\-\u2013]|\s)\s*(?P<bullet>.+)$",
    re.IGNORECASE | re.DOTALL,
)
_ACTION_OF_VERB = {
    "rephrase": "rephrase",
    "reword": "rephrase",
    "rewrite": "rephrase",
    "improve": "rephrase",
    "strengthen": "rephrase",
    "shorten": "shorten",
    "tighten": "shorten",
    "trim": "shorten",
    "condense": "shorten",
    "quantify": "quantify",
    "star": "star",
}
_REVIEW_WORDS = re.compile(r"\b(weak\w*|review|feedback|critique|improve|better|strong\w*|fix|bullets?)\b", re.I)
_SECTION_WORDS = re.compile(r"\b(sections?|missing|structure|lacking|format\w*|layout|complete)\b", re.I)
_SUMMARY_WORDS = re.compile(r"\b(summary|headline|profile|about me|objective)\b", re.I)

# The sections a resume needs (resume-model section keys), and those worth having.
CORE_SECTIONS = {"summary": "Summary", "experience": "Experience", "education": "Education", "skills": "Skills"}
OPTIONAL_SECTIONS = {"projects": "Projects", "certifications": "Certifications"}
# A degree named anywhere counts as an education section (a one-line resume header often carries it).
_DEGREE = re.compile(r"\b(?:university|college|bachelor|master|b\.?sc|m\.?sc|ph\.?d)\b", re.I)
CONTACT = {
    "an email address": resume_model.EMAIL.search,
    "a phone number": resume_model.PHONE.search,
    "a LinkedIn or portfolio link": resume_model.URL.search,
}


def present_sections(resume: resume_model.Resume) -> set[str]:
    present = resume.sections()
    if resume.of_kind("skills"):
        present.add("skills")
    if _DEGREE.search(resume.text):
        present.add("education")
    return present


class MockLlm:
    name = "mock"
    model = "rules-v1"

    def assist(self, request: AssistRequest) -> AssistReply:
        if request.action != "chat":
            return self._bullet_action(request.action, request.selection or "")
        inline = BULLET_ACTIONS_IN_TEXT.match(request.message)
        if inline and len(inline["bullet"].split()) >= 3:
            return self._bullet_action(_ACTION_OF_VERB[inline["verb"].lower()], inline["bullet"])
        return self._chat(request)

    def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
        return RewriteReply(
            bullets=[rules.rewrite_toward(b, request.keywords, request.resume) or b for b in request.bullets]
        )

    # -------------------------------------------------------------------------------------- bullet actions

    def _bullet_action(self, action: str, selection: str) -> AssistReply:
        bullet = rules.parse_bullet(selection)
        if not bullet.obj:
            return AssistReply(
                text="I could not find what the bullet is about. Select a whole bullet (what you did and what it "
                "achieved) and try again."
            )
        if action == "shorten":
            return _shorten(bullet)
        if action == "quantify":
            return _quantify(bullet)
        if action == "star":
            return _star(bullet)
        return _rephrase(bullet)

    # -------------------------------------------------------------------------------------- free chat

    def _chat(self, request: AssistRequest) -> AssistReply:
        resume = request.resume.strip()
        if not resume:
            return AssistReply(
                text="Paste your resume into the editor first. Then ask me which bullets are weak, what sections "
                "are missing, or select a bullet and choose Rephrase, Shorten, Quantify or STAR."
            )
        message = request.message
        if _SECTION_WORDS.search(message):
            return AssistReply(text=_sections_answer(resume))
        if _SUMMARY_WORDS.search(message):
            return AssistReply(text=_summary_answer(resume))
        if _REVIEW_WORDS.search(message):
            return _review_answer(resume)
        return _overview_answer(resume)


# ------------------------------------------------------------------------------------------ bullet actions


def _reply(text: str, suggestions: list[str]) -> AssistReply:
    return AssistReply(text=text, suggestions=suggestions[:3])


def _rephrase(bullet: rules.Bullet) -> AssistReply:
    suggestions = rules.rephrasings(bullet)
    notes = []
    if bullet.weak_opening:
        notes.append(f'"{bullet.weak_opening}" is replaced by an action verb')
    if bullet.collaborative:
        notes.append("the verbs keep your role as a contributor, so nothing is overstated")
    if bullet.result_past:
        notes.append("the result stays in, word for word")
    if not suggestions:
        return _reply("This bullet already reads well: it opens with an action verb and has nothing to cut.", [])
    detail = "; ".join(notes) if notes else "same facts, different opening verbs"
    return _reply(f"Here are stronger versions ({detail}). Pick one or mix them.", suggestions)


def _shorten(bullet: rules.Bullet) -> AssistReply:
    suggestions = rules.shortenings(bullet)
    if suggestions:
        kept = " and keep the result" if bullet.result_gerund and bullet.result_gerund in suggestions[0] else ""
        return _reply(
            f"Shorter versions that fit on one line: they drop filler and detail{kept}.",
            suggestions,
        )
    fallback = [s for s in rules.rephrasings(bullet) if len(s) < len(bullet.original)]
    text = (
        "This bullet is already tight; cutting more would lose the action or the result."
        if not fallback
        else "This bullet is already short. These versions only trim the filler:"
    )
    return _reply(text, fallback)


def _quantify(bullet: rules.Bullet) -> AssistReply:
    already = (
        "It already has a figure; these add scale or time saved around it. "
        if bullet.has_metric
        else "It has no figure yet. "
    )
    return _reply(
        f"{already}I put placeholders where a number belongs instead of guessing one. Which of these can you back "
        "up with a real figure: the percentage, the volume (users, pipelines, projects) or the time or money "
        "saved? Replace the brackets with the true value, or drop the clause.",
        rules.quantified(bullet),
    )


def _star(bullet: rules.Bullet) -> AssistReply:
    result = "your result is kept as written" if bullet.result_past else "add the result you can prove"
    return _reply(
        "STAR in one bullet: Situation and Task open the sentence, your Action is the verb, and the Result closes "
        f"it ({result}). Fill in the bracketed parts with what really happened.",
        rules.star_versions(bullet),
    )


# ------------------------------------------------------------------------------------------ free chat


def _review_answer(resume: str) -> AssistReply:
    weakest = rules.weakest_bullets(resume)
    if not weakest:
        if not rules.resume_bullets(resume):
            return AssistReply(
                text="I could not find bullet points in your resume. Put each achievement on its own line starting "
                'with "-", then ask again.'
            )
        return AssistReply(
            text="Your bullets look solid: each opens with an action verb and shows a result. To go further, select "
            "one and choose Quantify to add scale, or STAR to add context."
        )
    lines = ["These bullets are the weakest, most problems first:"]
    suggestions = []
    for review in weakest:
        lines.append(f'- "{review.text}": {"; ".join(review.reasons)}.')
        better = rules.rephrasings(rules.parse_bullet(review.text))
        if better:
            suggestions.append(better[0])
    lines.append(
        "Below are rewrites of them (same facts). Select a bullet and choose Quantify to add the missing figures."
    )
    return AssistReply(text="\n".join(lines), suggestions=suggestions)


def _sections_answer(resume: str) -> str:
    present = present_sections(resume_model.parse(resume))
    missing = [label for key, label in CORE_SECTIONS.items() if key not in present]
    optional = [label for key, label in OPTIONAL_SECTIONS.items() if key not in present]
    contact = [what for what, search in CONTACT.items() if not search(resume)]
    parts = []
    if missing:
        parts.append(f"Missing sections: {', '.join(missing)}. Recruiters and ATS parsers look for these headings.")
    else:
        parts.append("You have the core sections (Summary, Experience, Education, Skills).")
    if contact:
        parts.append(f"Contact details: add {', '.join(contact)} at the top.")
    if optional:
        parts.append(f"Optional but useful: {', '.join(optional)}.")
    return " ".join(parts)


def _summary_answer(resume: str) -> str:
    skills = _skills(resume)
    listed = ", ".join(skills) if skills else "[your top skills]"
    return (
        "A summary is a couple of lines: who you are, what you are strong at, and what you want next. "
        f'From your resume: "[Role] with [N] years of experience in {listed}, known for [your strongest '
        'result]." Fill the brackets with facts you can back up.'
    )


def _skills(resume: str) -> list[str]:
    items = []
    for line in resume_model.parse(resume).of_kind("skills"):
        listed = resume_model.SKILLS_LABEL.match(line.text)
        items += [item.strip() for item in resume_model.LIST_SPLIT.split(listed[2] if listed else line.text)]
    return [item for item in items if item and len(item) <= 30][:4]


def _overview_answer(resume: str) -> AssistReply:
    review = _review_answer(resume)
    present = present_sections(resume_model.parse(resume))
    missing = [label for key, label in CORE_SECTIONS.items() if key not in present]
    gap = f" Your resume has no {' or '.join(missing)} section yet." if missing else ""
    return AssistReply(
        text="I can review your bullets, point out missing sections, or rework a selected bullet (Rephrase, Shorten, "
        f"Quantify, STAR).{gap} A quick review to start:\n{review.text}",
        suggestions=review.suggestions,
    )
