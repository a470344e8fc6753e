import { useEffect, useRef } from "react";

export interface Toast {
  id: number;
  message: string;
  error?: boolean;
  action?: { label: string; run(): void };
}

const LIFETIME_MS = 10_000;

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss(): void }) {
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  useEffect(() => {
    const timer = setTimeout(() => dismiss.current(), toast.action ? LIFETIME_MS * 2 : LIFETIME_MS);
    return () => clearTimeout(timer);
  }, [toast]);
  return (
    <li className={toast.error ? "toast toast-error" : "toast"}>
      <span>{toast.message}</span>
      {toast.action && (
        <button
          type="button"
          onClick={() => {
            toast.action!.run();
            onDismiss();
          }}
        >
          {toast.action.label}
        </button>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </li>
  );
}

/** Short notices; read out by screen readers, each with an optional action (such as Undo). */
export function Toasts({ toasts, onDismiss }: { toasts: Toast[]; onDismiss(id: number): void }) {
  return (
    <ul className="toasts" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} onDismiss={() => onDismiss(t.id)} />
      ))}
    </ul>
  );
}
