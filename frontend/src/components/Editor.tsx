import { forwardRef, useImperativeHandle, useLayoutEffect, useRef } from "react";
import { diffLines } from "../lib/diff";
import { placeholdersIn } from "../lib/flags";
import { plural } from "../format";

export interface EditorHandle {
  /** Replace [start, end) as if typed, so the browser's own undo (Ctrl+Z) can take it back. */
  replaceRange(start: number, end: number, replacement: string): void;
  select(start: number, end: number): void;
}

interface EditorProps {
  text: string;
  onChange(text: string): void;
  onSelection(start: number, end: number): void;
  readOnly?: boolean;
}

export const Editor = forwardRef<EditorHandle, EditorProps>(function Editor({ text, onChange, onSelection, readOnly }, ref) {
  const area = useRef<HTMLTextAreaElement>(null);
  // The text as last typed or shown here, and where the caret was in it.
  const shown = useRef(text);
  const caret = useRef([0, 0]);
  // Text from elsewhere (another device, a merge) must not throw the caret to the end: it stays in its line.
  useLayoutEffect(() => {
    const el = area.current;
    const old = shown.current;
    shown.current = text;
    if (!el || old === text || document.activeElement !== el) return;
    const parts = diffLines(old, text);
    // Where position p of the old text is in the new one: the same place in its line, or where its line went.
    const at = (p: number) => {
      let from = 0;
      let to = 0;
      for (const { kind, text: run } of parts) {
        if (kind !== "insert" && p <= from + run.length) return kind === "equal" ? to + p - from : to;
        if (kind !== "insert") from += run.length;
        if (kind !== "delete") to += run.length;
      }
      return to;
    };
    el.setSelectionRange(at(caret.current[0]), at(caret.current[1]));
  }, [text]);
  useImperativeHandle(ref, () => ({
    replaceRange(start, end, replacement) {
      const el = area.current;
      if (!el) return;
      const expected = el.value.slice(0, start) + replacement + el.value.slice(end);
      el.focus();
      el.setSelectionRange(start, end);
      // execCommand keeps the edit on the textarea's undo stack; it is deprecated but has no replacement yet.
      const inserted = document.execCommand("insertText", false, replacement);
      if (!inserted || el.value !== expected) onChange(expected);
      el.setSelectionRange(start, start + replacement.length);
      onSelection(start, start + replacement.length);
    },
    select(start, end) {
      const el = area.current;
      if (!el) return;
      el.focus();
      el.setSelectionRange(start, end);
      onSelection(start, end);
    },
  }));
  const report = () => {
    const el = area.current;
    if (!el) return;
    caret.current = [el.selectionStart, el.selectionEnd];
    onSelection(el.selectionStart, el.selectionEnd);
  };
  const placeholders = placeholdersIn(text);
  return (
    <div className="editor">
      <textarea
        ref={area}
        id="resume-editor"
        aria-label="Resume text"
        aria-describedby="editor-help"
        spellCheck
        value={text}
        readOnly={readOnly}
        placeholder={"Paste or type your resume here.\n\nPut each bullet on its own line, then select one and ask the assistant to improve it."}
        onChange={(event) => {
          shown.current = event.target.value;
          onChange(event.target.value);
          report();
        }}
        onSelect={report}
        onKeyUp={report}
        onMouseUp={report}
      />
      <div id="editor-help" className="editor-foot">
        {placeholders.length > 0 ? (
          <span>
            {plural(placeholders.length, "placeholder")} to fill in:{" "}
            {placeholders.slice(0, 6).map((hit, i) => (
              <button
                type="button"
                key={`${hit.start}-${i}`}
                className="chip flag"
                onClick={() => area.current && (area.current.focus(), area.current.setSelectionRange(hit.start, hit.end), report())}
              >
                {hit.text}
              </button>
            ))}
          </span>
        ) : (
          <span className="muted">Autosaves as you type. Ctrl/⌘+S takes a snapshot.</span>
        )}
        <span className="muted">{plural(text.length, "character")}</span>
      </div>
    </div>
  );
});
