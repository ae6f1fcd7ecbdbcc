import { useEffect, useRef } from 'react';

interface ConfirmProps {
  title: string;
  body: React.ReactNode;
  confirm: string;
  cancel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before a change that removes data. The native <dialog> keeps focus inside,
 * closes on Escape and gives the accessible name from its heading; the safe answer has focus.
 */
export function ConfirmDialog({ title, body, confirm, cancel, onConfirm, onCancel }: ConfirmProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    // The dialog leaves the page instead of closing, so the browser does not give focus back itself.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!d.open) d.showModal();
    safe.current?.focus();
    return () => {
      d.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog ref={ref} className="confirm" role="alertdialog" aria-labelledby="confirm-title" aria-describedby="confirm-body" data-testid="confirm" onCancel={(e) => {
      e.preventDefault();
      onCancel();
    }}>
      <h2 id="confirm-title">{title}</h2>
      <p id="confirm-body">{body}</p>
      <div className="actions">
        <button type="button" className="danger" data-testid="confirm-yes" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" ref={safe} data-testid="confirm-no" onClick={onCancel}>
          {cancel}
        </button>
      </div>
    </dialog>
  );
}
