import { DomainError, DomainErrorCode } from '@project/domain';
import { SaxesParser } from 'saxes';
import { StringDecoder } from 'node:string_decoder';

/**
 * The CDC's processing report ("accusé de traitement"), read by a SAX parser that never resolves a DTD or an
 * entity (a DOCTYPE is refused outright, so no XXE and no entity expansion), with names matched on their local
 * part whatever the prefix and whitespace trimmed. The structure it expects, as ../shared/accrochage.md states it:
 *
 *   <any root>
 *     <idFlux>…</idFlux>                              optional: then it must be the declared file's
 *     <passagesOK><passageOK><idTechnique>…</idTechnique></passageOK>…</passagesOK>
 *     <passagesKO><passageKO><idTechnique>…</idTechnique>
 *        <erreurs><erreur>message</erreur>… | <erreur><code>…</code><libelle>…</libelle></erreur>…</erreurs>
 *     </passageKO>…</passagesKO>
 *
 * Strict on ids: every passage has exactly one non-empty idTechnique, none appears twice. Every other leaf text of a
 * rejected passage is one of its messages (the leaves of one `erreur` joined into one message).
 */

export interface ProcessingReport {
  idFlux: string | null;
  accepted: string[];
  rejected: { idTechnique: string; messages: string[] }[];
}

export const REPORT_LIMITS = { maxPassages: 200_000, maxDepth: 32, maxTextLength: 4_000, maxMessagesPerPassage: 50 };

const local = (name: string) => name.slice(name.indexOf(':') + 1);

interface Frame {
  name: string;
  text: string;
  hasChildren: boolean;
  parts: string[];
}

interface Passage {
  kind: 'accepted' | 'rejected';
  depth: number;
  ids: string[];
  messages: string[];
}

function unreadable(message: string): DomainError {
  return new DomainError(DomainErrorCode.UnreadableReport, `The processing report is not readable XML: ${message}`);
}

function invalid(message: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError(DomainErrorCode.InvalidReport, message, details);
}

/** Parses the whole report (a buffer of UTF-8), or throws: UnreadableReport (400) or InvalidReport (422). */
export function parseProcessingReport(source: Buffer): ProcessingReport {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Frame[] = [];
  const report: ProcessingReport = { idFlux: null, accepted: [], rejected: [] };
  const problems: string[] = [];
  const seen = new Set<string>();
  let passage: Passage | undefined;
  let passages = 0;
  let failure: Error | undefined;

  parser.on('doctype', () => {
    throw unreadable('a DOCTYPE (DTD, entities) is not accepted');
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= REPORT_LIMITS.maxDepth) throw unreadable(`nested more than ${REPORT_LIMITS.maxDepth} levels deep`);
    const parent = stack[stack.length - 1];
    if (parent) {
      // Only leaves carry values: the whitespace between elements is dropped, whatever its length.
      parent.hasChildren = true;
      parent.text = '';
    }
    const container = parent ? local(parent.name) : '';
    if (!passage && parent && (container === 'passagesOK' || container === 'passagesKO')) {
      if (++passages > REPORT_LIMITS.maxPassages) throw invalid(`More than ${REPORT_LIMITS.maxPassages} passages in one report`);
      passage = { kind: container === 'passagesOK' ? 'accepted' : 'rejected', depth: stack.length, ids: [], messages: [] };
    }
    stack.push({ name: tag.name, text: '', hasChildren: false, parts: [] });
  });
  const addText = (text: string) => {
    const frame = stack[stack.length - 1];
    if (!frame || frame.hasChildren) return;
    if (frame.text.length + text.length > REPORT_LIMITS.maxTextLength)
      throw invalid(`A text of the report is longer than ${REPORT_LIMITS.maxTextLength} characters`);
    frame.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const frame = stack.pop()!;
    const name = local(frame.name);
    const text = frame.text.trim();
    const parent = stack[stack.length - 1];
    if (name === 'idFlux' && !passage && text) report.idFlux = text;
    if (passage && stack.length > passage.depth) {
      if (name === 'idTechnique' && !frame.hasChildren) passage.ids.push(text);
      else if (passage.kind === 'rejected' && !frame.hasChildren && text) {
        if (parent && local(parent.name) === 'erreur') parent.parts.push(text);
        else passage.messages.push(text);
      } else if (passage.kind === 'rejected' && name === 'erreur' && frame.parts.length > 0) passage.messages.push(frame.parts.join(' — '));
      if (passage.messages.length > REPORT_LIMITS.maxMessagesPerPassage)
        throw invalid(`A passage has more than ${REPORT_LIMITS.maxMessagesPerPassage} messages`);
    }
    if (passage && stack.length === passage.depth) {
      const done = passage;
      passage = undefined;
      const ids = done.ids.filter((id) => id.length > 0);
      if (ids.length !== 1 || done.ids.length !== 1) {
        problems.push(
          `a passage (line ${parser.line}) has ${done.ids.length === 0 ? 'no' : done.ids.length > 1 ? 'several' : 'an empty'} idTechnique`,
        );
        return;
      }
      const [id] = ids;
      if (seen.has(id)) problems.push(`idTechnique ${id} appears more than once`);
      seen.add(id);
      if (done.kind === 'accepted') report.accepted.push(id);
      else report.rejected.push({ idTechnique: id, messages: done.messages.length > 0 ? done.messages : ['Rejeté sans message'] });
    }
  });
  parser.on('error', (error) => {
    failure ??= error;
  });

  try {
    const decoder = new StringDecoder('utf8');
    const CHUNK = 1 << 16;
    for (let offset = 0; offset < source.length && !failure; offset += CHUNK)
      parser.write(decoder.write(source.subarray(offset, offset + CHUNK)));
    if (!failure) parser.write(decoder.end()).close();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    failure ??= error as Error;
  }
  if (failure) throw unreadable(failure.message);
  if (problems.length > 0)
    throw invalid(`The processing report is inconsistent: ${problems.slice(0, 5).join('; ')}`, { problems: problems.slice(0, 100) });
  if (report.accepted.length + report.rejected.length === 0)
    throw invalid('The processing report lists no passage (passagesOK / passagesKO)');
  return report;
}
