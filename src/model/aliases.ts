/**
 * What a Viesion export may call each canonical field, per dataset, and what its values may be
 * called. Everything is matched after `normalize` (case, accents, punctuation, spaces). Every
 * heading here is a default alias, never a fixed schema: `plie-audit.yaml` (`columns:`,
 * `values:`) extends and overrides them.
 */
import { normalize } from './normalize.js';
import type {
  AffectationStatus,
  Attendance,
  ContractType,
  DatasetName,
  EventFormat,
  EventKind,
  EventMode,
  ExitType,
  Role,
  StepCategory,
  StepStatus,
  TimeCategory,
} from './types.js';

export type EnumName =
  | 'kind'
  | 'mode'
  | 'format'
  | 'attendance'
  | 'role'
  | 'timeCategory'
  | 'affectationStatus'
  | 'exitType'
  | 'stepCategory'
  | 'contract'
  | 'stepStatus'
  | 'sex';

export type FieldKind =
  | 'id'
  | 'text'
  | 'date'
  | 'month'
  | 'time'
  | 'duration'
  | 'age'
  | 'weeklyHours'
  | 'boolean'
  | 'enum';

/** Every canonical field name of every dataset (the mapper gives each a slot). */
export const FIELD_NAMES = [
  'participantId', 'lastName', 'firstName', 'fullName', 'category', 'contract', 'label', 'operator', 'start', 'end',
  'plannedEnd', 'weeklyHours', 'qualifying', 'plie', 'droitCommun', 'clause', 'aci', 'status', 'proofDate',
  'orientationDate', 'entryDate', 'sex', 'birthDate', 'age', 'commune', 'epci', 'qpv', 'brsa', 'cer', 'cerDate', 'deld',
  'th', 'educationLevel', 'healthStart', 'exitDate', 'exitType', 'exitReason', 'forecastDate', 'commissionDate',
  'proofKind', 'date', 'startTime', 'endTime', 'duration', 'referent', 'role', 'kind', 'mode', 'format', 'attendance',
  'subject', 'timeCategory', 'enteredAt', 'signed', 'location', 'structure', 'lot', 'month', 'veilleStart', 'veilleEnd',
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export interface FieldDef {
  /** Canonical field name (config `columns:` key, InputReport.columns key). */
  name: FieldName;
  /** How messages name the column: the first alias. */
  label: string;
  /** Headers as a person would write them; normalised in `aliases`. */
  written: readonly string[];
  /** Normalised aliases, best first (the earlier alias wins when two columns match). */
  aliases: readonly string[];
  kind: FieldKind;
  enumName?: EnumName;
  /** Written once above the rows of a grouped report: carried down. */
  groupable?: boolean;
  /** Values repeat across rows: share one string instance per spelling. */
  intern?: boolean;
  /** The record property this field fills, when it differs from `name`. */
  recordField?: string;
}

export interface DatasetDef {
  name: DatasetName;
  fields: readonly FieldDef[];
  byName: ReadonlyMap<string, FieldDef>;
  /** normalised header → field and its priority (index of the alias in the field's list). */
  aliasIndex: ReadonlyMap<string, { field: FieldDef; priority: number }>;
  /**
   * Recognition: every requirement must be met; a requirement is met when all the fields of one
   * of its alternatives are mapped.
   */
  requirements: readonly (readonly (readonly string[])[])[];
  /** Tie-break when a header fits several datasets equally well (lower wins). */
  precedence: number;
}

function field(
  name: FieldName,
  kind: FieldKind,
  written: string[],
  extra: Partial<Pick<FieldDef, 'enumName' | 'groupable' | 'intern' | 'recordField'>> = {},
): FieldDef {
  const aliases: string[] = [];
  for (const w of written) {
    const n = normalize(w);
    if (!aliases.includes(n)) aliases.push(n);
  }
  return { name, label: written[0]!, written, aliases, kind, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Fields shared by several datasets

const ID_WRITTEN = [
  'N° dossier', 'Numéro de dossier', 'Dossier', 'Identifiant', 'ID participant', 'Code participant',
  'N° participant', 'Nº dossier', 'No dossier', 'Num dossier', 'N° de dossier', 'Numéro dossier',
  'Numéro participant', 'Numéro du participant', 'N° du participant', 'Identifiant participant',
  'Identifiant du participant', 'ID', 'Id dossier', 'ID bénéficiaire', 'N° bénéficiaire',
  'Code bénéficiaire', 'Identifiant bénéficiaire', 'Matricule', 'N° individu', 'Identifiant Viesion',
  'Référence dossier', 'Réf. dossier', 'N° PLIE', 'Numéro PLIE',
];

const participantId = field('participantId', 'id', ID_WRITTEN, { intern: true });
const lastName = field('lastName', 'text', [
  'Nom', 'Nom du participant', 'Nom bénéficiaire', 'Nom du bénéficiaire', 'Nom participant',
  'Nom de famille', 'Nom usuel',
], { intern: true });
const firstName = field('firstName', 'text', [
  'Prénom', 'Prénom bénéficiaire', 'Prénom du bénéficiaire', 'Prénom du participant', 'Prénom participant',
], { intern: true });
/** « DUPONT Marie » in one column: split on the upper-case family name (see mapper). */
const fullName = field('fullName', 'text', [
  'Participant', 'Bénéficiaire', 'Nom prénom', 'Nom et prénom', 'Nom - Prénom', 'Nom Prénom du participant',
  'Nom et prénom du participant', 'Identité', 'Participant(e)', 'Nom complet',
], { intern: true });

const IDENTITY = [participantId, lastName, firstName, fullName];

const ATTRIBUTES = [
  field('sex', 'enum', ['Sexe', 'Genre', 'Civilité', 'H/F', 'F/H'], { enumName: 'sex' }),
  field('birthDate', 'date', ['Date de naissance', 'Date naissance', 'Né(e) le', 'Né le', 'Naissance', 'DDN']),
  field('age', 'age', ['Âge', 'Age à l\'entrée', 'Âge à l\'entrée', 'Âge à l\'entrée PLIE', 'Age (ans)']),
  field('commune', 'text', [
    'Commune', 'Commune de résidence', 'Ville', 'Localité', 'Commune du domicile', 'Lieu de résidence',
    'Commune de domicile', 'Ville de résidence',
  ], { intern: true }),
  field('epci', 'text', ['EPCI', 'Intercommunalité', 'Communauté de communes', 'EPCI de résidence', 'Communauté d\'agglomération'], { intern: true }),
  field('qpv', 'boolean', [
    'QPV', 'Quartier prioritaire', 'Résident QPV', 'Résidant QPV', 'Habitant QPV', 'Quartier politique de la ville',
    'Résident quartier prioritaire',
  ]),
  field('brsa', 'boolean', ['BRSA', 'Bénéficiaire du RSA', 'RSA', 'Allocataire RSA', 'Allocataire du RSA', 'Bénéficiaire RSA']),
  field('cer', 'boolean', ['CER', 'CER en cours', 'Contrat d\'engagement réciproque', 'CER signé']),
  /** A date of CER means a CER exists: fills `cer`. */
  field('cerDate', 'date', ['Date CER', 'Date du CER', 'Date de signature du CER', 'Date de début du CER', 'Date signature CER']),
  field('deld', 'boolean', [
    'DELD', 'Demandeur d\'emploi de longue durée', 'DETLD', 'DELD (+12 mois)', 'Chômeur de longue durée', 'DE longue durée',
  ]),
  field('th', 'boolean', [
    'RQTH', 'TH', 'BOE', 'BOETH', 'Travailleur handicapé', 'Reconnaissance TH', 'Reconnaissance travailleur handicapé',
    'Handicap',
  ]),
  field('educationLevel', 'text', [
    'Niveau de formation', 'Niveau d\'études', 'Niveau scolaire', 'Niveau', 'Niveau de qualification',
    'Diplôme le plus élevé', 'Niveau de diplôme',
  ], { intern: true }),
  field('healthStart', 'date', [
    'Date début suivi santé', 'Date de début du suivi santé', 'Début suivi santé', 'Date début accompagnement santé',
    'Date début suivi psychologique', 'Date de début de suivi santé',
  ]),
];

/** Participant attributes collected into `Datasets.participants` (orientation/entry included). */
export const ATTRIBUTE_FIELDS = [
  'sex', 'birthDate', 'age', 'commune', 'epci', 'qpv', 'brsa', 'cer', 'deld', 'th', 'educationLevel', 'healthStart',
  'orientationDate', 'entryDate',
] as const;
export type AttributeField = (typeof ATTRIBUTE_FIELDS)[number];

const orientationDate = field('orientationDate', 'date', [
  'Date d\'orientation', 'Date de prescription', 'Date de réception de la fiche de candidature', 'Date orientation',
  'Date de la prescription', 'Date réception fiche candidature', 'Date de réception de la fiche', 'Date de candidature',
  'Date d\'orientation PLIE', 'Date prescription',
]);
const entryDate = field('entryDate', 'date', [
  'Date d\'entrée PLIE', 'Date d\'entrée', 'Date de validation de l\'entrée', 'Date d\'entrée dans le dispositif',
  'Date entrée', 'Date entrée PLIE', 'Date d\'entrée dans le PLIE', 'Date d\'intégration', 'Date d\'entrée en parcours',
  'Entrée PLIE', 'Date d\'entrée en accompagnement',
]);

const EXIT_DATE = [
  'Date de sortie', 'Date sortie', 'Date de sortie PLIE', 'Date de sortie du PLIE', 'Date de sortie du dispositif',
  'Sortie le', 'Date effective de sortie', 'Date de fin de parcours',
];
const EXIT_TYPE = ['Type de sortie', 'Type sortie', 'Nature de sortie', 'Catégorie de sortie', 'Sortie positive'];
const EXIT_REASON = [
  'Motif de sortie', 'Motif sortie', 'Motif', 'Raison de sortie', 'Cause de sortie', 'Détail de la sortie',
  'Situation à la sortie',
];

const referentWritten = [
  'Référent', 'Référent de parcours', 'Collaborateur', 'Conseiller', 'Accompagnateur', 'Référent parcours',
  'Référent PLIE', 'Nom du référent', 'Conseiller référent', 'Référent unique', 'Chargé d\'accompagnement',
  'Conseillère', 'Accompagnant', 'Référente',
];

// ---------------------------------------------------------------------------------------------
// Datasets

const affectations: FieldDef[] = [
  ...IDENTITY,
  field('referent', 'text', referentWritten, { groupable: true, intern: true }),
  field('structure', 'text', [
    'Structure', 'Structure référente', 'Porteur', 'Organisme', 'Structure porteuse', 'Structure d\'accompagnement',
    'Organisme référent', 'Structure du référent',
  ], { groupable: true, intern: true }),
  field('lot', 'text', ['Lot', 'Action', 'Opération', 'Fiche action', 'N° lot', 'Lot PLIE', 'Marché'], { intern: true }),
  field('start', 'date', [
    'Date de début d\'affectation', 'Début affectation', 'Date d\'affectation', 'Date début', 'Date de début',
    'Début', 'Date début affectation', 'Date de début de l\'affectation', 'Date d\'affectation au référent',
    'Affecté le', 'Date début accompagnement', 'Date de début d\'accompagnement', 'Début d\'accompagnement',
  ]),
  field('end', 'date', [
    'Date de fin d\'affectation', 'Fin affectation', 'Date fin', 'Date de fin', 'Fin', 'Date fin affectation',
    'Date de fin de l\'affectation', 'Date fin accompagnement', 'Date de fin d\'accompagnement', 'Fin d\'accompagnement',
  ]),
  field('month', 'month', ['Mois', 'Période', 'Mois de référence', 'Mois d\'activité', 'Mois concerné', 'Mois de l\'affectation']),
  field('status', 'enum', [
    'Statut', 'Statut parcours', 'Situation', 'Etat', 'Statut du parcours', 'Statut participant', 'Situation du participant',
    'Etat du parcours', 'Situation dans le mois', 'Statut du mois', 'Position',
  ], { enumName: 'affectationStatus' }),
  field('veilleStart', 'date', [
    'Date début veille', 'Début de veille', 'Date de début de veille', 'Début veille', 'Date de mise en veille', 'Mise en veille',
  ]),
  field('veilleEnd', 'date', [
    'Date fin veille', 'Fin de veille', 'Date de fin de veille', 'Fin veille', 'Date de sortie de veille', 'Sortie de veille',
  ]),
  orientationDate,
  entryDate,
  field('exitDate', 'date', EXIT_DATE),
  field('exitType', 'enum', EXIT_TYPE, { enumName: 'exitType' }),
  field('exitReason', 'text', EXIT_REASON, { intern: true }),
  ...ATTRIBUTES,
];

const agenda: FieldDef[] = [
  field('date', 'date', [
    'Date', 'Date du RDV', 'Date de RDV', 'Date de l\'entretien', 'Date de l\'événement', 'Date début', 'Date de début',
    'Date du rendez-vous', 'Date de rendez-vous', 'Date de l\'action', 'Date de l\'activité', 'Date du contact',
    'Date entretien', 'Date de l\'évènement', 'Jour',
  ]),
  field('startTime', 'time', [
    'Heure début', 'Heure de début', 'Heure', 'Début', 'Heure du RDV', 'Heure RDV', 'Heure de début du RDV', 'Horaire',
  ]),
  field('endTime', 'time', ['Heure fin', 'Heure de fin', 'Fin', 'Heure de fin du RDV']),
  field('duration', 'duration', [
    'Durée', 'Durée (min)', 'Durée réalisée', 'Temps participant', 'Temps passé', 'Durée en minutes', 'Durée (minutes)',
    'Durée (h)', 'Durée en heures', 'Durée (heures)', 'Durée de l\'entretien', 'Durée du RDV', 'Temps', 'Temps (min)',
    'Temps (h)', 'Nombre d\'heures', 'Nb heures', 'Durée (mn)', 'Temps passé (min)', 'Durée réalisée (min)',
  ], { recordField: 'durationMin' }),
  field('referent', 'text', [
    'Référent', 'Collaborateur', 'Intervenant', 'Conseiller', 'Agent', 'Référent de parcours', 'Accompagnateur',
    'Intervenante', 'Conseillère', 'Référente', 'Nom de l\'intervenant', 'Nom du référent', 'Utilisateur',
    'Propriétaire', 'Propriétaire du RDV', 'Agenda de', 'Animateur', 'Professionnel',
  ], { groupable: true, intern: true }),
  field('role', 'enum', ['Fonction', 'Rôle intervenant', 'Rôle', 'Fonction intervenant', 'Fonction de l\'intervenant', 'Métier', 'Profil'], { enumName: 'role' }),
  ...IDENTITY,
  field('kind', 'enum', [
    'Type', 'Type d\'événement', 'Type de contact', 'Type de RDV', 'Objet', 'Motif du RDV', 'Type d\'entretien',
    'Type de rendez-vous', 'Type d\'action', 'Type d\'activité', 'Type d\'évènement', 'Motif', 'Type d\'évenement',
    'Nature de l\'action', 'Type de l\'événement',
  ], { enumName: 'kind' }),
  field('mode', 'enum', ['Modalité', 'Mode de contact', 'Canal', 'Mode', 'Modalité de contact', 'Modalité du RDV', 'Mode d\'entretien'], { enumName: 'mode' }),
  field('format', 'enum', ['Nature du RDV', 'Individuel/Collectif', 'Format', 'Individuel ou collectif', 'Forme'], { enumName: 'format' }),
  field('attendance', 'enum', [
    'Présence', 'Statut', 'Statut du RDV', 'Réalisé', 'État', 'Etat du RDV', 'Statut de présence', 'Statut du rendez-vous',
    'Honoré', 'RDV honoré', 'Présent',
  ], { enumName: 'attendance' }),
  field('subject', 'text', [
    'Nature', 'Objet de l\'entretien', 'Thème', 'Synthèse', 'Commentaire', 'Commentaires', 'Objet du RDV',
    'Thématique', 'Sujet', 'Contenu', 'Compte rendu', 'Observations', 'Observation', 'Notes', 'Résumé', 'Description',
  ]),
  field('timeCategory', 'enum', ['Catégorie de temps', 'Type de temps', 'Catégorie'], { enumName: 'timeCategory' }),
  field('enteredAt', 'date', ['Date de saisie', 'Saisi le', 'Date de création', 'Créé le', 'Date saisie', 'Date création', 'Date d\'enregistrement']),
  field('signed', 'boolean', ['Émargement', 'Émargé', 'Feuille de présence signée', 'Signé', 'Feuille d\'émargement', 'Signature', 'Émargée']),
  field('location', 'text', ['Lieu', 'Permanence', 'Site', 'Lieu du RDV', 'Lieu de l\'entretien', 'Lieu de rendez-vous', 'Antenne'], { intern: true }),
];

const etapes: FieldDef[] = [
  ...IDENTITY,
  field('category', 'enum', [
    'Type d\'étape', 'Catégorie', 'Axe', 'Type d\'action', 'Catégorie d\'étape', 'Type étape', 'Nature de l\'étape',
    'Étape', 'Famille d\'étape', 'Type', 'Catégorie de l\'étape',
  ], { enumName: 'stepCategory' }),
  field('contract', 'enum', ['Type de contrat', 'Contrat', 'Nature du contrat'], { enumName: 'contract' }),
  field('label', 'text', [
    'Intitulé', 'Action', 'Libellé', 'Intitulé de l\'étape', 'Libellé de l\'étape', 'Intitulé de l\'action', 'Poste',
    'Intitulé du poste',
  ]),
  field('operator', 'text', [
    'Opérateur', 'Employeur', 'Organisme', 'Organisme de formation', 'Structure d\'accueil', 'Entreprise', 'Prestataire',
    'Raison sociale',
  ], { intern: true }),
  field('start', 'date', [
    'Date de début', 'Date début', 'Début', 'Date début étape', 'Date de début de l\'étape', 'Date début réelle',
    'Date de début réelle', 'Date d\'entrée en étape',
  ]),
  field('end', 'date', [
    'Date de fin', 'Date fin réelle', 'Date fin', 'Date de fin réelle', 'Fin', 'Date fin étape', 'Date de fin de l\'étape',
  ]),
  /** Used when the real end is empty (an ongoing CDD ends when planned). */
  field('plannedEnd', 'date', ['Date fin prévue', 'Date de fin prévue', 'Date prévisionnelle de fin', 'Fin prévue']),
  field('weeklyHours', 'weeklyHours', [
    'Durée hebdomadaire', 'Heures hebdo', 'Temps de travail', '% temps plein', 'Heures hebdomadaires', 'Durée hebdo',
    'Nombre d\'heures hebdomadaires', 'Temps de travail hebdomadaire', 'Quotité', 'Quotité de temps de travail',
    'Pourcentage temps plein', 'Taux d\'emploi', 'Nb heures hebdo',
  ]),
  field('qualifying', 'boolean', ['Qualifiante', 'Diplômante', 'Certifiante', 'Formation qualifiante', 'Qualifiante/Diplômante', 'Qualifiant']),
  field('plie', 'boolean', ['Étape PLIE', 'Programmation PLIE', 'PLIE', 'Financement PLIE', 'Action PLIE', 'Étape programmée PLIE']),
  /** « Droit commun: Oui » means plie = false. */
  field('droitCommun', 'boolean', ['Droit commun', 'Étape de droit commun']),
  field('clause', 'boolean', ['Clause d\'insertion', 'Clause sociale', 'Clauses sociales', 'Clause', 'Clause d\'insertion sociale']),
  field('aci', 'boolean', ['ACI', 'Chantier d\'insertion', 'Atelier chantier d\'insertion', 'Atelier et chantier d\'insertion']),
  field('status', 'enum', ['Statut', 'État', 'Statut de l\'étape', 'État de l\'étape', 'Situation'], { enumName: 'stepStatus' }),
  field('proofDate', 'date', ['Justificatif', 'Date justificatif', 'Attestation', 'Date du justificatif', 'Date de réception du justificatif', 'Date attestation']),
  orientationDate,
  entryDate,
  ...ATTRIBUTES,
];

const sorties: FieldDef[] = [
  ...IDENTITY,
  field('exitDate', 'date', EXIT_DATE),
  field('exitType', 'enum', [...EXIT_TYPE, 'Type'], { enumName: 'exitType' }),
  field('exitReason', 'text', EXIT_REASON, { intern: true }),
  field('forecastDate', 'date', [
    'Date de sortie prévisionnelle', 'Date prévisionnelle de sortie', 'Date de sortie prévue', 'Sortie prévue le', 'Date sortie prévisionnelle',
  ]),
  field('commissionDate', 'date', [
    'Date de validation', 'Date de commission', 'Date de validation de la sortie', 'Date commission', 'Date de validation en commission',
  ]),
  field('proofDate', 'date', [
    'Date de réception des justificatifs', 'Date justificatif', 'Date du justificatif', 'Date réception justificatif',
    'Justificatif reçu le', 'Date de réception du justificatif',
  ]),
  field('proofKind', 'text', ['Type de justificatif', 'Justificatif', 'Pièce justificative', 'Nature du justificatif'], { intern: true }),
  orientationDate,
  entryDate,
  ...ATTRIBUTES,
];

const PARTICIPANT = [['participantId'], ['lastName', 'firstName'], ['fullName']];

function dataset(
  name: DatasetName,
  fields: FieldDef[],
  requirements: string[][][],
  precedence: number,
): DatasetDef {
  const byName = new Map<string, FieldDef>();
  const aliasIndex = new Map<string, { field: FieldDef; priority: number }>();
  for (const f of fields) {
    if (byName.has(f.name)) throw new Error(`champ en double ${name}.${f.name}`);
    byName.set(f.name, f);
    f.aliases.forEach((a, priority) => {
      // The first field to claim an alias keeps it (list order = intent).
      if (!aliasIndex.has(a)) aliasIndex.set(a, { field: f, priority });
    });
  }
  return { name, fields, byName, aliasIndex, requirements, precedence };
}

/**
 * Precedence when a header fits several datasets with the same score: a dataset recognised
 * by a column the others lack (étape category, exit type/reason, event kind) beats the generic
 * affectations.
 */
export const DATASETS: Readonly<Record<DatasetName, DatasetDef>> = {
  etapes: dataset('etapes', etapes, [PARTICIPANT, [['category']], [['start']]], 0),
  sorties: dataset('sorties', sorties, [PARTICIPANT, [['exitDate']], [['exitType'], ['exitReason']]], 1),
  agenda: dataset('agenda', agenda, [[['date']], [['referent']], [['kind']]], 2),
  affectations: dataset('affectations', affectations, [[['referent']], [['start'], ['month']], PARTICIPANT], 3),
};

/** Config keys that name a field by its record property rather than its column. */
export const FIELD_NAME_SYNONYMS: Readonly<Record<string, string>> = { durationMin: 'duration' };

// ---------------------------------------------------------------------------------------------
// Values

export interface KindAlias {
  kind: EventKind;
  /** What the spelling also says about the event (« Entretien téléphonique »). */
  mode?: EventMode;
  format?: EventFormat;
}

type Table<T> = ReadonlyArray<readonly [T, string]>;

function table<T>(rows: Table<T>): Map<string, T> {
  const m = new Map<string, T>();
  for (const [value, words] of rows) {
    for (const w of words.split('|')) m.set(normalize(w), value);
  }
  return m;
}

const KIND_ROWS: Table<KindAlias> = [
  [{ kind: 'entretien' }, 'Entretien|RDV|Rendez-vous|Entretien de suivi|Diagnostic|Suivi|Entretien diagnostic|Premier entretien|Entretien d\'accueil|Entretien de diagnostic|Entretien de positionnement|Accueil|Entretien PLIE|RDV de suivi|Rendez-vous de suivi'],
  [{ kind: 'entretien', format: 'individuel' }, 'Entretien individuel|RDV individuel|Rendez-vous individuel|Entretien individuel de suivi'],
  [{ kind: 'entretien', format: 'collectif' }, 'Entretien collectif'],
  [{ kind: 'entretien', mode: 'physique' }, 'Entretien physique|RDV physique|Entretien en présentiel|Entretien présentiel|RDV présentiel|Visite à domicile'],
  [{ kind: 'entretien', mode: 'telephone' }, 'Entretien téléphonique|RDV téléphonique'],
  [{ kind: 'entretien', mode: 'visio' }, 'Entretien en visio|Entretien visio|Visio|Visioconférence|RDV visio'],
  [{ kind: 'contact' }, 'Contact|Appel|Échange|Contact participant'],
  [{ kind: 'contact', mode: 'telephone' }, 'Contact téléphonique|Appel téléphonique|Téléphone|Échange téléphonique|Appel sortant|Appel entrant'],
  [{ kind: 'contact', mode: 'mail' }, 'Mail|E-mail|Email|Courriel|Contact mail|Contact par mail'],
  [{ kind: 'contact', mode: 'sms' }, 'SMS|Texto|Contact SMS'],
  [{ kind: 'contact', mode: 'courrier' }, 'Courrier|Contact courrier|Lettre'],
  [{ kind: 'atelier' }, 'Atelier|Atelier collectif|Information collective|Réunion collective|Info coll|Info collective|Session collective|Atelier thématique'],
  [{ kind: 'relance' }, 'Relance|Relance écrite'],
  [{ kind: 'relance', mode: 'telephone' }, 'Relance téléphonique'],
  [{ kind: 'relance', mode: 'courrier' }, 'Relance courrier|Courrier de relance'],
  [{ kind: 'relance', mode: 'mail' }, 'Relance mail|Relance par mail'],
  [{ kind: 'bilan' }, 'Bilan|Bilan individuel écrit|Bilan BRSA|Bilan intermédiaire|Bilan de parcours|Bilan de sortie|Bilan RSA|Bilan écrit|Bilan individuel'],
  [{ kind: 'poursuite' }, 'Validation de poursuite|Commission poursuite|Échange formalisé|Poursuite de parcours|Validation de la poursuite|Revue de parcours|Point poursuite|Poursuite'],
  [{ kind: 'commission' }, 'Commission PLIE|Comité d\'accès|Commission|Commission d\'entrée|Commission d\'accès|Comité de suivi|Commission de validation'],
  [{ kind: 'conge' }, 'Congés|Congé|RTT|Absence référent|Congés payés|Récupération|Arrêt maladie|Absence du référent|Jour férié'],
  [{ kind: 'reunion-structure' }, 'Réunion de structure|Réunion interne|Réunion d\'équipe|Réunion équipe|Réunion de service|Réunion d\'équipe interne'],
  [{ kind: 'point-etape' }, 'Point étape|Point d\'étape|Point-étape'],
  [{ kind: 'autre' }, 'Autre|Autres|Divers'],
];

const MODE_ROWS: Table<EventMode> = [
  ['physique', 'Physique|Présentiel|En présentiel|Face à face|Face-à-face|Sur site|En personne|Au bureau|Domicile|À domicile|Visite à domicile|Entretien physique|RDV physique'],
  ['telephone', 'Téléphone|Téléphonique|Tél|Tel|Appel|Par téléphone|Appel téléphonique'],
  ['visio', 'Visio|Visioconférence|Vidéo|Teams|Zoom|En visio|Webcam|Visio-conférence'],
  ['mail', 'Mail|E-mail|Email|Courriel|Messagerie|Par mail'],
  ['courrier', 'Courrier|Lettre|Courrier postal|Postal|Par courrier'],
  ['sms', 'SMS|Texto|Message'],
];

const FORMAT_ROWS: Table<EventFormat> = [
  ['individuel', 'Individuel|Individuelle|Indiv|Ind|I|Entretien individuel'],
  ['collectif', 'Collectif|Collective|Coll|Groupe|En groupe|Atelier collectif'],
];

const ATTENDANCE_ROWS: Table<Attendance> = [
  ['present', 'Présent|Présente|Honoré|Honorée|Réalisé|Réalisée|Effectué|Effectuée|Venu|Venue|Fait|Oui|O|X|1|Vrai|Yes|Présent(e)'],
  ['absent', 'Absent|Absente|Non honoré|Non honorée|Non venu|Non venue|Non présent|Absence|Non|N|0|Faux|No|Absent(e)|Non réalisé'],
  ['absent-excuse', 'Absent excusé|Absente excusée|Excusé|Excusée|Absence excusée|Absence justifiée|Absent justifié|Absent(e) excusé(e)'],
  ['absent-non-excuse', 'Absent non excusé|Absente non excusée|Non excusé|Non excusée|Absence injustifiée|Absence non excusée|Absent injustifié|Absent(e) non excusé(e)'],
  ['annule', 'Annulé|Annulée|Annulation|Annulé par le participant|Annulé par le référent|Annulé par le conseiller'],
  ['reporte', 'Reporté|Reportée|Report|Déplacé|Déplacée|Décalé|Décalée'],
];

const ROLE_ROWS: Table<Role> = [
  ['cip', 'CIP|Conseiller en insertion professionnelle|Conseillère en insertion professionnelle|Référent de parcours|Référent parcours|Référent PLIE|Référente de parcours|Conseiller|Conseillère|Chargé d\'accompagnement|Chargée d\'accompagnement|Accompagnateur|Accompagnatrice|Référent|Référente|Conseiller emploi|Conseiller insertion'],
  ['psychologue', 'Psychologue|Psy|Psychologue du travail|Psychologue clinicien|Psychologue clinicienne'],
  ['cesf', 'CESF|Conseillère en économie sociale et familiale|Conseiller en économie sociale et familiale'],
  ['autre', 'Autre'],
];

const TIME_CATEGORY_ROWS: Table<TimeCategory> = [
  ['participant', 'Temps participant|Participant|Temps de suivi participant|Temps avec participant'],
  ['agenda', 'Temps agenda|Agenda|Temps hors participant|Temps collaborateur|Temps interne'],
];

const AFFECTATION_STATUS_ROWS: Table<AffectationStatus> = [
  ['parcours', 'En parcours|En accompagnement|Parcours|Accompagnement|Actif|Active|En cours|En suivi|Suivi|Accompagné|Accompagnée|Entré|Entrée|Entrée PLIE|Accompagnement renforcé'],
  ['veille', 'En veille|Veille|Mise en veille|Suspendu|Suspendue|Suspension|En suspens|Parcours suspendu'],
  ['sorti', 'Sorti|Sortie|Sortie du PLIE|Sorti du PLIE|Sortie du dispositif|Sorti du dispositif|Clos|Clôturé|Clôture|Terminé|Sorti(e)'],
];

const EXIT_TYPE_ROWS: Table<ExitType> = [
  ['positive', 'Positive|Positif|Sortie positive|Oui|O'],
  ['autre', 'Autre|Autres|Sortie autre|Autre sortie|Autres sorties|Négative|Sortie négative|Non positive|Non|N'],
  ['sans-suite', 'Sans suite|Sortie sans suite|Classé sans suite'],
];

const STEP_CATEGORY_ROWS: Table<StepCategory> = [
  ['emploi', 'Emploi|Emploi durable|Emploi de transition|CDI|CDD|Intérim|Contrat de travail|Emploi classique|Mise à l\'emploi|Embauche|Emploi marchand|Emploi non aidé|Travail temporaire'],
  ['formation', 'Formation|Formation qualifiante|Formation pré-qualifiante|Formation préqualifiante|Formation certifiante|Formation diplômante|VAE|Formation professionnelle|Formation courte'],
  ['iae', 'IAE|Activité d\'insertion|Insertion par l\'activité économique|SIAE|ACI|Chantier d\'insertion|Atelier chantier d\'insertion|EI|Entreprise d\'insertion|AI|Association intermédiaire|ETTI|CDDI|Contrat IAE|Activité d\'insertion (IAE)|IAE / Activité d\'insertion'],
  ['contrat-aide', 'Contrat aidé|PEC|CUI|Parcours emploi compétences|CAE|CUI-CAE|CIE|Contrat unique d\'insertion|Emploi aidé|Contrat aidé / PEC|PEC / CUI'],
  ['atelier', 'Atelier|Ateliers|Atelier collectif'],
  ['immersion', 'PMSMP|Immersion|Immersion professionnelle|Stage|Stage en entreprise|Période de mise en situation en milieu professionnel|PMSMP / Immersion|Immersion en entreprise'],
  ['creation', 'Création d\'activité|Création|Création d\'entreprise|Micro-entreprise|Auto-entrepreneur|Auto-entreprise|Reprise d\'entreprise'],
  ['diagnostic', 'Bilan-diagnostic-orientation|Bilan diagnostic orientation|Bilan|Diagnostic|Orientation|Bilan de compétences|Évaluation|Bilan / diagnostic / orientation|Bilan diagnostic'],
  ['remobilisation', 'Remobilisation|Redynamisation|Mobilisation|Levée des freins|Levée de freins|Resocialisation|Accompagnement social'],
  ['autre', 'Autre|Autres|Divers'],
];

const CONTRACT_ROWS: Table<ContractType> = [
  ['cdi', 'CDI|Contrat à durée indéterminée|CDI temps plein|CDI temps partiel|CDI intérimaire'],
  ['cdd', 'CDD|Contrat à durée déterminée|CDD saisonnier|CDD de 6 mois et plus|CDD de moins de 6 mois|CDD + 6 mois|CDD - 6 mois|Saisonnier'],
  ['interim', 'Intérim|Interim|Mission d\'intérim|Travail temporaire|CTT|Contrat de mission|Contrat de travail temporaire|Mission intérim'],
  ['cddi', 'CDDI|Contrat à durée déterminée d\'insertion|CDD d\'insertion|CDD insertion'],
  ['pec', 'PEC|CUI|PEC/CUI|CUI-CAE|CAE|CUI-CIE|CIE|Parcours emploi compétences|Contrat aidé|Contrat unique d\'insertion'],
  ['apprentissage', 'Contrat d\'apprentissage|Apprentissage|Contrat apprentissage'],
  ['professionnalisation', 'Contrat de professionnalisation|Professionnalisation|Contrat pro|Contrat de pro'],
  ['autre', 'Autre|Autres'],
];

const STEP_STATUS_ROWS: Table<StepStatus> = [
  ['prescrite', 'Prescrite|Prescrit|Prescription|Prévue|Prévu|Planifiée|Planifié|À venir|Proposée'],
  ['en-cours', 'En cours|Encours|Active|Actif|Démarrée|Commencée'],
  ['realisee', 'Réalisée|Réalisé|Terminée|Terminé|Achevée|Effectuée|Validée|Finie|Close|Clôturée'],
  ['abandonnee', 'Abandonnée|Abandon|Abandonné|Interrompue|Arrêtée|Rupture'],
  ['refusee', 'Refusée|Refus|Refusé|Non retenue|Non retenu'],
];

const SEX_ROWS: Table<'F' | 'M'> = [
  ['F', 'F|Femme|Féminin|Mme|Madame|Mlle|Mademoiselle'],
  ['M', 'M|H|Homme|Masculin|Monsieur|Mr|M.'],
];

export interface EnumDef {
  name: EnumName;
  values: readonly string[];
  /** normalised spelling → canonical value (kind: a KindAlias). */
  aliases: ReadonlyMap<string, unknown>;
  /** Where an unknown spelling goes ('autre'), or null: the cell becomes null + valeur-invalide. */
  fallback: string | null;
  /** Whole-word substring matching as a reported last resort. */
  substring: boolean;
}

function enumDef<T>(name: EnumName, rows: Table<T>, values: readonly string[], fallback: string | null, substring: boolean): EnumDef {
  return { name, values, aliases: table(rows), fallback, substring };
}

export const ENUMS: Readonly<Record<EnumName, EnumDef>> = {
  kind: enumDef('kind', KIND_ROWS, [
    'entretien', 'contact', 'atelier', 'relance', 'bilan', 'poursuite', 'commission', 'conge', 'reunion-structure', 'point-etape', 'autre',
  ], 'autre', true),
  mode: enumDef('mode', MODE_ROWS, ['physique', 'telephone', 'visio', 'mail', 'courrier', 'sms'], null, false),
  format: enumDef('format', FORMAT_ROWS, ['individuel', 'collectif'], null, false),
  attendance: enumDef('attendance', ATTENDANCE_ROWS, ['present', 'absent', 'absent-excuse', 'absent-non-excuse', 'annule', 'reporte'], null, false),
  role: enumDef('role', ROLE_ROWS, ['cip', 'psychologue', 'cesf', 'autre'], 'autre', true),
  timeCategory: enumDef('timeCategory', TIME_CATEGORY_ROWS, ['participant', 'agenda'], null, false),
  affectationStatus: enumDef('affectationStatus', AFFECTATION_STATUS_ROWS, ['parcours', 'veille', 'sorti'], null, false),
  exitType: enumDef('exitType', EXIT_TYPE_ROWS, ['positive', 'autre', 'sans-suite'], null, false),
  stepCategory: enumDef('stepCategory', STEP_CATEGORY_ROWS, [
    'emploi', 'formation', 'iae', 'contrat-aide', 'atelier', 'immersion', 'creation', 'diagnostic', 'remobilisation', 'autre',
  ], 'autre', true),
  contract: enumDef('contract', CONTRACT_ROWS, ['cdi', 'cdd', 'interim', 'cddi', 'pec', 'apprentissage', 'professionnalisation', 'autre'], 'autre', true),
  stepStatus: enumDef('stepStatus', STEP_STATUS_ROWS, ['prescrite', 'en-cours', 'realisee', 'abandonnee', 'refusee'], null, false),
  sex: enumDef('sex', SEX_ROWS, ['F', 'M'], null, false),
};

/** Field-specific boolean words (normalised): « PLIE » / « Droit commun » in an Étape PLIE column. */
export const BOOLEAN_EXTRAS: Readonly<Record<string, ReadonlyMap<string, boolean>>> = {
  plie: table<boolean>([[true, 'PLIE|Étape PLIE|Programmation PLIE'], [false, 'Droit commun|Hors PLIE|DC']]),
  qpv: table<boolean>([[true, 'QPV|Résident QPV'], [false, 'Hors QPV|Non QPV|Hors quartier prioritaire']]),
  th: table<boolean>([[true, 'RQTH|BOE|TH|En cours de reconnaissance|RQTH en cours'], [false, 'Non RQTH']]),
  brsa: table<boolean>([[true, 'BRSA|RSA|RSA socle|RSA majoré|Allocataire'], [false, 'Non BRSA|Non allocataire']]),
  deld: table<boolean>([[true, 'DELD|DETLD'], [false, 'Non DELD']]),
  cer: table<boolean>([[true, 'CER|CER en cours|CER signé|Signé'], [false, 'Pas de CER|Sans CER']]),
};

/** Whole-word containment of `alias` in `value` (both normalised). */
export function containsWords(value: string, alias: string): boolean {
  if (alias.length === 0 || alias.length > value.length) return false;
  const i = ` ${value} `.indexOf(` ${alias} `);
  return i >= 0;
}

/**
 * Single words too generic to decide a value from inside a longer spelling (« Échange de
 * pratiques » is no contact, « Suivi de la commission » no entretien). Exact matches still use them.
 */
const SUBSTRING_STOP = new Set([
  'autre', 'autres', 'divers', 'echange', 'suivi', 'accueil', 'contact', 'appel', 'commission', 'poursuite', 'visio',
  'visioconference', 'recuperation', 'lettre', 'texto', 'orientation', 'evaluation', 'stage', 'mobilisation', 'creation',
  'saisonnier', 'referent', 'referente', 'conseiller', 'conseillere', 'accompagnateur', 'accompagnatrice', 'psy',
]);

/**
 * The alias contained, as whole words, in a value no alias names exactly; undefined when none.
 * Used only as a last resort and always reported. Preference: the alias of most words, then the
 * one found first (French puts the head noun first: « RDV téléphone » is a RDV), then the longest.
 */
export function substringMatch(def: EnumDef, normalizedValue: string): { alias: string; value: unknown } | undefined {
  let best: { alias: string; value: unknown; words: number; at: number } | undefined;
  const padded = ` ${normalizedValue} `;
  for (const [alias, value] of def.aliases) {
    // One- and two-letter aliases (« I », « M », « EI ») would match anything.
    if (alias.length < 3 || alias.length > normalizedValue.length || SUBSTRING_STOP.has(alias)) continue;
    const at = padded.indexOf(` ${alias} `);
    if (at < 0) continue;
    const words = alias.split(' ').length;
    if (
      !best ||
      words > best.words ||
      (words === best.words && (at < best.at || (at === best.at && alias.length > best.alias.length)))
    ) {
      best = { alias, value, words, at };
    }
  }
  return best ? { alias: best.alias, value: best.value } : undefined;
}

/** The canonical value an enum entry stands for (kind aliases carry extra information). */
export function canonicalOf(def: EnumDef, entry: unknown): string {
  return def.name === 'kind' ? (entry as KindAlias).kind : (entry as string);
}
