import { TestApp, TestUser, bearer } from './test-app';

/**
 * Builders for certifier networks, through the HTTP API as the operator admin (t.admin): an organisation created
 * with its invited first admin, who accepts the invitation and signs in.
 */

let sequence = 0;

/** A valid SIRET (Luhn) that no other call of this process answers: a 13-digit prefix and its check digit. */
export function uniqueSiret(): string {
  const prefix = `9${String(process.pid % 10000).padStart(4, '0')}${String(++sequence).padStart(8, '0')}`;
  for (let check = 0; check <= 9; check++) {
    const candidate = prefix + check;
    let sum = 0;
    for (let i = 0; i < 14; i++) {
      let digit = Number(candidate[i]);
      if ((13 - i) % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one check digit always fits');
}

export const NETWORK_ADMIN_PASSWORD = 'network-admin-passphrase-42';

export interface NetworkOrganisation {
  id: string;
  name: string;
  siret: string;
  admin: TestUser;
}

/** POST /api/organisations then POST /api/invitations/accept, then signs the new admin in. */
export async function createNetworkOrganisation(
  t: TestApp,
  kind: 'certifier' | 'training_centre',
  name = `${kind === 'certifier' ? 'Certificateur' : 'Centre partenaire'} ${++sequence}`,
): Promise<NetworkOrganisation> {
  const siret = uniqueSiret();
  const adminEmail = `admin-${siret}@reseau-test.fr`;
  const created = await t
    .http()
    .post('/api/organisations')
    .set(bearer(t.admin.token))
    .send({ name, kind, siret, adminEmail, adminDisplayName: `Admin ${name}` });
  if (created.status !== 201) throw new Error(`createNetworkOrganisation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const accepted = await t
    .http()
    .post('/api/invitations/accept')
    .send({ token: created.body.invitation.token, password: NETWORK_ADMIN_PASSWORD });
  if (accepted.status !== 201) throw new Error(`accepting the invitation failed: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  const id = created.body.organisation.id;
  const token = await t.login(adminEmail, NETWORK_ADMIN_PASSWORD, id);
  return { id, name, siret, admin: { id: accepted.body.userId, email: adminEmail, organisationId: id, token } };
}

/** The operator admin links the organisation as a certifier of the certification. */
export async function linkCertifier(t: TestApp, certificationCode: string, organisationId: string): Promise<void> {
  const response = await t
    .http()
    .post(`/api/certifications/${certificationCode}/certifiers`)
    .set(bearer(t.admin.token))
    .send({ organisationId });
  if (response.status !== 200) throw new Error(`linkCertifier failed: ${response.status} ${JSON.stringify(response.body)}`);
}

/** The certifier's admin authorises the centre for one of its certifications. */
export async function habilitate(
  t: TestApp,
  certifier: NetworkOrganisation,
  centre: { siret: string },
  options: { certificationCode: string; validFrom?: string; validUntil?: string | null },
): Promise<{ id: string }> {
  const response = await t
    .http()
    .post('/api/habilitations')
    .set(bearer(certifier.admin.token))
    .send({
      certificationCode: options.certificationCode,
      trainingCentreSiret: centre.siret,
      validFrom: options.validFrom ?? '2024-01-01',
      validUntil: options.validUntil ?? null,
    });
  if (response.status !== 201) throw new Error(`habilitate failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A certifier of `certificationCode` with the training centres it authorised for it from `validFrom`, by name. */
export async function certifierNetwork(
  t: TestApp,
  options: { certificationCode: string; certifier: string; centres: string[]; validFrom: string },
): Promise<{ certifier: NetworkOrganisation; centres: NetworkOrganisation[] }> {
  const certifier = await createNetworkOrganisation(t, 'certifier', options.certifier);
  const centres: NetworkOrganisation[] = [];
  for (const name of options.centres) centres.push(await createNetworkOrganisation(t, 'training_centre', name));
  await linkCertifier(t, options.certificationCode, certifier.id);
  for (const centre of centres)
    await habilitate(t, certifier, centre, { certificationCode: options.certificationCode, validFrom: options.validFrom });
  return { certifier, centres };
}
