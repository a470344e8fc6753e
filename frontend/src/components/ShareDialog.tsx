import qrcode from "qrcode-generator";
import { useMemo, useState } from "react";
import { Dialog } from "./Dialog";

/** The QR code as one SVG path (no innerHTML). */
function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const qr = qrcode(0, "M");
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    let d = "";
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) if (qr.isDark(row, col)) d += `M${col + 4} ${row + 4}h1v1h-1z`;
    }
    return { size: count + 8, path: d };
  }, [text]);
  return (
    <svg className="qr" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** "Open on another device": the link carries the session in its fragment, plus a QR code of it. */
export default function ShareDialog({ link, open, onClose }: { link: string; open: boolean; onClose(): void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      (document.getElementById("share-link") as HTMLInputElement | null)?.select();
    }
  };
  return (
    <Dialog title="Open on another device" open={open} onClose={onClose}>
      <p>Open this link (or scan the code) on your other device to continue with this resume there.</p>
      <div className="share-row">
        <label htmlFor="share-link" className="sr-only">
          Link to this resume
        </label>
        <input id="share-link" readOnly value={link} onFocus={(event) => event.target.select()} />
        <button type="button" onClick={() => void copy()}>
          {copied ? "Copied" : "Copy link"}
        </button>
      </div>
      <QrCode text={link} label="QR code of the link to this resume" />
      <p className="warning small">
        Anyone with this link can read and edit this resume. Share it only with your own devices.
      </p>
    </Dialog>
  );
}
