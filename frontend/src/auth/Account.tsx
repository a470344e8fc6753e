import { useState, useSyncExternalStore } from "react";
import { Dialog } from "../components/Dialog";
import { currentAccount, signIn, signOut, subscribe } from "./session";

/** Who is signed in, with sign-out; signed out, a sign-in button and (when `prompt`) a dialog asking to sign in. */
export default function Account({ prompt }: { prompt: boolean }) {
  const account = useSyncExternalStore(subscribe, currentAccount);
  const [dismissed, setDismissed] = useState(false);
  if (account.status === "signed-in") {
    return (
      <span className="account">
        <span className="muted small" data-testid="signed-in-as">
          {account.email || "Signed in"}
        </span>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </span>
    );
  }
  return (
    <>
      <button type="button" className="primary" onClick={() => void signIn()}>
        Sign in
      </button>
      <Dialog title="Sign in to Resume Chat" open={prompt && !dismissed} onClose={() => setDismissed(true)}>
        {account.problem && <p role="alert">{account.problem}</p>}
        <p>Your resumes are kept in your account: sign in to write them and find them on any device.</p>
        <div className="actions">
          <button type="button" className="primary" onClick={() => void signIn()}>
            Sign in
          </button>
        </div>
      </Dialog>
    </>
  );
}
