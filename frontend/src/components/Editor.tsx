import { forwardRef, useImperativeHandle, useRef } from "react";
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
    if (el) onSelection(el.selectionStart, el.selectionEnd);
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
          onChange(event.target.value);
          onSelection(event.target.selectionStart, event.target.selectionEnd);
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
