import { DependencyList, ReactNode, useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { ApiError, SessionExpiredError } from './api';
import { I18n, useI18n } from './i18n';
import { ProblemSentence, problemSentence } from './problems';

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

export function Link({ to, children, className, current }: { to: string; children: ReactNode; className?: string; current?: boolean }) {
  return (
    <a
      href={to}
      className={className}
      aria-current={(current ?? location.pathname === to) ? 'page' : undefined}
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

/** Every error as sentences: an API problem in the reader's language (see problems.ts), a network failure, else a generic one. */
export function errorParts(error: unknown, i18n: I18n): ProblemSentence {
  if (error instanceof ApiError) return problemSentence(error.problem ?? { status: error.status }, i18n.locale);
  if (error instanceof TypeError) return { sentence: i18n.t('networkError') };
  return { sentence: i18n.t('unexpectedError', { status: '?' }) };
}

/** The same as one line of text. */
export function errorSentence(error: unknown, i18n: I18n): string {
  const { sentence, detail } = errorParts(error, i18n);
  return detail ? `${sentence} (${detail})` : sentence;
}

/** The sentence, then the API's own detail marked as English (screen readers switch voice). */
export function ErrorText({ error }: { error: unknown }) {
  const i18n = useI18n();
  const { sentence, detail } = errorParts(error, i18n);
  return (
    <>
      {sentence}
      {detail && (
        <>
          {' '}
          <span className="problem-detail" lang="en">
            {detail}
          </span>
        </>
      )}
    </>
  );
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  if (!error || error instanceof SessionExpiredError) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p>
        <ErrorText error={error} />
      </p>
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
