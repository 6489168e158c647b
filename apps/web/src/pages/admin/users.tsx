import { useState } from 'react';
import { api, Role } from '../../api';
import { FormProblem, TextField, useApiForm } from '../../forms';
import { useI18n } from '../../i18n';
import { ErrorMessage, Loading } from '../../ui';
import { AccountFields, UserAccount, usePaged } from './shared';

/** Staff roles: a learner's account is made from their record (Apprenants), linked to it. */
const STAFF_ROLES: Role[] = ['admin', 'trainer', 'jury_member'];

export function UsersScreen() {
  const i18n = useI18n();
  const users = usePaged<UserAccount>('/api/users?limit=100');
  // Someone who leaves is deactivated, not deleted (the API refuses your own account and the last admin).
  const activation = useApiForm();
  const setActive = (user: UserAccount, active: boolean) =>
    void activation.submit(async () => {
      await api.patch(`/api/users/${user.id}`, { active });
      users.reload();
    })();
  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{i18n.t('adminUsers')}</h1>
      <FormProblem form={activation} />
      {!users.data ? (
        users.error ? (
          <ErrorMessage error={users.error} onRetry={users.reload} />
        ) : (
          <Loading />
        )
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{i18n.t('displayName')}</th>
                <th scope="col">{i18n.t('email')}</th>
                <th scope="col">{i18n.t('roles')}</th>
                <th scope="col">{i18n.t('accountState')}</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((user) => (
                <tr key={user.id}>
                  <th scope="row">{user.displayName}</th>
                  <td>{user.email}</td>
                  <td>{user.roles.map((role) => i18n.tv('userRole', role)).join(', ')}</td>
                  <td>
                    {user.active ? i18n.t('accountActive') : i18n.t('accountInactive')}{' '}
                    <button
                      type="button"
                      className="button-secondary button-small"
                      disabled={activation.busy}
                      aria-label={`${user.active ? i18n.t('deactivate') : i18n.t('reactivate')} — ${user.displayName}`}
                      onClick={() => setActive(user, !user.active)}
                    >
                      {user.active ? i18n.t('deactivate') : i18n.t('reactivate')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.hasMore && (
        <button type="button" className="button-secondary" onClick={() => void users.loadMore()}>
          {i18n.t('showMore')}
        </button>
      )}
      <UserForm onCreated={users.reload} />
    </section>
  );
}

function UserForm({ onCreated }: { onCreated: () => void }) {
  const i18n = useI18n();
  const form = useApiForm();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const send = async () => {
    setCreated(null);
    const user = await api.post<UserAccount>('/api/users', { email: email.trim(), displayName: displayName.trim(), password, roles });
    setCreated(user.email);
    setEmail('');
    setDisplayName('');
    setPassword('');
    setRoles([]);
    onCreated();
  };
  const rolesError = form.fieldError('roles');
  return (
    <section aria-labelledby="new-user-title">
      <h2 id="new-user-title">{i18n.t('newUser')}</h2>
      {created && (
        <p className="alert alert-success" role="status">
          {i18n.t('userCreated', { email: created })}
        </p>
      )}
      <FormProblem form={form} />
      <form noValidate onSubmit={(event) => void form.submit(send)(event)} className="form-grid">
        <TextField
          id="user-name"
          label={i18n.t('displayName')}
          value={displayName}
          onChange={setDisplayName}
          error={form.fieldError('displayName')}
          required
        />
        <AccountFields
          prefix="user"
          email={email}
          onEmail={setEmail}
          password={password}
          onPassword={setPassword}
          fieldError={(field) => form.fieldError(field)}
        />
        <fieldset aria-describedby={rolesError ? 'user-roles-error' : undefined}>
          <legend>{i18n.t('roles')}</legend>
          {STAFF_ROLES.map((role) => (
            <div className="field-check" key={role}>
              <input
                id={`user-role-${role}`}
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(event) => setRoles(event.target.checked ? [...roles, role] : roles.filter((candidate) => candidate !== role))}
              />
              <label htmlFor={`user-role-${role}`}>{i18n.tv('userRole', role)}</label>
            </div>
          ))}
          {rolesError && (
            <p id="user-roles-error" className="field-error">
              {rolesError}
            </p>
          )}
        </fieldset>
        <p className="actions">
          <button type="submit" disabled={form.busy}>
            {i18n.t('createUser')}
          </button>
        </p>
      </form>
    </section>
  );
}
