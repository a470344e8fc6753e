/**
 * Chat turns as the assistant panel shows them. The server stores an assistant reply with its suggestions
 * appended as "- " lines (what a seed client displays) and the person's action as "Rephrase: <bullet>"; this
 * turns that history back into suggestion cards tied to their bullet, so they survive a reload.
 */

export const ACTION_LABELS = { rephrase: "Rephrase", shorten: "Shorten", quantify: "Quantify", star: "STAR" } as const;
export type BulletAction = keyof typeof ACTION_LABELS;

export interface StoredMessage {
  id: string;
  role: "user" | "assistant";
  text: string;
  ts: number;
  action?: string | null;
  suggestions?: string[] | null;
}

export interface RestoredTurn {
  id: string;
  role: "user" | "assistant";
  text: string;
  ts: number;
  action?: string | null;
  suggestions?: string[];
  /** The bullet the suggestions were for (its text; its place is found again when applied). */
  bullet?: string;
}

export function isBulletAction(action: string | null | undefined): action is BulletAction {
  return !!action && action in ACTION_LABELS;
}

/** What the history keeps for a bullet action the person started. */
export function actionText(action: BulletAction, bullet: string): string {
  return `${ACTION_LABELS[action]}: ${bullet}`;
}

/** The reply without its trailing suggestion lines (they are shown as cards). */
export function withoutSuggestions(text: string, suggestions: readonly string[]): string {
  if (suggestions.length === 0) return text;
  const tail = suggestions.map((s) => `\n- ${s}`).join("");
  return text.endsWith(tail) ? text.slice(0, -tail.length) : text;
}

/** Rebuild turns from the stored history: suggestions from the reply's "- " lines, the bullet from the question. */
export function restoreTurns(history: readonly StoredMessage[]): RestoredTurn[] {
  const turns: RestoredTurn[] = [];
  history.forEach((message, i) => {
    const turn: RestoredTurn = { id: message.id, role: message.role, text: message.text, ts: message.ts, action: message.action };
    if (message.role === "assistant" && isBulletAction(message.action)) {
      const suggestions = message.suggestions ?? trailingBullets(message.text);
      const question = history[i - 1];
      const prefix = `${ACTION_LABELS[message.action]}: `;
      if (suggestions.length > 0) {
        turn.suggestions = suggestions;
        turn.text = withoutSuggestions(message.text, suggestions);
        if (question?.role === "user" && question.text.startsWith(prefix) && !question.text.endsWith("...")) {
          turn.bullet = question.text.slice(prefix.length);
        }
      }
    }
    turns.push(turn);
  });
  return turns;
}

function trailingBullets(text: string): string[] {
  const lines = text.split("\n");
  const found: string[] = [];
  for (let i = lines.length - 1; i > 0 && lines[i].startsWith("- "); i--) found.unshift(lines[i].slice(2));
  return found;
}
