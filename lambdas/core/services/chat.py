"""The assistant: limits, history, one provider call, the fact guard, and both messages stored.

Order matters for failure semantics: the user's message is stored before the provider is called, so a provider
failure (502/503/504, or the monthly AI budget found spent: 429) never loses what the person asked; the assistant's
message is stored after.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import resume as resume_model
from ..auth import Caller
from ..claimguard import Guards
from ..clock import now_ms
from ..errors import PayloadTooLarge, Unprocessable
from ..ids import log_id, require_uuid4, sortable_id
from ..models.chat import ChatFlag, ChatRequest, ChatResponse, LlmStatus
from ..models.session import ChatMessage, ChatSuggestion, SuggestionTarget
from ..observability import logger, metrics
from ..ports.llm import AssistAction, AssistRequest, ChatTurn, KeyedProvider, LlmProvider
from ..ports.ratelimit import RateLimiter
from ..ports.sessions import SessionStore
from ..prompts import PROMPT_VERSION
from . import seed_prompts
from .access import SessionAccess
from .callerlimits import count_request

BULLET_ACTIONS: frozenset[AssistAction] = frozenset({"rephrase", "shorten", "quantify", "star"})
ACTION_LABELS = {"rephrase": "Rephrase", "shorten": "Shorten", "quantify": "Quantify", "star": "STAR"}
# A stored user message shows at most this much of the selection it acted on.
STORED_SELECTION_CHARS = 200
# Room for a seed S1 prompt's own instructions around the resume it carries.
SEED_PROMPT_CHARS = 4000
RATE_LIMIT_SCOPE = "chat"


class ChatService:
    def __init__(
        self,
        store: SessionStore,
        limiter: RateLimiter,
        provider: LlmProvider,
        *,
        access: SessionAccess,
        rate_limit: int,
        rate_window_s: int,
        max_message_chars: int,
        max_selection_chars: int,
        max_resume_chars: int,
        history_messages: int,
    ) -> None:
        self._store = store
        self._limiter = limiter
        self._provider = provider
        self._access = access
        self._rate_limit = rate_limit
        self._rate_window_s = rate_window_s
        self._max_message_chars = max_message_chars
        self._max_selection_chars = max_selection_chars
        self._max_resume_chars = max_resume_chars
        self._history_messages = history_messages

    def chat(self, request: ChatRequest, *, caller: Caller) -> ChatResponse:
        session_id = require_uuid4(request.sessionId, "sessionId")
        asked = self._read_request(request)
        count_request(
            self._limiter, caller, RATE_LIMIT_SCOPE, self._rate_limit, self._rate_window_s, "assistant requests"
        )

        doc = self._store.get_resume(session_id)
        self._access.require(session_id, caller, doc)  # before anything is stored: another's session is a 404
        stored_resume = doc.text if doc else ""
        # A seed S1 client sends the resume it shows; that is the one its selection was taken from.
        resume = asked.resume if asked.resume is not None else stored_resume
        history = self._store.list_messages(session_id, limit=self._history_messages) if self._history_messages else []
        asked_at = now_ms()
        user_message = ChatMessage(
            id=sortable_id(asked_at),
            role="user",
            text=_stored_user_text(asked.action, asked.question, asked.selection),
            ts=asked_at,
            action=asked.action,
        )
        owned = doc is not None and doc.owner is not None  # an owned session's messages do not expire
        self._store.append_message(session_id, user_message, owned=owned)

        reply = self._provider.assist(
            AssistRequest(
                action=asked.action,
                message=asked.question,
                selection=asked.selection or None,
                resume=resume,
                history=[ChatTurn(role=m.role, text=m.text) for m in history],
            )
        )

        # Numbers and claims are checked against what the person gave us: the bullet, the resume (the stored one
        # too when a seed client sent its own), and their own words.
        also_stored = [stored_resume] if asked.resume is not None else []
        facts = Guards(
            [asked.selection, resume, *also_stored, asked.question, *(m.text for m in history if m.role == "user")]
        )
        flags: list[ChatFlag] = []
        suggestions = []
        lines = resume_model.parse(resume) if reply.suggestions else None
        for suggestion in reply.suggestions:
            # Claims too: skills, titles, degrees, employers and seniority the person never wrote.
            guarded = facts.guard(suggestion.text, origin=asked.selection or None)
            target = _target(lines, suggestion.replaces or asked.selection)
            suggestions.append(ChatSuggestion(text=guarded.text, target=target))
            flags += [ChatFlag(**f.model_dump(), location="suggestion") for f in guarded.flags]
        flags += [ChatFlag(**f.model_dump(), location="message") for f in facts.facts.guard(reply.text).flags]

        # Strictly after the question, even within one millisecond: the history must read question, answer.
        answered_at = max(now_ms(), user_message.ts + 1)
        assistant_message = ChatMessage(
            id=sortable_id(answered_at),
            role="assistant",
            text=reply.text,
            ts=answered_at,
            action=asked.action,
            suggestions=suggestions,
        )
        self._store.append_message(session_id, assistant_message, owned=owned)

        logger.info(
            "assistant answered",
            extra={
                "session": log_id(session_id),
                "action": asked.action,
                "seed_prompt": asked.resume is not None,
                "provider": getattr(self._provider, "name", "?"),
                "suggestions": len(suggestions),
                "flags": len(flags),
                "history": len(history),
            },
        )
        metrics.add_metric(name="ChatAnswered", unit="Count", value=1)
        if flags:
            metrics.add_metric(name="FactGuardFlags", unit="Count", value=len(flags))
        if asked.insertable and suggestions:
            seed_text = suggestions[0].text  # a seed S1 one-click action inserts the answer into the resume
        else:
            seed_text = _with_suggestions(reply.text, [s.text for s in suggestions])
        return ChatResponse(
            assistantMessage=seed_text,
            text=reply.text,
            messageId=assistant_message.id,
            suggestions=suggestions,
            flags=flags,
            action=asked.action,
        )

    def status(self) -> LlmStatus:
        provider = self._provider
        if isinstance(provider, KeyedProvider):
            key_configured = provider.key_configured()
            ready = key_configured or bool(getattr(provider, "key_optional", False))
        else:  # the mock needs no key
            key_configured, ready = False, True
        return LlmStatus(
            provider=provider.name,
            model=provider.model,
            keyConfigured=key_configured,
            ready=ready,
            promptVersion=PROMPT_VERSION,
        )

    def _read_request(self, request: ChatRequest) -> Asked:
        """What the person asked, within the limits: their own words, or a seed S1 prompt read back."""
        message, selection = request.message.strip(), (request.selection or "").strip()
        if len(message) > self._max_message_chars:
            # A seed S1 prompt carries the whole resume: it may be as long as a resume, not as a question.
            if len(message) > self._max_resume_chars + SEED_PROMPT_CHARS:
                raise PayloadTooLarge(
                    f"The message is {len(message)} characters; the limit is {self._max_resume_chars} for a "
                    "message that carries the resume.",
                    limitChars=self._max_resume_chars,
                )
            seed = seed_prompts.read(message)
            if seed is None or len(seed.question) > self._max_message_chars:
                raise PayloadTooLarge(
                    f"The message is {len(message)} characters; the limit is {self._max_message_chars}.",
                    limitChars=self._max_message_chars,
                )
        else:
            seed = seed_prompts.read(message)
        if seed is not None:
            asked = Asked(seed.action, seed.question, (seed.selection or "").strip(), seed.resume, seed.quick)
        else:
            asked = Asked(request.action, message, selection)
        if len(asked.selection) > self._max_selection_chars:
            raise PayloadTooLarge(
                f"The selection is {len(asked.selection)} characters; the limit is {self._max_selection_chars}. "
                "Select one bullet.",
                limitChars=self._max_selection_chars,
            )
        if asked.action in BULLET_ACTIONS and not asked.selection:
            raise Unprocessable(f"Select the bullet to {ACTION_LABELS[asked.action].lower()} first.", field="selection")
        if asked.action == "chat" and not asked.question:
            raise Unprocessable("Type a message for the assistant.", field="message")
        return asked


@dataclass(frozen=True)
class Asked:
    action: AssistAction
    question: str  # the person's own words ("" for a one-click action)
    selection: str
    resume: str | None = None  # the resume a seed S1 prompt carried; None: use the stored one
    insertable: bool = False  # a seed S1 one-click action: its answer goes into the resume as it is


def _target(lines: resume_model.Resume | None, wanted: str) -> SuggestionTarget:
    """The resume line a suggestion replaces: its position and its text as they are now."""
    line = lines.find(wanted) if lines is not None and wanted else None
    if line is None:
        return SuggestionTarget(line=None, text=resume_model.clean(wanted) if wanted else "")
    return SuggestionTarget(line=line.number, text=line.text)


def _stored_user_text(action: AssistAction, message: str, selection: str) -> str:
    """What the history shows for the person's turn: their words, or the action and the bullet it acted on."""
    if message or action == "chat":
        return message
    excerpt = selection if len(selection) <= STORED_SELECTION_CHARS else selection[:STORED_SELECTION_CHARS] + "..."
    return f"{ACTION_LABELS[action]}: {excerpt}"


def _with_suggestions(text: str, suggestions: list[str]) -> str:
    if not suggestions:
        return text
    return "\n".join([text, *(f"- {s}" for s in suggestions)])
