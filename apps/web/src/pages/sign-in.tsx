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
        <TextField
          id="email"
          type="email"
          label={i18n.t('email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={fieldError('email')}
        />
        <TextField
          id="password"
          type="password"
          label={i18n.t('password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldError('password')}
        />
        <button type="submit" disabled={busy}>
          {busy ? i18n.t('signingIn') : i18n.t('signIn')}
        </button>
      </form>
    </section>
  );
}

/** A required input with its label and, when the API named it, its error (announced through aria-describedby). */
function TextField(props: {
  id: string;
  type: 'email' | 'password';
  label: string;
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type={props.type}
        autoComplete={props.autoComplete}
        required
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
      />
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
