import { useDeviceLinkResume } from "../api/queries";
import { nameFromText, sharePrompt } from "../lib/sessions";
import { Dialog } from "./Dialog";

interface OpenDeviceLinkDialogProps {
  sessionId: string;
  onOpen: () => void;
  onKeep: () => void;
}

/** Asks before a `#session=` link replaces the open resume, naming the shared one once the server has said. */
export function OpenDeviceLinkDialog({ sessionId, onOpen, onKeep }: OpenDeviceLinkDialogProps) {
  // The question stands without the name until (or unless) the server says.
  const resume = useDeviceLinkResume(sessionId);
  const name = resume === null ? null : nameFromText(resume);
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
