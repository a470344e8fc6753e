import { useEffect, useState } from "react";
import { api } from "../api/client";
import { nameFromText, sharePrompt } from "../lib/sessions";
import { Dialog } from "./Dialog";

interface OpenSharedDialogProps {
  sessionId: string;
  onOpen: () => void;
  onKeep: () => void;
}

/** Asks before a `#session=` link replaces the open resume, naming the shared one once the server has said. */
export function OpenSharedDialog({ sessionId, onOpen, onKeep }: OpenSharedDialogProps) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api
      .session(sessionId)
      .then((shared) => live && setName(nameFromText(shared.resume)))
      .catch(() => undefined); // the question stands without the name
    return () => {
      live = false;
    };
  }, [sessionId]);
  return (
    <Dialog title="Open a shared resume?" open onClose={onKeep}>
      <p data-testid="share-prompt">{sharePrompt(name)}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onOpen}>
          Open shared resume
        </button>
        <button type="button" onClick={onKeep}>
          Keep my current resume
        </button>
      </div>
    </Dialog>
  );
}
