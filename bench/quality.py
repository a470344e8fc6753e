"""`python -m bench quality` (`make quality`): how often the offline writing engine's suggestions are broken.

Runs every bullet action over the real bullets in `../shared/corpus/real_bullets_dev.json` (read at run time,
never copied into the repository), once as the web app asks (action + selection) and once as a seed S1 client
asks (its wrapper prompt around a resume made of the same person's other bullets), and sorts each suggestion into
the classes of breakage below. `classify` is the one definition of "broken"; tests/unit/test_quality_classes.py
pins it on a fixed sample.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real_bullets_dev.json"
ACTIONS = ("rephrase", "shorten", "quantify", "star")
CLASSES = {
    "empty": "no suggestion for a verb-led bullet (rephrase/quantify/star), or a blank one",
    "unchanged": "the suggestion is the bullet as it was",
    "shorten-not-shorter": "Shorten gave more than 80% of the characters",
    "verb-stacked": 'a verb put in front of the bullet\'s own verb ("Delivered Taught ...")',
    "collaborator-object": 'the people worked with became the object ("Delivered the security team ...")',
    "placeholder": "a [placeholder] in a Rephrase or Shorten suggestion",
    "echo": "the seed's wrapper or another resume line repeated in the answer",
    "runaway": "over one and a half times the bullet plus a clause",
    "doubled-word": 'the same word twice in a row ("to to")',
}
SHORTEN_RATIO = 0.8
WRAPPER_PHRASES = (
    "Full resume:",
    "Selected text:",
    "Only respond with",
    "User request:",
    "You are a resume assistant",
    "You are helping improve",
    "Keep it one bullet",
    "Respond concisely",
)
_PARTNER = re.compile(
    r"\b(?:worked|working|collaborated|collaborating|partnered|teamed|cooperated)\s+(?:closely\s+|directly\s+)?"
    r"(?:together\s+)?(?:with|alongside)\s+(?P<who>(?:[\w&/'-]+\s+){0,4}?[\w&/'-]+)\s+(?:to|on|in|for|,)",
    re.I,
)
_PARTNER_LINKS = frozenset(["with", "alongside", "and", "for", "among", "to"])
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.I)


def _verb_lemma(word: str) -> str | None:
    from lemminflect import getAllLemmas

    lemmas = getAllLemmas(word.lower().strip(",.;:"), upos="VERB").get("VERB")
    return str(lemmas[0]) if lemmas else None


def _is_verb_form(word: str) -> bool:
    """A past tense or -ing form ('Taught', 'gained', 'Leading'): what a stacked second verb looks like."""
    from lemminflect import getInflection

    lemma = _verb_lemma(word)
    if not lemma:
        return False
    lowered = word.lower().strip(",.;:")
    return lowered != lemma and lowered in {*getInflection(lemma, "VBD"), *getInflection(lemma, "VBG")}


def _key(text: str) -> str:
    return re.sub(r"[^\w%$]+", " ", text.lower()).strip()


def _action_words(suggestion: str) -> list[str]:
    """The words where the person's action starts: after a label ('**X**: ') or a STAR opening ('Faced with [..], ')."""
    text = re.sub(r"^(?:\*\*[^*]+\*\*:?|[^:]{1,40}:)\s+", "", suggestion)
    text = re.sub(r"^[^,\[]*\[[^\]]*\],\s+", "", text)
    return text.split()


def classify(action: str, bullet: str, suggestions: list[str], *, answer: str = "", context: str = "") -> list[str]:
    """The classes of breakage of one reply, one entry per broken suggestion and class ([] when all is well)."""
    reply, each = classify_each(action, bullet, suggestions, answer=answer, context=context)
    return reply + [problem for found in each for problem in sorted(found)]


def classify_each(
    action: str, bullet: str, suggestions: list[str], *, answer: str = "", context: str = ""
) -> tuple[list[str], list[set[str]]]:
    """(problems of the reply as a whole, problems of each suggestion).

    `context` is what the client sent besides the bullet (a seed wrapper with its resume): none of its other lines
    may come back."""
    reply: list[str] = []
    words = bullet.split()
    # "Lead UI developer", "Test Environment maintenance": a noun when a name follows it.
    verb_led = bool(words) and bool(_verb_lemma(words[0])) and not (len(words) > 1 and words[1][:1].isupper())
    if not suggestions and action != "shorten" and verb_led:
        reply.append("empty")
    if answer and any(phrase.lower() in answer.lower() for phrase in WRAPPER_PHRASES):
        reply.append("echo")
    return reply, [_suggestion_problems(action, bullet, s, context) for s in suggestions]


def _suggestion_problems(action: str, bullet: str, suggestion: str, context: str) -> set[str]:
    found = set()
    words = _action_words(suggestion)
    if not suggestion.strip():
        found.add("empty")
    if _key(suggestion) == _key(bullet):
        found.add("unchanged")
    if action == "shorten" and len(suggestion) > SHORTEN_RATIO * len(bullet):
        found.add("shorten-not-shorter")
    if (
        len(words) > 1
        and _verb_lemma(words[0])
        and (
            (words[1][:1].isupper() and _is_verb_form(words[1]) and words[1].lower() != words[0].lower())
            or words[1].lower() in ("was", "were")
        )
    ):
        found.add("verb-stacked")
    if partner := _PARTNER.search(bullet):
        who = partner["who"].lower()
        at = suggestion.lower().find(who)
        before = suggestion[:at].split()[-1].lower() if at > 0 and suggestion[:at].split() else ""
        if at >= 0 and before not in _PARTNER_LINKS:
            found.add("collaborator-object")
    if action in ("rephrase", "shorten") and "[" in suggestion and "[" not in bullet:
        found.add("placeholder")
    if any(phrase.lower() in suggestion.lower() for phrase in WRAPPER_PHRASES) or _echoes(suggestion, bullet, context):
        found.add("echo")
    if len(suggestion) > 1.5 * len(bullet) + 60:
        found.add("runaway")
    if (doubled := _DOUBLED.search(suggestion)) and not re.search(rf"\b{re.escape(doubled[0])}\b", bullet, re.I):
        found.add("doubled-word")
    return found


def _echoes(suggestion: str, bullet: str, context: str) -> bool:
    lowered = suggestion.lower()
    for line in context.split("\n"):
        line = line.strip(" -*\u2022").strip()
        if len(line) >= 30 and line.lower() not in bullet.lower() and line.lower() in lowered:
            return True
    return False


@dataclass
class Tally:
    replies: int = 0
    units: int = 0  # suggestions, plus replies that should have had one
    broken: int = 0
    by_class: Counter[str] = field(default_factory=Counter)
    no_card: int = 0  # deliberate answers without a card: advice, "already tight", not a bullet

    def add(self, suggestions: list[str], reply: list[str], each: list[set[str]]) -> None:
        self.replies += 1
        self.units += len(suggestions) + ("empty" in reply)
        self.broken += sum(1 for found in each if found) + ("empty" in reply) + ("echo" in reply)
        self.by_class.update(reply)
        for found in each:
            self.by_class.update(found)
        if not suggestions and "empty" not in reply:
            self.no_card += 1


def _flat(problems: tuple[list[str], list[set[str]]]) -> set[str]:
    reply, each = problems
    return {*reply, *(p for found in each for p in found)}


def _resume_of(person: list[str]) -> str:
    return "Alex Example\nalex@example.com\n\nExperience\nEngineer, Example Co (2019 - 2023)\n" + "\n".join(
        f"- {b}" for b in person
    )


def _wrapper(action: str, resume: str, bullet: str) -> str:
    instructions = {
        "rephrase": "Rephrase this resume bullet to be more concise, professional, and impact-focused. Keep it one "
        "bullet:",
        "shorten": "Shorten this resume bullet while keeping the key action, tools, and impact. Keep it one bullet:",
        "quantify": "Rewrite this resume bullet to include realistic, measurable impact using numbers or "
        "percentages. If exact numbers are unknown, you may use placeholders like X%, Y, or N as a hint:",
        "star": "Rewrite this resume bullet in STAR format (Situation, Task, Action, Result) but keep it in one "
        "concise bullet line:",
    }[action]
    return (
        f"{instructions}\n\nFull resume:\n{resume}\n\nSelected text:\n{bullet}\n\nOnly respond with the improved "
        "version or suggestions related to the selected text."
    )


def run(corpus: Path = CORPUS) -> tuple[str, list[dict[str, Any]]]:
    from core.adapters.llm.writer.engine import WritingEngine
    from core.ports.llm import AssistRequest
    from core.services import seed_prompts
    from loadtest.report import markdown_table

    records = json.loads(corpus.read_text(encoding="utf-8"))
    by_person: dict[str, list[str]] = {}
    for record in records:
        by_person.setdefault(record["source"], []).append(record["text"])
    engine = WritingEngine()
    tallies = {action: Tally() for action in ACTIONS}
    examples: dict[str, str] = {}
    for bullets in by_person.values():
        resume = _resume_of(bullets)
        for bullet in bullets:
            for action in ACTIONS:
                reply = engine.bullet_action(action, bullet)
                texts = [s.text for s in reply.suggestions]
                problems = classify_each(action, bullet, texts, answer=reply.text)
                tallies[action].add(texts, *problems)
                wrapper = _wrapper(action, resume, bullet)
                asked = seed_prompts.read(wrapper)
                assert asked is not None and asked.selection is not None, "the quality run's wrapper is not read"
                wrapped = engine.assist(
                    AssistRequest(action=asked.action, message="", selection=asked.selection, resume=asked.resume)
                )
                wrapped_texts = [s.text for s in wrapped.suggestions]
                wrapped_problems = classify_each(action, bullet, wrapped_texts, answer=wrapped.text, context=wrapper)
                tallies[action].add(wrapped_texts, *wrapped_problems)
                for problem in {*_flat(problems), *_flat(wrapped_problems)}:
                    examples.setdefault(f"{action}/{problem}", f"{bullet[:70]} -> {(texts or ['(none)'])[0][:90]}")
    rows: list[dict[str, Any]] = []
    for action, tally in tallies.items():
        rows.append(
            {
                "action": action,
                "replies": tally.replies,
                "suggestions": tally.units,
                "broken": tally.broken,
                "brokenShare": tally.broken / max(1, tally.units),
                "noCard": tally.no_card,
                **{name: tally.by_class[name] for name in CLASSES},
            }
        )
    total_units = sum(r["suggestions"] for r in rows)
    total_broken = sum(r["broken"] for r in rows)
    table = markdown_table(
        ["Action", "Replies", "Suggestions", "Broken", "Broken %", "No card (advice)", *CLASSES],
        [[r["action"], r["replies"], r["suggestions"], r["broken"], f"{100 * r['brokenShare']:.1f}", r["noCard"],
          *(r[name] for name in CLASSES)] for r in rows],
    )  # fmt: skip
    legend = "\n".join(f"- {name}: {meaning}" for name, meaning in CLASSES.items())
    shown = "\n".join(f"- {key}: {text}" for key, text in sorted(examples.items())[:20])
    title = (
        f"Suggestion quality over {len(records)} real bullets from {len(by_person)} people, each action asked as the "
        f"web app asks and as a seed S1 client asks: {total_broken} of {total_units} suggestions broken "
        f"({100 * total_broken / max(1, total_units):.2f}%), {sum(r['empty'] for r in rows)} empty"
    )
    return f"{title}\n\n{table}\n\nClasses:\n{legend}" + (f"\n\nExamples:\n{shown}" if shown else ""), rows
