import { recordAudit } from '@project/platform';
import { DataSource } from 'typeorm';
import { CatalogueRepository, certificationExists } from './catalogue.repository';
import { sheetHash } from './catalogue.service';
import { CertificationSheetDto } from './dto/certification.dto';
import rncp41296 from './seeds/RNCP41296.json';
import rncp41336 from './seeds/RNCP41336.json';

/** The two sheets the product was founded on, transcribed by hand from France Compétences. */
export const SEED_SHEETS = [rncp41296, rncp41336] as unknown as CertificationSheetDto[];

/** Loads each seed certification that is absent; never overwrites what an admin or an import changed. */
export async function loadSeedCertifications(dataSource: DataSource): Promise<string[]> {
  const repository = new CatalogueRepository(dataSource);
  const loaded: string[] = [];
  for (const sheet of SEED_SHEETS) {
    await dataSource.transaction(async (manager) => {
      if (await certificationExists(manager, sheet.code)) return;
      await repository.upsertSheet(manager, sheet, sheetHash(sheet), true);
      await recordAudit(manager, null, {
        action: 'certification.seeded',
        entityType: 'certification',
        entityId: sheet.code,
        after: { source: 'seed' },
      });
      loaded.push(sheet.code);
    });
  }
  return loaded;
}
