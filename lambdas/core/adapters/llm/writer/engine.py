"""The offline writing engine (LLM_PROVIDER=writer, the default; `mock` is its old name and still accepted).

Deterministic, no network, no key. It reads the selection through the resume model (a name, contact line,
heading, role line or skills list gets an answer, not a rewrite), reads a bullet's grammar (`grammar`) and writes
each action from it (`edits`). It never writes a number that is not in the person's text: what it cannot know is a
placeholder such as [X%], and its own sentences avoid numbers so the fact guard has nothing to flag in them.
"""

from __future__ import annotations

from .... import resume as resume_model
from ....documents.keywords import TermIndex
from ....ports.llm import AssistReply, AssistRequest, RewriteReply, RewriteRequest, Suggestion
from ....tailoring import job_spelling
from . import chat, edits, grammar
from .lexicon import Tense

NOT_A_BULLET = {
    "name": "This is your name line; there is nothing to rewrite here. Select a bullet under Experience or "
    "Projects (what you did and what it achieved) and choose an action.",
    "contact": "This is a contact line; keep it exact. Select a bullet under Experience or Projects and choose "
    "an action.",
    "heading": "This is a section heading. Select one of the bullets under it and choose an action.",
    "role": "This is a role line (title, employer, dates): keep it factual. Select one of the bullets under it "
    "to rework what you did there.",
    "skills": "This is a skills line: list only tools you can back up, the ones the job asks for first. Rephrase, "
    "Shorten, Quantify and STAR work on achievements; select a bullet to use them.",
}
NOT_VERB_LED = (
    "This line does not say what you did, so a rewrite would be a guess. Start it with an action verb for your "
    'part ("Built", "Taught", "Organized"), then what it achieved; the actions can then work on it.'
)
SELECT_ONE = "Select one bullet (one line) and try again."
_CURRENT = ("present", "current", "now", "today")


class WritingEngine:
    name = "writer"
    model = "writer-v2"

    def assist(self, request: AssistRequest) -> AssistReply:
        if request.action != "chat":
            return self.bullet_action(request.action, request.selection or "", request.resume)
        return chat.answer(self, request)

    def rewrite_bullets(self, request: RewriteRequest) -> RewriteReply:
        resume = TermIndex(request.resume)  # indexed once for every bullet of the batch
        return RewriteReply(bullets=[rewrite_toward(b, request.keywords, resume) for b in request.bullets])

    def bullet_action(self, action: str, selection: str, resume: str = "") -> AssistReply:
        doc = resume_model.parse(resume) if resume.strip() else None
        line = resume_model.selection_line(selection, doc)
        if line is None:
            return AssistReply(text=SELECT_ONE)
        bullet = grammar.read(line.text)
        # "Hired for sales, design, and support teams" reads as a list, but a line that opens with a verb is an
        # achievement.
        verb_led_list = line.kind == "skills" and bullet.verbs and not bullet.label
        if line.kind in NOT_A_BULLET and not verb_led_list:
            return AssistReply(text=NOT_A_BULLET[line.kind])
        if not bullet.verb_led:
            return AssistReply(text=NOT_VERB_LED)
        tense = tense_for(bullet, doc, line)
        writer = {"shorten": _shorten, "quantify": _quantify, "star": _star}.get(action, _rephrase)
        text, suggestions = writer(bullet, tense)
        return AssistReply(text=text, suggestions=[Suggestion(text=s, replaces=line.text) for s in suggestions])


def tense_for(bullet: grammar.Bullet, doc: resume_model.Resume | None, line: resume_model.Line) -> Tense:
    """Past tense, the resume default; a present-tense bullet under a current role stays in the present."""
    if bullet.tense != "present" or doc is None:
        return "past"
    for earlier in reversed(doc.lines[: line.number]):
        if earlier.kind == "role":
            return "present" if any(word in earlier.text.lower() for word in _CURRENT) else "past"
        if earlier.kind == "heading":
            break
    return "past"


def _rephrase(bullet: grammar.Bullet, tense: Tense) -> tuple[str, list[str]]:
    suggestions = edits.rephrasings(bullet, tense)
    if not suggestions:
        return "This bullet already reads well: it opens with what you did and has nothing to cut.", []
    notes = []
    if bullet.lead:
        notes.append(f'"{bullet.lead}" becomes a verb that says what you did')
    if bullet.stance in ("collaborator", "partner", "member"):
        notes.append("your part stays as you described it, so nothing is overstated")
    if bullet.verbs and bullet.tense != tense:
        notes.append(f"the verb is in the {tense} tense")
    if bullet.result:
        notes.append("the result stays in, word for word")
    detail = "; ".join(notes) if notes else "same facts, a different opening"
    return f"Here are stronger versions ({detail}). Pick one or mix them.", suggestions


def _shorten(bullet: grammar.Bullet, tense: Tense) -> tuple[str, list[str]]:
    suggestions = edits.shortenings(bullet, tense)
    if not suggestions:
        return "This bullet is already tight: cutting more would lose the action, a tool or the result.", []
    return "Shorter versions: filler and side detail are gone; the action, tools and figures stay.", suggestions


def _quantify(bullet: grammar.Bullet, tense: Tense) -> tuple[str, list[str]]:
    already = "It already has a figure; these add the scale or time saved it lacks. " if bullet.has_metric else ""
    return (
        f"{already}I put placeholders where a number belongs instead of guessing one. Which of these can you back "
        "up with a real figure: the size of the change, how many people it reached, or the time saved? Replace "
        "the brackets with the true value, or drop the clause.",
        edits.quantified(bullet, tense),
    )


def _star(bullet: grammar.Bullet, tense: Tense) -> tuple[str, list[str]]:
    result = "your result is kept as written" if bullet.result else "add the result you can prove"
    return (
        "STAR in one bullet: the Situation or Task opens the sentence, your Action is the verb, and the Result "
        f"closes it ({result}). Fill in the bracketed parts with what really happened.",
        edits.star_versions(bullet, tense),
    )


def rewrite_toward(text: str, keywords: list[str], resume: str | TermIndex) -> str:
    """One optimizer rewrite: an honest verb, fillers gone, keywords surfaced; the bullet itself when nothing helps."""
    bullet = grammar.read(text)
    rewritten = bullet.original
    if bullet.verb_led and (bullet.lead or bullet.original != edits.strip_fillers(bullet.original)):
        best = edits.rephrasings(bullet, "past")
        rewritten = best[0] if best else rewritten
    else:
        rewritten = edits.strip_fillers(rewritten) or rewritten
    return job_spelling(rewritten[:1].upper() + rewritten[1:], keywords, resume)
