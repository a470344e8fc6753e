import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useChat, useLlmStatus } from "../api/queries";
import type { ChatFlag, ChatMessage, ChatRequest } from "../api/types";
import { ACTION_LABELS, actionText, type BulletAction, bulletAt, isBulletAction, lineOf } from "../lib/chat";
import { describeError } from "../lib/http";
import type { TextRange } from "../lib/selection";
import { clockTime } from "../format";
import { Highlighted, InlineDiff } from "./DiffView";

/** A message as shown: from the history, or just answered (then with the fact guard's flags). */
type Turn = ChatMessage & { flags?: ChatFlag[] };

interface Failure {
  request: ChatRequest;
  message: string;
}

const ACTIONS = Object.keys(ACTION_LABELS) as BulletAction[];

export default function Assistant({
  sessionId,
  history,
  text,
  selection,
  onApply,
}: {
  sessionId: string;
  history: ChatMessage[];
  /** The resume text and the editor's selection (or caret): the bullet there is the one actions work on. */
  text: string;
  selection: { start: number; end: number } | null;
  /**
   * Put `suggestion` in the place of the line it was made for, found wherever the caret is now (null: that line
   * was edited since).
   */
  onApply(line: TextRange | null, suggestion: string): void;
}) {
  const [turns, setTurns] = useState<Turn[]>(history);
  const target = useMemo(
    () => (selection ? bulletAt(text, selection.start, selection.end) : null),
    [text, selection],
  );
  const [draft, setDraft] = useState("");
  const { ask, waiting } = useChat(sessionId);
  const [failure, setFailure] = useState<Failure | null>(null);
  const provider = useLlmStatus();
  const end = useRef<HTMLDivElement>(null);
  // After a bullet action, focus goes to its first suggestion card (not back to the page).
  const [focusTurn, setFocusTurn] = useState<string | null>(null);
  const firstNewCard = useRef<HTMLLIElement>(null);

  useEffect(() => {
    if (focusTurn) firstNewCard.current?.focus();
  }, [focusTurn]);

  useEffect(() => {
    // Braces matter: newer browsers return a Promise from scrollIntoView, which React would take for a cleanup.
    void end.current?.scrollIntoView({ block: "nearest" });
  }, [turns.length, waiting, failure]);

  const send = async (request: ChatRequest, echo = true) => {
    setFailure(null);
    if (echo) {
      setTurns((t) => [
        ...t,
        {
          id: `local-${Date.now()}`,
          role: "user",
          text: request.message || actionText(request.action as BulletAction, request.selection ?? ""),
          ts: Date.now(),
          action: request.action,
        },
      ]);
    }
    try {
      const reply = await ask(request);
      setTurns((t) => [
        ...t,
        {
          id: reply.messageId,
          role: "assistant",
          text: reply.text,
          ts: Date.now(),
          action: request.action,
          suggestions: reply.suggestions,
          flags: reply.flags,
        },
      ]);
      if (isBulletAction(request.action) && reply.suggestions.length > 0) setFocusTurn(reply.messageId);
    } catch (error) {
      setFailure({ request, message: describeError(error) });
    }
  };

  const runAction = (action: BulletAction) => {
    if (!target) return;
    // No message: the server records the turn as "<Action>: <bullet>".
    void send({ sessionId, action, message: "", selection: target.text });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const message = draft.trim();
    if (!message || waiting) return;
    setDraft("");
    void send({ sessionId, action: "chat", message, ...(target ? { selection: target.text } : {}) });
  };

  return (
    <section className="assistant" aria-label="Assistant">
      <div className="assistant-target">
        {target ? (
          <p>
            <span className="muted">Selected bullet:</span> <q data-testid="selected-bullet">{target.text}</q>
          </p>
        ) : (
          <p className="muted">Click a bullet in your resume (or select text) to work on it.</p>
        )}
        <div className="action-row" role="group" aria-label="Improve the selected bullet">
          {ACTIONS.map((action) => (
            <button type="button" key={action} disabled={!target || waiting} onClick={() => runAction(action)}>
              {ACTION_LABELS[action]}
            </button>
          ))}
        </div>
      </div>

      <div className="chat-log" aria-live="polite" aria-label="Conversation">
        {turns.length === 0 && !waiting && (
          <p className="muted">Ask anything about your resume, or pick an action above.</p>
        )}
        {turns.map((turn) => (
          <article key={turn.id} className={`turn turn-${turn.role}`}>
            <header>
              <span>{turn.role === "user" ? "You" : "Assistant"}</span>
              <time className="muted">{clockTime(turn.ts)}</time>
            </header>
            <p className="turn-text">
              <Highlighted text={turn.text} flags={turn.flags} />
            </p>
            {turn.suggestions && turn.suggestions.length > 0 && (
              <ol className="suggestions" aria-label="Suggestions">
                {turn.suggestions.map((suggestion, i) => (
                  <li
                    key={i}
                    className="card suggestion"
                    data-testid="suggestion"
                    tabIndex={-1}
                    ref={turn.id === focusTurn && i === 0 ? firstNewCard : undefined}
                    aria-label={`Suggestion ${i + 1}`}
                  >
                    <p>
                      {/* Each card is compared with its own line, not with whatever is selected now. */}
                      {suggestion.target.text ? (
                        <InlineDiff before={suggestion.target.text} after={suggestion.text} flags={turn.flags} />
                      ) : (
                        <Highlighted text={suggestion.text} flags={turn.flags} />
                      )}
                    </p>
                    {suggestion.target.text && (
                      <button type="button" className="primary" onClick={() => onApply(lineOf(text, suggestion.target), suggestion.text)}>
                        Apply
                        <span className="sr-only"> suggestion {i + 1}</span>
                      </button>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </article>
        ))}
        {waiting && (
          <p className="muted" role="status">
            Thinking…
          </p>
        )}
        {failure && (
          <div className="error card" role="alert">
            <p>The assistant could not answer: {failure.message}</p>
            <button type="button" onClick={() => void send(failure.request, false)}>
              Retry
            </button>
          </div>
        )}
        <div ref={end} />
      </div>

      <form className="chat-form" onSubmit={submit}>
        <label htmlFor="chat-input" className="sr-only">
          Message to the assistant
        </label>
        <textarea
          id="chat-input"
          rows={2}
          value={draft}
          placeholder="Ask the assistant… (Enter sends, Shift+Enter for a new line)"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter" && !event.shiftKey) submit(event);
          }}
        />
        <button type="submit" className="primary" disabled={waiting || !draft.trim()}>
          Send
        </button>
      </form>
      {provider && (
        <p className={provider.ready ? "muted small" : "warning small"}>
          Model: {provider.provider} · {provider.model}
          {!provider.ready && " — not configured on the server (no API key), so requests will fail."}
        </p>
      )}
    </section>
  );
}
