import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ZipFile } from 'yazl';

/**
 * Writes a realistic France Compétences export (root FICHES, one FICHE per certification) of any size,
 * streamed to disk, then zipped as published. Deterministic: the same count gives the same file.
 * Fiches carry what real ones carry: long escaped-HTML fields the import ignores, 1–8 blocks of HTML
 * competency lists, free-text evaluation modalities, codes, certifiers, jury routes, a third inactive.
 */

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'piloter organiser analyser concevoir évaluer accompagner coordonner manager projet équipe stratégie ' +
  'budget partenaires solidarité territoire diagnostic communication qualité sécurité client service ' +
  'production maintenance réglementation données numérique environnement social économique activité ' +
  'établissement structure public bénéficiaires ressources humaines financières suivi indicateurs ' +
  'démarche méthode outils procédures contrôle conformité développement commercial technique'
).split(' ');

const MODALITIES = [
  'Mémoire professionnel et soutenance orale devant le jury',
  'Etude de cas individuelle à partir d’une situation réelle',
  'Mise en situation professionnelle reconstituée',
  'Epreuves d’anglais écrite et orale',
  'Analyse réflexive sur la pratique',
  'Note de synthèse',
  'Rapport d’activité écrit',
  'Epreuve orale',
  'Dossier professionnel et entretien avec le jury',
  'Réponse collective à un appel à projets',
  'Evaluation en cours de formation, contrôle continu',
];

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function generateExportXml(path: string, fiches: number, seed = 42): Promise<void> {
  const rand = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const sentence = (min: number, max: number) => {
    const words = Array.from({ length: int(min, max) }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    return words.join(' ') + '.';
  };
  const htmlList = (count: number, min: number, max: number) =>
    escape(`<ul>${Array.from({ length: count }, () => `<li>${sentence(min, max)}</li>`).join('')}</ul>`);
  const paragraphs = (count: number) => escape(Array.from({ length: count }, () => `<p>${sentence(15, 40)}</p>`).join(''));

  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<FICHES>\n<VERSION_FLUX>4.1</VERSION_FLUX>\n');
  for (let i = 0; i < fiches; i++) {
    const code = `RNCP${30000 + i}`;
    const active = rand() > 0.33;
    const day = String(int(1, 28)).padStart(2, '0');
    const month = String(int(1, 12)).padStart(2, '0');
    const parts: string[] = [
      `<FICHE>`,
      `<ID_FICHE>${100000 + i}</ID_FICHE><NUMERO_FICHE>${code}</NUMERO_FICHE>`,
      `<INTITULE>${escape(sentence(3, 9).replace(/\.$/, ''))} &amp; ${pick(WORDS)}</INTITULE>`,
      `<ABREGE><CODE>TP</CODE><LIBELLE>Titre professionnel</LIBELLE></ABREGE>`,
      `<ETAT_FICHE>${active ? 'Publiée' : 'Inactive'}</ETAT_FICHE><ACTIF>${active ? 'Oui' : 'Non'}</ACTIF>`,
      `<DATE_DE_PUBLICATION>${day}/${month}/2021</DATE_DE_PUBLICATION>`,
      `<DATE_FIN_ENREGISTREMENT>${day}/${month}/${int(2019, 2031)}</DATE_FIN_ENREGISTREMENT>`,
      `<TYPE_ENREGISTREMENT>Enregistrement sur demande</TYPE_ENREGISTREMENT>`,
      `<NOMENCLATURE_EUROPE><NIVEAU>NIV${int(3, 7)}</NIVEAU><INTITULE>Niveau</INTITULE></NOMENCLATURE_EUROPE>`,
      `<CODES_NSF>${Array.from({ length: int(1, 3) }, (_, k) => `<NSF><CODE>${300 + k * 11 + int(0, 9)}</CODE><INTITULE>${escape(sentence(2, 5))}</INTITULE></NSF>`).join('')}</CODES_NSF>`,
      `<FORMACODES>${Array.from({ length: int(1, 5) }, (_, k) => `<FORMACODE><CODE>${32000 + k * 97 + int(0, 90)}</CODE><LIBELLE>${escape(sentence(2, 4))}</LIBELLE></FORMACODE>`).join('')}</FORMACODES>`,
      `<CODES_ROME>${Array.from({ length: int(1, 5) }, (_, k) => `<ROME><CODE>${pick(['K', 'M', 'H', 'D', 'J'])}${1100 + k * 101 + int(0, 9)}</CODE><LIBELLE>${escape(sentence(2, 6))}</LIBELLE></ROME>`).join('')}</CODES_ROME>`,
      `<CERTIFICATEURS>${Array.from({ length: int(1, 2) }, () => `<CERTIFICATEUR><SIRET_CERTIFICATEUR>${int(10000000, 99999999)}${int(100000, 999999)}</SIRET_CERTIFICATEUR><NOM_CERTIFICATEUR>${escape(sentence(2, 5).toUpperCase())}</NOM_CERTIFICATEUR></CERTIFICATEUR>`).join('')}</CERTIFICATEURS>`,
      `<ACTIVITES_VISEES>${paragraphs(int(3, 8))}</ACTIVITES_VISEES>`,
      `<CAPACITES_ATTESTEES>${htmlList(int(5, 15), 15, 35)}</CAPACITES_ATTESTEES>`,
      `<SECTEURS_ACTIVITE>${paragraphs(int(1, 3))}</SECTEURS_ACTIVITE>`,
      `<TYPE_EMPLOI_ACCESSIBLES>${paragraphs(int(1, 3))}</TYPE_EMPLOI_ACCESSIBLES>`,
      `<OBJECTIFS_CONTEXTE>${paragraphs(int(1, 4))}</OBJECTIFS_CONTEXTE>`,
      `<PREREQUIS_ENTREE_FORMATION>${paragraphs(int(0, 2))}</PREREQUIS_ENTREE_FORMATION>`,
      `<BLOCS_COMPETENCES>`,
    ];
    const blocks = int(1, 8);
    for (let b = 1; b <= blocks; b++) {
      const evaluation = Array.from({ length: int(1, 3) }, () => pick(MODALITIES))
        .map((m) => `<p>${m}</p>`)
        .join('');
      parts.push(
        `<BLOC_COMPETENCES><CODE>${code}BC${String(b).padStart(2, '0')}</CODE><LIBELLE>${escape(sentence(5, 14))}</LIBELLE>` +
          `<LISTE_COMPETENCES>${htmlList(int(4, 12), 15, 40)}</LISTE_COMPETENCES>` +
          `<MODALITES_EVALUATION>${escape(evaluation)}</MODALITES_EVALUATION></BLOC_COMPETENCES>`,
      );
    }
    parts.push(`</BLOCS_COMPETENCES>`);
    for (const suffix of ['FI', 'CA', 'FC', 'CQ', 'CL', 'VAE']) {
      const open = suffix === 'CL' ? rand() < 0.2 : rand() < 0.85;
      parts.push(`<SI_JURY_${suffix}>${open ? 'Oui' : 'Non'}</SI_JURY_${suffix}>`);
      if (open) parts.push(`<JURY_${suffix}>${paragraphs(int(1, 2))}</JURY_${suffix}>`);
    }
    if (rand() < 0.3)
      parts.push(
        `<ANCIENNES_CERTIFICATIONS><ANCIENNE_CERTIFICATION>RNCP${int(1000, 29999)}</ANCIENNE_CERTIFICATION></ANCIENNES_CERTIFICATIONS>`,
      );
    parts.push(`</FICHE>\n`);
    await write(parts.join(''));
  }
  await write('</FICHES>\n');
  out.end();
  await once(out, 'close');
}

/** Zips a file on disk, streamed, as the registry's `export-fiches-rncp-v4-1-YYYY-MM-DD.zip`. */
export async function zipFile(source: string, entryName: string, target: string): Promise<void> {
  const zip = new ZipFile();
  zip.addFile(source, entryName);
  zip.end();
  const out = createWriteStream(target);
  zip.outputStream.pipe(out);
  await once(out, 'close');
}
