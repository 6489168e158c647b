import { useState } from 'react';
import { api, getAll, Page, Role } from '../../api';
import { TextField } from '../../forms';
import { useI18n } from '../../i18n';
import { useLoad } from '../../ui';

export interface Learner {
  id: string;
  firstName: string;
  lastName: string;
  birthName: string | null;
  birthDate: string | null;
  email: string;
}

export interface UserAccount {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  learnerId: string | null;
  active: boolean;
}

export interface Cohort {
  id: string;
  name: string;
  certificationCode: string;
  startsOn: string;
  endsOn: string;
  trainers: { id: string; displayName: string; email: string }[];
  enrolmentCount: number;
}

export interface AccessRoute {
  route: string;
  open: boolean;
  juryComposition?: { description: string };
}

export interface CertificationSheet {
  code: string;
  title: string;
  accessRoutes: AccessRoute[];
}

export const today = () => new Date().toISOString().slice(0, 10);

/** A list the API pages: the first page, then "show more" (the next cursor). */
export function usePaged<T>(path: string) {
  const [more, setMore] = useState<{ items: T[]; cursor: string | null } | null>(null);
  const first = useLoad(async () => {
    setMore(null);
    return api.get<Page<T>>(path);
  }, [path]);
  const items = [...(first.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const separator = path.includes('?') ? '&' : '?';
  return {
    ...first,
    items,
    hasMore: cursor !== null,
    async loadMore() {
      if (!cursor) return;
      const page = await api.get<Page<T>>(`${path}${separator}cursor=${encodeURIComponent(cursor)}`);
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
    },
  };
}

/** The certification sheet of a code as it is typed (its access routes, its jury's composition), or null. */
export function useSheet(code: string) {
  const trimmed = code.trim();
  return useLoad(
    () =>
      /^RNCP\d+$/i.test(trimmed)
        ? api.get<CertificationSheet>(`/api/certifications/${encodeURIComponent(trimmed.toUpperCase())}`).catch(() => null)
        : Promise.resolve(null),
    [trimmed],
  );
}

/** A certification code, with the active certifications offered as suggestions. */
export function CertificationField(props: { id: string; value: string; onChange: (value: string) => void; error?: string }) {
  const i18n = useI18n();
  const certifications = useLoad(() => api.get<Page<{ code: string; title: string }>>('/api/certifications?active=true&limit=500'), []);
  return (
    <>
      <TextField
        id={props.id}
        label={i18n.t('certificationCode')}
        hint={i18n.t('certificationCodeHint')}
        value={props.value}
        onChange={props.onChange}
        error={props.error}
        list={`${props.id}-options`}
        required
      />
      <datalist id={`${props.id}-options`}>
        {certifications.data?.items.map((certification) => (
          <option key={certification.code} value={certification.code}>
            {certification.title}
          </option>
        ))}
      </datalist>
    </>
  );
}

/** The organisation's users holding a role (trainers for a cohort, jury members for a session). */
export function useUsersWithRole(role: Role) {
  return useLoad(async () => (await getAll<UserAccount>('/api/users')).filter((user) => user.active && user.roles.includes(role)), [role]);
}

/** A new account's email and initial password, each with the API's error at it (ids `${prefix}-email`, `${prefix}-password`). */
export function AccountFields(props: {
  prefix: string;
  email: string;
  onEmail: (value: string) => void;
  password: string;
  onPassword: (value: string) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const i18n = useI18n();
  return (
    <>
      <TextField
        id={`${props.prefix}-email`}
        type="email"
        label={i18n.t('email')}
        value={props.email}
        onChange={props.onEmail}
        error={props.fieldError('email')}
        required
      />
      <TextField
        id={`${props.prefix}-password`}
        type="password"
        autoComplete="new-password"
        label={i18n.t('initialPassword')}
        hint={i18n.t('passwordHint')}
        value={props.password}
        onChange={props.onPassword}
        error={props.fieldError('password')}
        required
      />
    </>
  );
}
