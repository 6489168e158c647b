import { Injectable } from '@nestjs/common';
import { DomainError, DomainErrorCode, expectedSigners, minutesSigned, notFound, sittingMembers } from '@project/domain';
import { AuthContext, frenchDate, PG_UNIQUE_VIOLATION, postgresError, recordAudit } from '@project/platform';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { JuriesRepository, MinutesVersionRecord, SessionRecord } from './juries.repository';
import { JurySessionAccess } from './jury-session-access';
import { JuryMinutes, MinutesMember, MinutesSignature, MinutesSigning, renderMinutesPdf, summarise } from './minutes';

/** The minutes as read: the content of the current version (a draft while open) and where its signing stands. */
export type JuryMinutesView = JuryMinutes & { signing: MinutesSigningStatus | null };

export interface MinutesSigningStatus extends MinutesSigning {
  expectedSigners: { fullName: string; role: string; hasAccount: boolean }[];
  /** When the current version became signed. */
  signedAt: string | null;
  versions: { version: number; sha256: string; reason: string | null; createdAt: string; signedAt: string | null }[];
}

const RENDITIONS_KEPT = 16;

const sha256 = (document: Buffer) => createHash('sha256').update(document).digest('hex');

/**
 * The minutes of a jury session: built from its decisions, frozen as version 1 when the session closes (the PDF itself
 * is kept, so its SHA-256 can be recomputed from a download), signed by the members who sat; a later correction of
 * one of its decisions adds a version, never edits one.
 */
@Injectable()
export class JuryMinutesService {
  /**
   * A 500-candidate procès-verbal takes seconds of CPU to lay out (the renderer lets other requests run meanwhile):
   * this instance renders one at a time, so a burst of downloads queues instead of taking every core.
   */
  private rendering: Promise<unknown> = Promise.resolve();
  /** The minutes to read of closed sessions, by version and signatures: they change only when someone signs. */
  private readonly renditions = new Map<string, Buffer>();

  constructor(
    private readonly juries: JuriesRepository,
    private readonly access: JurySessionAccess,
  ) {}

  private render(minutes: JuryMinutes, signing: MinutesSigning | null): Promise<Buffer> {
    const rendered = this.rendering.then(() => renderMinutesPdf(minutes, signing));
    this.rendering = rendered.catch(() => undefined);
    return rendered;
  }

  async build(manager: EntityManager, session: SessionRecord, closedAt: string | null): Promise<JuryMinutes> {
    const candidates = (await this.juries.minutesCandidates(manager, session.id)) as JuryMinutes['candidates'];
    return {
      organisation: { id: session.organisationId, name: session.organisationName, timeZone: session.timeZone },
      certification: {
        code: session.certificationCode,
        title: session.certificationTitle,
        level: session.certificationLevel,
        certifiers: session.certifierNames,
        blocks: await this.juries.certificationBlocks(manager, session.certificationCode),
      },
      session: {
        id: session.id,
        certificationCode: session.certificationCode,
        certificationTitle: session.certificationTitle,
        heldOn: session.heldOn,
        place: session.place,
        closedAt,
        presenceRecorded: session.presenceRecordedAt !== null,
        signaturePolicy: session.signaturePolicy,
      },
      members: minutesMembers(session),
      candidates,
      summary: summarise(candidates),
      rectifications: [],
      version: closedAt === null ? null : 1,
      draft: closedAt === null,
    };
  }

  /** Closing: version 1 of the minutes, its PDF kept as rendered. */
  async freeze(manager: EntityManager, session: SessionRecord, closedAt: string): Promise<JuryMinutes> {
    const minutes = await this.build(manager, session, closedAt);
    await this.storeVersion(manager, session.id, minutes, null);
    return minutes;
  }

  /**
   * A closing session that corrected decisions of earlier, closed sessions: each of those gains a version listing every
   * correction made so far (its signed versions stay as they were).
   */
  async addRectificationVersions(manager: EntityManager, auth: AuthContext, correctingSession: SessionRecord): Promise<void> {
    for (const id of await this.juries.sessionsCorrectedBy(manager, correctingSession.id)) {
      const corrected = (await this.juries.findSession(manager, id))!;
      const [current] = await this.versions(manager, corrected, true);
      const content: JuryMinutes = {
        ...current.content,
        rectifications: await this.juries.rectifications(manager, id),
        previousVersion: { version: current.version, sha256: current.sha256, signedAt: current.signedAt },
        version: current.version + 1,
      };
      const reason = `Rectification par la session du jury du ${frenchDate(correctingSession.heldOn)}`;
      const stored = await this.storeVersion(manager, id, content, reason);
      await recordAudit(manager, auth, {
        action: 'jury_minutes.version_added',
        entityType: 'jury_session',
        entityId: id,
        after: { version: content.version, sha256: stored, correctingSessionId: correctingSession.id },
        reason,
      });
    }
  }

  private async storeVersion(manager: EntityManager, sessionId: string, content: JuryMinutes, reason: string | null): Promise<string> {
    const document = await this.render(content, null);
    const fingerprint = sha256(document);
    await this.juries.insertMinutesVersion(manager, {
      sessionId,
      version: content.version!,
      content,
      document,
      sha256: fingerprint,
      reason,
    });
    return fingerprint;
  }

  /**
   * The versions of a closed session's minutes, newest first. A session closed before minutes had versions gets its
   * version 1 from what it froze then, the first time it is asked for.
   */
  private async versions(manager: EntityManager, session: SessionRecord, lock = false): Promise<MinutesVersionRecord[]> {
    const versions = await this.juries.minutesVersions(manager, session.id, lock);
    if (versions.length > 0) return versions;
    const legacy = (await this.juries.legacyMinutes(manager, session.id)) as Partial<JuryMinutes> | null;
    const current = await this.build(manager, session, session.closedAt);
    const content: JuryMinutes = legacy
      ? {
          ...current,
          session: { ...current.session, closedAt: legacy.session?.closedAt ?? session.closedAt, presenceRecorded: false },
          candidates: (legacy.candidates ?? []).map((c) => ({ ...c, trainingCentreName: c.trainingCentreName ?? '' })),
          summary: legacy.summary ?? current.summary,
        }
      : current;
    try {
      await manager.query('SAVEPOINT first_minutes_version');
      await this.storeVersion(manager, session.id, content, null);
      await manager.query('RELEASE SAVEPOINT first_minutes_version');
    } catch (error) {
      // Another request stored it first: read theirs.
      if (postgresError(error)?.code !== PG_UNIQUE_VIOLATION) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT first_minutes_version');
    }
    return this.juries.minutesVersions(manager, session.id, lock);
  }

  private async signingStatus(
    manager: EntityManager,
    session: SessionRecord,
    versions: MinutesVersionRecord[],
  ): Promise<MinutesSigningStatus> {
    const [current] = versions;
    const all = await this.juries.minutesSignatures(manager, session.id);
    const signatures: MinutesSignature[] = all
      .filter((g) => g.version === current.version)
      .map(({ memberId, fullName, role, president, signedAt, sha256: fingerprint }) => ({
        memberId,
        fullName,
        role,
        president,
        signedAt,
        sha256: fingerprint,
      }));
    const members = current.content.members;
    const expected = expectedSigners(asSitting(members), current.content.session.presenceRecorded, current.content.session.signaturePolicy);
    const signedBy = new Set(signatures.map((g) => g.memberId));
    return {
      version: current.version,
      sha256: current.sha256,
      signatures,
      signed: minutesSigned(expected, signedBy),
      signedAt: current.signedAt,
      expectedSigners: expected.map((m) => {
        const member = members.find((x) => x.id === m.id)!;
        const account = session.members.find((x) => x.id === m.id)?.userId ?? null;
        return { fullName: member.fullName, role: member.role, hasAccount: account !== null };
      }),
      versions: versions.map(({ version, sha256: fingerprint, reason, createdAt, signedAt }) => ({
        version,
        sha256: fingerprint,
        reason,
        createdAt,
        signedAt,
      })),
    };
  }

  /** The current version of a closed session's minutes with its signing; a draft built from the current decisions while open. */
  async minutes(auth: AuthContext, id: string): Promise<JuryMinutesView> {
    return this.juries.transaction(async (manager) => {
      const session = await this.access.sessionFor(manager, auth, id);
      if (session.closedAt === null) return { ...(await this.build(manager, session, null)), signing: null };
      const versions = await this.versions(manager, session);
      return { ...versions[0].content, signing: await this.signingStatus(manager, session, versions) };
    });
  }

  /** The minutes to read: a draft while open; once closed, the current version with its signature block filled. */
  async minutesPdf(auth: AuthContext, id: string): Promise<Buffer> {
    const view = await this.minutes(auth, id);
    const { signing, ...minutes } = view;
    if (signing === null) return this.render(minutes, null);
    const key = `${minutes.session.id}:${signing.version}:${signing.signatures.length}:${signing.signedAt ?? ''}`;
    const cached = this.renditions.get(key);
    if (cached) return cached;
    const document = await this.render(minutes, signing);
    if (this.renditions.size >= RENDITIONS_KEPT) this.renditions.delete(this.renditions.keys().next().value!);
    this.renditions.set(key, document);
    return document;
  }

  /** A version of the closed minutes exactly as it was closed: the document its signatures' SHA-256 is computed on. */
  async versionDocument(auth: AuthContext, id: string, version: number): Promise<Buffer> {
    return this.juries.transaction(async (manager) => {
      const session = await this.access.sessionFor(manager, auth, id);
      if (session.closedAt === null) throw notFound('Minutes version (the session is not closed)');
      await this.versions(manager, session);
      const document = await this.juries.minutesDocument(manager, id, version);
      if (!document) throw notFound(`Minutes version ${version}`);
      return document;
    });
  }

  /**
   * A member who sat signs the current version of the closed minutes, naming the SHA-256 of the document read; the
   * database refuses a fingerprint that is not that version's and a second signature of one member.
   */
  async sign(auth: AuthContext, id: string, fingerprint: string): Promise<MinutesSigningStatus> {
    return this.juries.transaction(async (manager) => {
      const session = await this.access.sessionFor(manager, auth, id);
      if (session.closedAt === null) {
        throw new DomainError(DomainErrorCode.InvalidState, 'The minutes are signed once the session is closed');
      }
      // Locks the versions: signatures of one session, and a new version, take turns.
      const versions = await this.versions(manager, session, true);
      const [current] = versions;
      // The member linked to this user now (an account may be linked after closing, for a member who had none).
      const linked = session.members.find((m) => m.userId === auth.userId);
      const member = linked && current.content.members.find((m) => m.id === linked.id);
      if (!member) {
        throw new DomainError(DomainErrorCode.Forbidden, 'Only the members of the jury sign its minutes');
      }
      const sat = sittingMembers(asSitting(current.content.members), current.content.session.presenceRecorded);
      if (!sat.some((m) => m.id === member.id)) {
        throw new DomainError(DomainErrorCode.Forbidden, `${member.fullName} did not sit on this jury (absent): only present members sign`);
      }
      const normalised = fingerprint.toLowerCase();
      if (normalised !== current.sha256) {
        throw new DomainError(
          DomainErrorCode.MinutesFingerprintMismatch,
          `The fingerprint is not that of the minutes' current version (${current.version}): download it, read it, sign it`,
          { errors: [{ field: 'sha256', message: `not the SHA-256 of version ${current.version}` }], version: current.version },
        );
      }
      if ((await this.signingStatus(manager, session, versions)).signatures.some((g) => g.memberId === member.id)) {
        throw new DomainError(DomainErrorCode.Conflict, `${member.fullName} already signed version ${current.version} of these minutes`);
      }
      await this.juries.insertSignature(manager, {
        sessionId: id,
        version: current.version,
        sha256: normalised,
        memberId: member.id,
        userId: auth.userId,
      });
      const status = await this.signingStatus(manager, session, versions);
      if (status.signed && current.signedAt === null) {
        // This signature completes the version: it is signed from now on.
        status.signedAt = await this.juries.markMinutesSigned(manager, id, current.version);
        status.versions[0].signedAt = status.signedAt;
      }
      await recordAudit(manager, auth, {
        action: 'jury_minutes.signed',
        entityType: 'jury_session',
        entityId: id,
        after: { version: current.version, sha256: normalised, memberId: member.id, signed: status.signed },
      });
      return status;
    });
  }
}

/** The members as the minutes record them: presence as recorded, or (not recorded) the listed members as present. */
function minutesMembers(session: SessionRecord): MinutesMember[] {
  const presenceRecorded = session.presenceRecordedAt !== null;
  const sitting = new Set(sittingMembers(session.members, presenceRecorded).map((m) => m.id));
  return session.members.map(({ replacesMemberId, ...m }) => ({
    ...m,
    present: sitting.has(m.id),
    replacesMemberName: session.members.find((r) => r.id === replacesMemberId)?.fullName ?? null,
  }));
}

/** Minutes members carry presence as decided when they were built. */
const asSitting = (members: MinutesMember[]) =>
  members.map((m) => ({ id: m.id, listed: m.listed, present: m.present, president: m.president }));
