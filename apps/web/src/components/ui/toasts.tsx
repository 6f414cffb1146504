'use client';

import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';

/** How long a toast stays before it goes by itself (while not hovered or focused). */
const TOAST_MS = 6_000;

interface Toast {
  id: number;
  message: string;
}

const ShowToast = createContext<(message: string) => void>(() => undefined);

/** Shows a short confirmation that announces itself and goes away (see ToastRegion). */
export function useToast(): (message: string) => void {
  return useContext(ShowToast);
}

/**
 * Confirmations of what an action did, at the corner of every console page: announced by a polite
 * live region that is always in the page, gone after TOAST_MS unless the pointer or the focus is
 * on it, and closable. They outlive a navigation (the console layout holds them).
 */
export function ToastRegion({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const show = useCallback(
    (message: string) =>
      setToasts((current) => [...current.slice(-2), { id: Date.now() + Math.random(), message }]),
    [],
  );
  const dismiss = useCallback(
    (id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)),
    [],
  );
  return (
    <ShowToast.Provider value={show}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </div>
    </ShowToast.Provider>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS);
    return () => clearTimeout(timer);
  }, [held, onDismiss, toast.id]);
  return (
    <div
      className="toast"
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <span>{toast.message}</span>
      <button
        type="button"
        className="link-button"
        aria-label={`Dismiss: ${toast.message}`}
        onClick={() => onDismiss(toast.id)}
      >
        ×
      </button>
    </div>
  );
}
