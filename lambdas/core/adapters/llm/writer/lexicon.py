"""English verb forms and parts of speech from `lemminflect` (a maintained lexicon that ships its data).

The library (and numpy under it) loads on the first lookup, inside the writing engine only: importing this
module costs nothing, so the chat function's cold start is unchanged until the engine first writes.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

Tense = Literal["past", "present", "gerund"]
Tag = Literal["VBD", "VBG", "VBZ", "VB"]
TAGS: dict[Tense, Tag] = {"past": "VBD", "present": "VB", "gerund": "VBG"}


@cache
def _lemminflect() -> Any:
    import lemminflect

    return lemminflect


@cache
def verb_lemma(word: str) -> str | None:
    """The verb a word is a form of ("taught" -> "teach"), or None when the word is never a verb."""
    lowered = word.lower()
    if not lowered.replace("-", "").isalpha():
        return None
    lemmas = _lemminflect().getAllLemmas(lowered, upos="VERB").get("VERB")
    if lemmas:
        return str(lemmas[0])
    if lowered.endswith("ed") and len(lowered) > 5:  # "architected", "productionized": not in the lexicon
        guessed = _lemminflect().getAllLemmasOOV(lowered, upos="VERB").get("VERB")
        return str(guessed[0]) if guessed else None
    return None


@cache
def is_noun(word: str) -> bool:
    return bool(_lemminflect().getAllLemmas(word.lower(), upos="NOUN"))


@cache
def inflect(lemma: str, tag: Tag) -> str:
    if tag == "VB":
        return lemma
    forms = _lemminflect().getInflection(lemma, tag=tag)
    if forms:
        return str(forms[0])
    return str(_lemminflect().getAllInflectionsOOV(lemma, upos="VERB").get(tag, (lemma,))[0])


def tense_of(word: str, lemma: str) -> Tense:
    lowered = word.lower()
    if lowered.endswith("ing") and lowered == inflect(lemma, "VBG"):
        return "gerund"
    if lowered in (lemma, inflect(lemma, "VBZ")):
        return "present"
    return "past"


def form(lemma: str, tense: Tense) -> str:
    return inflect(lemma, TAGS[tense])


def is_past_form(word: str) -> bool:
    """'gained', 'taught': a past-tense form (what a verb stacked on a verb looks like)."""
    lemma = verb_lemma(word)
    return lemma is not None and word.lower() != lemma and word.lower() == inflect(lemma, "VBD")
