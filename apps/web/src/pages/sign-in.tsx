import { FormEvent, useState } from 'react';
import { api, ApiError } from '../api';
import { MessageKey, useI18n } from '../i18n';
import { errorSentence } from '../ui';

export function SignInPage({ notice }: { notice: MessageKey | null }) {
  const i18n = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fieldError = (field: string) =>
    error instanceof ApiError ? error.problem?.errors?.find((candidate) => candidate.field === field)?.message : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.signIn(email, password);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{i18n.t('signInTitle')}</h1>
      {notice && (
        <p className={notice === 'sessionExpired' ? 'alert alert-warning' : 'alert alert-info'} role="status">
          {i18n.t(notice)}
        </p>
      )}
      {error !== null && (
        <p className="alert alert-error" role="alert">
          {errorSentence(error, i18n)}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="email">{i18n.t('email')}</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={fieldError('email') ? true : undefined}
            aria-describedby={fieldError('email') ? 'email-error' : undefined}
          />
          {fieldError('email') && (
            <p id="email-error" className="field-error">
              {fieldError('email')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor="password">{i18n.t('password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            aria-invalid={fieldError('password') ? true : undefined}
            aria-describedby={fieldError('password') ? 'password-error' : undefined}
          />
          {fieldError('password') && (
            <p id="password-error" className="field-error">
              {fieldError('password')}
            </p>
          )}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? i18n.t('signingIn') : i18n.t('signIn')}
        </button>
      </form>
    </section>
  );
}
