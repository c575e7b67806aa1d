// Import schemas: the query of POST /v1/import and the report it answers with.
import { Type, type Static } from '@sinclair/typebox';
import { Problem, StringEnum } from './common.js';

export const IMPORT_MODES = ['atomic', 'best_effort'] as const;
export const IMPORT_FORMATS = ['whosaid', 'quotebank'] as const;
export const RECORD_TYPES = ['topic', 'actor', 'article', 'claim', 'position'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** The most failures a report lists; the counts are always complete. */
export const MAX_REPORTED_FAILURES = 1000;

const count = (description: string) => Type.Integer({ minimum: 0, description });

export const ImportCounts = Type.Object(
  {
    created: count('Records created.'),
    updated: count('Existing records changed (for a claim: also new sources added).'),
    unchanged: count('Existing records that already held every field given.'),
    failed: count('Lines of this type that failed.'),
  },
  { $id: 'ImportCounts', description: 'What happened to the records of one type.' },
);

export const ImportFailure = Type.Object(
  {
    line: Type.Integer({ minimum: 1, description: 'Line number in the input, counting from 1 (blank lines count).' }),
    problem: Type.Ref(Problem, { description: 'Why the line failed, as the API would have answered for that record.' }),
  },
  { $id: 'ImportFailure', description: 'One line that could not be imported.' },
);

export const ImportReport = Type.Object(
  {
    mode: StringEnum(IMPORT_MODES, { description: 'atomic: all lines or none; best_effort: every good line lands.' }),
    dry_run: Type.Boolean({ description: 'True when nothing was written: the report says what would have happened.' }),
    format: StringEnum(IMPORT_FORMATS, { description: 'How the lines were read: whosaid records or Quotebank quotations.' }),
    committed: Type.Boolean({ description: 'Whether the changes were kept: false for a dry run and for an atomic import with a failed line.' }),
    lines: count('Lines read, blank ones included.'),
    created: count('Records created, all types together.'),
    updated: count('Records updated, all types together.'),
    unchanged: count('Records unchanged, all types together.'),
    failed: count('Lines that failed.'),
    by_type: Type.Object(
      {
        topic: Type.Ref(ImportCounts), actor: Type.Ref(ImportCounts), article: Type.Ref(ImportCounts),
        claim: Type.Ref(ImportCounts), position: Type.Ref(ImportCounts),
      },
      { description: 'The counts per record type. A Quotebank line yields an actor, its articles and a claim; a line that is not valid JSON counts only in failed.' },
    ),
    failures: Type.Array(Type.Ref(ImportFailure), { maxItems: MAX_REPORTED_FAILURES, description: `The failed lines, in order; at most ${MAX_REPORTED_FAILURES}.` }),
    failures_truncated: Type.Boolean({ description: `True when more than ${MAX_REPORTED_FAILURES} lines failed and only the first are listed.` }),
  },
  { $id: 'ImportReport', description: 'What an import did, or would have done, line by line.' },
);
export type ImportReportT = Static<typeof ImportReport>;

export const ImportProblem = Type.Object(
  {
    ...Problem.properties,
    report: Type.Ref(ImportReport, { description: 'The report of the refused import: its failures name each bad line.' }),
  },
  { $id: 'ImportProblem', additionalProperties: true, description: 'An atomic import refused because some lines failed; nothing was changed.' },
);

export const ImportQuery = Type.Object(
  {
    mode: Type.Optional(StringEnum(IMPORT_MODES, {
      default: 'atomic',
      description: 'atomic (default): all lines or none, so one bad line changes nothing (422); best_effort: each line on its own, every good line lands.',
    })),
    dry_run: Type.Optional(Type.Boolean({ default: false, description: 'Report what would happen without changing anything.' })),
    format: Type.Optional(StringEnum(IMPORT_FORMATS, {
      default: 'whosaid',
      description: 'whosaid: the NDJSON interchange format (topic, actor, article, claim and position records); quotebank: Quotebank quotation-centric records.',
    })),
  },
  { additionalProperties: false },
);
export type ImportQueryT = Static<typeof ImportQuery>;

export const importSchemas = [ImportCounts, ImportFailure, ImportReport, ImportProblem];
