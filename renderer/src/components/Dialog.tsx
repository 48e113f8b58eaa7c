import { useEffect, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

/** A modal built on <dialog>: the browser traps focus, Escape closes, focus returns to the opener. */
export function Dialog({ title, open, onClose, children, testId }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={testId ? `${testId}-title` : undefined}
      onClose={onClose}
      data-testid={testId}
    >
      <h2 id={testId ? `${testId}-title` : undefined} className="dialog-title">
        {title}
      </h2>
      {open && children}
    </dialog>
  );
}
