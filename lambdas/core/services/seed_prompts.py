"""The prompts a seed S1 web client (its Builder.tsx) sends as `message`, read back into what the person asked.

S1 wraps everything in one message: instructions, the whole resume, the selected bullet or the question. The
assistant works on tasks, not prompts, so each known wrapper becomes action + selection + resume + question, and
the answer never repeats the wrapper or the resume. Reading is plain string search (linear in the message).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..ports.llm import AssistAction

RESUME_MARK = "\n\nFull resume:\n"
SELECTED_MARK = "\n\nSelected text:\n"
QUICK_TAIL = "\n\nOnly respond with the improved version or suggestions related to the selected text."
CHAT_HEAD = "You are a resume assistant. Use the full resume context to answer."
QUESTION_MARK = "\n\nUser request:\n"
CHAT_TAIL = "\n\nRespond concisely and keep your answer directly useful for editing the resume."
METRICS_HEAD = "You are helping improve a resume bullet by adding measurable impact."
BULLET_MARK = "\n\nBullet:\n"
# Words of a quick action's instructions → the action (checked in this order: "Rewrite ... STAR" is STAR).
_INSTRUCTION_ACTIONS: tuple[tuple[str, AssistAction], ...] = (
    ("star", "star"),
    ("measurable", "quantify"),
    ("quantif", "quantify"),
    ("shorten", "shorten"),
    ("rephrase", "rephrase"),
    ("rewrite", "rephrase"),
)


@dataclass(frozen=True)
class SeedRequest:
    action: AssistAction
    resume: str
    selection: str | None = None
    question: str = ""  # the person's own words (free chat)
    quick: bool = False  # a one-click action whose answer S1 inserts into the resume as it is


def read(message: str) -> SeedRequest | None:
    """The request inside a seed S1 prompt, or None when the message is a person's own words."""
    text = message.replace("\r\n", "\n").strip()
    if text.startswith(CHAT_HEAD) and RESUME_MARK in text:
        resume, question = _between(text, RESUME_MARK, QUESTION_MARK, CHAT_TAIL)
        if resume is not None:
            return SeedRequest(action="chat", resume=resume, question=question)
    if text.startswith(METRICS_HEAD) and RESUME_MARK in text:
        resume, bullet = _between(text, RESUME_MARK, BULLET_MARK, "")
        if resume is not None and bullet:
            return SeedRequest(action="quantify", resume=resume, selection=bullet, quick=True)
    at = text.find(RESUME_MARK)
    if at > 0 and SELECTED_MARK in text:
        resume, selection = _between(text, RESUME_MARK, SELECTED_MARK, QUICK_TAIL)
        if resume is not None and selection:
            instructions = text[:at].lower()
            action = next((a for word, a in _INSTRUCTION_ACTIONS if word in instructions), None)
            if action:
                return SeedRequest(action=action, resume=resume, selection=selection, quick=True)
            return SeedRequest(action="chat", resume=resume, question=text[:at].strip())
    return None


def _between(text: str, first: str, second: str, tail: str) -> tuple[str | None, str]:
    """(what lies between the two marks, what follows the second mark up to the tail)."""
    start = text.find(first)
    end = text.rfind(second)
    if start < 0 or end < start:
        return None, ""
    after = text[end + len(second) :]
    if tail and after.rstrip().endswith(tail.strip()):
        after = after.rstrip()[: -len(tail.strip())]
    return text[start + len(first) : end].strip("\n"), after.strip()
