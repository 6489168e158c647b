import { ACCESS_ROUTES, MODALITY_KINDS } from '@project/domain';
import rncp41296 from './RNCP41296.json';
import rncp41336 from './RNCP41336.json';

// The two seed sheets transcribed from /work/shared/seeds (France Compétences RNCP fiches).

const ROUTES = [...ACCESS_ROUTES];

const JURY_ROLES = ['external_professional', 'certifier_management', 'pedagogical_lead', 'national_certification_lead'];

const sheets = [rncp41296, rncp41336];

function block(sheet: typeof rncp41296 | typeof rncp41336, suffix: string) {
  const found = sheet.blocks.find((b) => b.code === sheet.code + suffix);
  if (!found) throw new Error(`block ${sheet.code}${suffix} missing`);
  return found;
}

function route(sheet: typeof rncp41296 | typeof rncp41336, name: string) {
  const found = sheet.accessRoutes.find((r) => r.route === name);
  if (!found) throw new Error(`route ${name} missing on ${sheet.code}`);
  return found;
}

describe('seed certification sheets', () => {
  describe.each(sheets.map((s) => [s.code, s] as const))('%s (common invariants)', (_code, sheet) => {
    it('is a level 7, active certification with an ISO registration end date', () => {
      expect(sheet.level).toBe(7);
      expect(sheet.active).toBe(true);
      expect(sheet.registrationEndsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(sheet.certifiers).toHaveLength(1);
      expect(sheet.certifiers[0].siret).toMatch(/^\d{14}$/);
    });

    it('requires all blocks, each mandatory with a pass mark of 10', () => {
      expect(sheet.completionRule).toEqual({ kind: 'all_blocks' });
      expect(sheet.blocks).toHaveLength(4);
      for (const b of sheet.blocks) {
        expect(b.mandatory).toBe(true);
        expect(b.passMark).toBe(10);
      }
    });

    it('every block code starts with the certification code, and codes are BC01..BC04 in order', () => {
      for (const b of sheet.blocks) {
        expect(b.code.startsWith(sheet.code)).toBe(true);
      }
      expect(sheet.blocks.map((b) => b.code)).toEqual(['BC01', 'BC02', 'BC03', 'BC04'].map((s) => sheet.code + s));
    });

    it('every competency, title and evaluation text is a non-empty trimmed string', () => {
      for (const b of sheet.blocks) {
        expect(b.title.length).toBeGreaterThan(0);
        expect(b.title).toBe(b.title.trim());
        expect(b.evaluationText.length).toBeGreaterThan(0);
        expect(b.competencies.length).toBeGreaterThan(0);
        for (const c of b.competencies) {
          expect(typeof c).toBe('string');
          expect(c.length).toBeGreaterThan(0);
          expect(c).toBe(c.trim());
          expect(c.startsWith('•')).toBe(false);
        }
        expect(new Set(b.competencies).size).toBe(b.competencies.length);
      }
    });

    it('every modality has a known kind (or "other") and valid attributes', () => {
      for (const b of sheet.blocks) {
        expect(b.modalities.length).toBeGreaterThan(0);
        for (const m of b.modalities) {
          expect(MODALITY_KINDS).toContain(m.kind as (typeof MODALITY_KINDS)[number]);
          expect(m.label.trim().length).toBeGreaterThan(0);
          expect(['individual', 'collective']).toContain(m.mode);
          expect(['written', 'oral']).toContain(m.form);
          expect(m.coefficient).toBe(1);
          expect(m.passMark).toBe(10);
          expect(m.eliminatoryFloor).toBeNull();
          expect(m.grading).toBe('score');
        }
      }
    });

    it('lists the six access routes exactly once each, in order', () => {
      const names = sheet.accessRoutes.map((r) => r.route);
      expect(names).toEqual(ROUTES);
      for (const r of ROUTES) {
        expect(names.filter((n) => n === r)).toHaveLength(1);
      }
    });

    it('has individual application closed and every other route (incl. VAE) open with a jury composition', () => {
      for (const r of sheet.accessRoutes) {
        if (r.route === 'individual_application') {
          expect(r.open).toBe(false);
          expect(r.juryComposition).toBeNull();
        } else {
          expect(r.open).toBe(true);
          expect(r.juryComposition).not.toBeNull();
          expect(r.juryComposition!.description.length).toBeGreaterThan(0);
          for (const req of r.juryComposition!.requirements) {
            expect(req.min).toBeGreaterThan(0);
            for (const role of req.roles) expect(JURY_ROLES).toContain(role);
          }
        }
      }
    });

    it('publishes yearly statistics with percentages in 0..100', () => {
      expect(sheet.statistics.length).toBeGreaterThan(0);
      for (const s of sheet.statistics) {
        expect(Number.isInteger(s.year)).toBe(true);
        for (const rate of [s.insertionRate6Months, s.insertionRateInTargetJob6Months, s.insertionRate2Years]) {
          if (rate !== null) {
            expect(rate).toBeGreaterThanOrEqual(0);
            expect(rate).toBeLessThanOrEqual(100);
          }
        }
      }
    });
  });

  describe('RNCP41296 — Manager en organisation de solidarité (IRCOM)', () => {
    const s = rncp41296;

    it('has the identity, codes and dates of the sheet', () => {
      expect(s.code).toBe('RNCP41296');
      expect(s.title).toBe('Manager en organisation de solidarité');
      expect(s.registrationEndsOn).toBe('2028-09-24');
      expect(s.replaces).toEqual([]);
      expect(s.certifiers[0]).toEqual({
        name: 'ASSOCIATION SAINTE ANNE',
        siret: '32949147600019',
        website: 'https://www.ircom.fr/',
      });
      expect(s.nsfCodes.map((c) => c.code)).toEqual(['310m', '330p', '332n']);
      expect(s.formacodes.map((c) => c.code)).toEqual(['32135', '44056']);
      expect(s.romeCodes.map((c) => c.code)).toEqual(['K1403', 'K1802', 'K1201', 'K1800']);
      expect(s.prerequisites).toContain('En première année');
      expect(s.additionalRequirements).toEqual([]);
    });

    it('has 4 blocks with 6/6/10/5 competencies', () => {
      expect(s.blocks.map((b) => b.competencies.length)).toEqual([6, 6, 10, 5]);
    });

    it('has the modalities listed in domain.md', () => {
      expect(block(s, 'BC01').modalities.map((m) => m.kind)).toEqual(['professional_thesis', 'oral_defence']);
      expect(block(s, 'BC02').modalities.map((m) => m.kind)).toEqual(['case_study']);
      expect(block(s, 'BC03').modalities.map((m) => m.kind)).toEqual([
        'professional_simulation',
        'reflective_analysis',
        'english_written',
        'english_oral',
      ]);
      expect(block(s, 'BC04').modalities.map((m) => m.kind)).toEqual(['professional_thesis', 'oral_exam']);
    });

    it('assesses English in BC03 by a written and an oral exam', () => {
      const bc03 = block(s, 'BC03');
      const written = bc03.modalities.find((m) => m.kind === 'english_written');
      const oral = bc03.modalities.find((m) => m.kind === 'english_oral');
      expect(written?.form).toBe('written');
      expect(oral?.form).toBe('oral');
      expect(bc03.competencies[9]).toContain('anglais professionnel');
    });

    it('closes individual application and opens VAE', () => {
      expect(route(s, 'individual_application').open).toBe(false);
      expect(route(s, 'vae').open).toBe(true);
    });

    it('requires two unrelated external solidarity managers plus one member of the certifier management', () => {
      for (const r of s.accessRoutes.filter((x) => x.open)) {
        expect(r.juryComposition!.requirements).toEqual([
          {
            label: "Professionnels extérieurs en poste de direction d'organisations de solidarité, sans lien avec les candidats",
            roles: ['external_professional'],
            min: 2,
            external: true,
          },
          { label: "Membre de la direction de l'organisme certificateur", roles: ['certifier_management'], min: 1 },
        ]);
        expect(r.juryComposition!.description).toContain('sans lien avec les candidats');
      }
    });

    it('publishes the 2023 and 2022 statistics', () => {
      expect(s.statistics).toEqual([
        {
          year: 2023,
          certifiedCount: 40,
          certifiedByVaeCount: 0,
          insertionRate6Months: 91,
          insertionRateInTargetJob6Months: 65,
          insertionRate2Years: 60,
        },
        {
          year: 2022,
          certifiedCount: 27,
          certifiedByVaeCount: 0,
          insertionRate6Months: 88,
          insertionRateInTargetJob6Months: 61,
          insertionRate2Years: 71,
        },
      ]);
    });
  });

  describe("RNCP41336 — Manager d'organismes à vocation sociale et culturelle en ESS (CNAM)", () => {
    const s = rncp41336;

    it('has the identity, codes and dates of the sheet', () => {
      expect(s.code).toBe('RNCP41336');
      expect(s.registrationEndsOn).toBe('2030-09-24');
      expect(s.replaces).toEqual(['RNCP35080']);
      expect(s.certifiers[0]).toEqual({
        name: 'CONSERVATOIRE NATIONAL DES ARTS ET METIERS',
        siret: '19753471200017',
        website: null,
      });
      expect(s.nsfCodes.map((c) => c.code)).toEqual(['310m', '330p', '332n']);
      expect(s.formacodes.map((c) => c.code)).toEqual(['32135', '32142', '44047', '44037']);
      expect(s.romeCodes.map((c) => c.code)).toEqual(['K1403', 'K1207', 'K1206', 'K1401', 'M1205']);
      expect(s.prerequisites).toContain('certification de niveau 6');
    });

    it('has 12 competencies in BC01 (and 12/11/10/7 overall as the block lists print them)', () => {
      expect(block(s, 'BC01').competencies).toHaveLength(12);
      expect(s.blocks.map((b) => b.competencies.length)).toEqual([12, 11, 10, 7]);
    });

    it('keeps evaluation lines out of the competency lists', () => {
      for (const b of s.blocks) {
        for (const c of b.competencies) expect(c).not.toMatch(/^(Travail|Épreuve)/);
      }
    });

    it('requires job seekers to complete an internship of at least 8 weeks', () => {
      expect(s.additionalRequirements).toHaveLength(1);
      expect(s.additionalRequirements[0]).toContain('demandeurs d’emplois');
      expect(s.additionalRequirements[0]).toContain('au moins 8 semaines');
    });

    it('has the modalities listed in domain.md', () => {
      const summary = (suffix: string) => block(s, suffix).modalities.map((m) => [m.kind, m.mode, m.form]);
      expect(summary('BC01')).toEqual([
        ['written_synthesis', 'individual', 'written'],
        ['case_study', 'individual', 'written'],
        ['professional_simulation', 'individual', 'oral'],
      ]);
      expect(summary('BC02')).toEqual([
        ['written_report', 'individual', 'written'],
        ['written_synthesis', 'individual', 'written'],
        ['call_for_projects_response', 'collective', 'written'],
      ]);
      expect(summary('BC03')).toEqual([
        ['organisational_audit', 'collective', 'written'],
        ['oral_exam', 'collective', 'oral'],
        ['social_dialogue_simulation', 'individual', 'oral'],
      ]);
      expect(summary('BC04')).toEqual([
        ['action_research', 'collective', 'written'],
        ['professional_thesis', 'individual', 'written'],
      ]);
      for (const b of s.blocks) {
        for (const m of b.modalities) {
          if (m.kind === 'call_for_projects_response' || m.kind === 'action_research') {
            expect(m.label).toContain('(écrit et oral)');
          }
        }
      }
    });

    it('closes individual application and opens VAE', () => {
      expect(route(s, 'individual_application').open).toBe(false);
      expect(route(s, 'vae').open).toBe(true);
    });

    it('requires two pedagogical leads (one the national lead or delegate) and two external ESS professionals', () => {
      for (const r of s.accessRoutes.filter((x) => x.open)) {
        const reqs = r.juryComposition!.requirements;
        expect(reqs.map((q) => [q.roles, q.min, 'external' in q ? q.external : undefined])).toEqual([
          [['pedagogical_lead', 'national_certification_lead'], 2, undefined],
          [['national_certification_lead'], 1, undefined],
          [['external_professional'], 2, true],
        ]);
        expect(reqs[1].label).toBe('Responsable national de la certification ou son délégué');
      }
    });

    it('publishes five years of statistics, 2023 to 2019', () => {
      expect(s.statistics.map((x) => x.year)).toEqual([2023, 2022, 2021, 2020, 2019]);
      expect(s.statistics.map((x) => x.certifiedByVaeCount)).toEqual([1, 0, 0, 3, 0]);
      expect(s.statistics[0]).toEqual({
        year: 2023,
        certifiedCount: 47,
        certifiedByVaeCount: 1,
        insertionRate6Months: 88,
        insertionRateInTargetJob6Months: 70,
        insertionRate2Years: 76,
      });
    });
  });
});
