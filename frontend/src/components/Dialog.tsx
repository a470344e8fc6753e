import { type ReactNode, useEffect, useId, useRef } from "react";

interface DialogProps {
  title: string;
  open: boolean;
  onClose?: () => void; // absent: the dialog cannot be dismissed (a choice is required)
  children: ReactNode;
  /** Shown below the scrolling body, so its actions stay in view however long the body is. */
  footer?: ReactNode;
  wide?: boolean;
}

/** A modal on the native <dialog>: focus moves in and is trapped, Esc closes, focus returns on close. */
export function Dialog({ title, open, onClose, children, footer, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={wide ? "dialog dialog-wide" : "dialog"}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose?.();
      }}
    >
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        {onClose && (
          <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
            ×
          </button>
        )}
      </header>
      {open && <div className="dialog-body">{children}</div>}
      {open && footer && <footer className="dialog-foot">{footer}</footer>}
    </dialog>
  );
}
