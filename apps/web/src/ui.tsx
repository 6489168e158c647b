import { DependencyList, ReactNode, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, SessionExpiredError } from './api';
import { I18n, useI18n } from './i18n';

/** The app's paths live in the address bar (the API answers index.html for them, so a reload keeps the screen). */
const pathListeners = new Set<() => void>();
window.addEventListener('popstate', () => pathListeners.forEach((listener) => listener()));

export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  pathListeners.forEach((listener) => listener());
}

export function usePath(): string {
  return useSyncExternalStore(
    (listener) => {
      pathListeners.add(listener);
      return () => pathListeners.delete(listener);
    },
    () => location.pathname,
  );
}

export function Link({ to, children, className }: { to: string; children: ReactNode; className?: string }) {
  return (
    <a
      href={to}
      className={className}
      aria-current={location.pathname === to ? 'page' : undefined}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** Every API error as a sentence: the problem's detail, else a generic one. */
export function errorSentence(error: unknown, i18n: I18n): string {
  if (error instanceof ApiError) return error.problem?.detail ?? i18n.t('unexpectedError', { status: error.status });
  if (error instanceof TypeError) return i18n.t('networkError');
  return i18n.t('unexpectedError', { status: '?' });
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  if (!error || error instanceof SessionExpiredError) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>{errorSentence(error, i18n)}</p>
      {onRetry && (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {i18n.t('retry')}
        </button>
      )}
    </div>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload(): void;
}

/** Data read from the API for a screen; `reload` reads it again (after a write). */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (data) => current && setState({ data }),
      (error: unknown) => current && setState((previous) => ({ data: previous.data, error })),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data: state.data, error: state.error, reload };
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      {t('loading')}
    </p>
  );
}
