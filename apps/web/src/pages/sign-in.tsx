import { useState } from 'react';
import { api } from '../api';
import { MessageKey, useI18n } from '../i18n';
import { FormProblem, TextField, useApiForm } from '../forms';

export function SignInPage({ notice }: { notice: MessageKey | null }) {
  const i18n = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useApiForm();

  return (
    <section className="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{i18n.t('signInTitle')}</h1>
      {notice && (
        <p className={notice === 'sessionExpired' ? 'alert alert-warning' : 'alert alert-info'} role="status">
          {i18n.t(notice)}
        </p>
      )}
      <FormProblem form={form} />
      <form onSubmit={(event) => void form.submit(() => api.signIn(email, password))(event)} noValidate>
        <TextField
          id="email"
          type="email"
          label={i18n.t('email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={form.fieldError('email')}
          required
        />
        <TextField
          id="password"
          type="password"
          label={i18n.t('password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={form.fieldError('password')}
          required
        />
        <button type="submit" disabled={form.busy}>
          {form.busy ? i18n.t('signingIn') : i18n.t('signIn')}
        </button>
      </form>
    </section>
  );
}
