import type { AccessRouteDto, BlockDto, CertificationSheetDto } from '@project/catalogue';
import { ACCESS_ROUTES } from '@project/domain';
import { ProvidedField } from './map-fiche';

const SIMPLE_FIELDS = [
  'title',
  'level',
  'active',
  'certifiers',
  'nsfCodes',
  'formacodes',
  'romeCodes',
  'registrationEndsOn',
  'replaces',
] as const;

/**
 * The sheet to store when an export meets a certification curated by hand: the export overwrites only
 * what it states. Routes it states get their open flag from it but keep a curated structured jury rule;
 * blocks it states get their title, competencies and evaluation text from it but keep their curated
 * modalities, pass mark and mandatory flag; everything it cannot state (prerequisites, completion rule,
 * statistics...) stays as curated. Blocks it no longer lists are dropped, hence retired by the catalogue.
 */
export function mergeIntoCurated(
  curated: CertificationSheetDto,
  imported: CertificationSheetDto,
  provided: ProvidedField[],
): CertificationSheetDto {
  const merged: CertificationSheetDto = { ...curated };
  const has = new Set(provided);
  for (const field of SIMPLE_FIELDS) {
    if (has.has(field)) (merged as unknown as Record<string, unknown>)[field] = imported[field];
  }
  if (has.has('accessRoutes')) merged.accessRoutes = mergeRoutes(curated.accessRoutes, imported.accessRoutes);
  if (has.has('blocks'))
    merged.blocks = imported.blocks.map((block) =>
      mergeBlock(
        curated.blocks.find((b) => b.code === block.code),
        block,
      ),
    );
  return merged;
}

function mergeRoutes(curated: AccessRouteDto[], imported: AccessRouteDto[]): AccessRouteDto[] {
  return ACCESS_ROUTES.flatMap((route) => {
    const fromExport = imported.find((r) => r.route === route);
    const kept = curated.find((r) => r.route === route);
    if (!fromExport) return kept ? [kept] : [];
    if (!fromExport.open) return [{ route, open: false, juryComposition: null }];
    const structured = kept?.juryComposition && kept.juryComposition.requirements.length > 0 ? kept.juryComposition : null;
    return [{ route, open: true, juryComposition: structured ?? fromExport.juryComposition ?? kept?.juryComposition ?? null }];
  });
}

function mergeBlock(curated: BlockDto | undefined, imported: BlockDto): BlockDto {
  if (!curated) return imported;
  return {
    ...curated,
    title: imported.title,
    competencies: imported.competencies.length > 0 ? imported.competencies : curated.competencies,
    evaluationText: imported.evaluationText ?? curated.evaluationText ?? null,
    modalities: curated.modalities.length > 0 ? curated.modalities : imported.modalities,
  };
}
