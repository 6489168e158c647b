import { ACCESS_ROUTES } from '@project/domain';
import { CertificationSheetDto } from './dto/certification.dto';

/**
 * The defaults a sheet takes when stored (active, pass mark 10, mandatory blocks, score grading…), written once:
 * the repository stores the sheet through it, and the RNCP import compares stored and computed sheets with it.
 */
export function normaliseSheet(sheet: CertificationSheetDto): CertificationSheetDto {
  return {
    code: sheet.code,
    title: sheet.title,
    level: sheet.level ?? null,
    active: sheet.active ?? true,
    certifiers: sheet.certifiers.map((c) => ({ name: c.name, siret: c.siret ?? null, website: c.website ?? null })),
    nsfCodes: sheet.nsfCodes,
    formacodes: sheet.formacodes,
    romeCodes: sheet.romeCodes,
    registrationEndsOn: sheet.registrationEndsOn ?? null,
    replaces: sheet.replaces,
    prerequisites: sheet.prerequisites ?? null,
    additionalRequirements: sheet.additionalRequirements ?? [],
    accessRoutes: ACCESS_ROUTES.flatMap((route) => sheet.accessRoutes.filter((r) => r.route === route)).map((r) => ({
      route: r.route,
      open: r.open,
      juryComposition: r.juryComposition ?? null,
    })),
    completionRule: sheet.completionRule,
    blocks: sheet.blocks.map((b) => ({
      code: b.code,
      title: b.title,
      mandatory: b.mandatory ?? true,
      passMark: b.passMark ?? 10,
      competencies: b.competencies,
      evaluationText: b.evaluationText ?? null,
      modalities: b.modalities.map((m) => ({
        ...(m.id ? { id: m.id } : {}),
        kind: m.kind,
        label: m.label,
        mode: m.mode,
        form: m.form,
        coefficient: m.coefficient,
        passMark: m.passMark,
        eliminatoryFloor: m.eliminatoryFloor ?? null,
        grading: m.grading ?? 'score',
      })),
    })),
    statistics: sheet.statistics ?? [],
  };
}
