import Type, { type Static } from 'typebox';
import { AREA_CODE_PATTERN } from '../scope.js';

/** The formats the monthly run keeps: the workbook and the printed report. */
export const REPORT_FILE_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFileFormat = (typeof REPORT_FILE_FORMATS)[number];

/** A kept file's name inside its scope's folder: the month and the format, 2023-10.xlsx (nothing else is ever served). */
export const REPORT_FILE_NAME_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])\\.(xlsx|pdf)$';

/** One kept file, as GET /api/reports/files lists it. */
export const ReportFileSchema = Type.Object({
  scope: Type.String(),
  scopeName: Type.String(),
  month: Type.String(),
  format: Type.Enum(REPORT_FILE_FORMATS),
  bytes: Type.Integer({ minimum: 0 }),
  /** When the file was written, ISO 8601 (wall time: when the server made it, not the replay's clock). */
  createdAt: Type.String(),
  /** Where to download it: GET /api/reports/files/<scope>/<month>.<format>. */
  url: Type.String(),
});
export type ReportFile = Static<typeof ReportFileSchema>;

export const ReportFilesSchema = Type.Object({ items: Type.Array(ReportFileSchema) });
export type ReportFiles = Static<typeof ReportFilesSchema>;

/** GET /api/reports/files: a scope (default: the caller's reach); its files and those of the scopes inside it. */
export const ReportFilesQuerySchema = Type.Object({
  scope: Type.Optional(Type.String({ maxLength: 20 })),
});

/** GET /api/reports/files/:scope/:file: both checked against the grammar before anything touches the disk. */
export const ReportFileParamsSchema = Type.Object({
  scope: Type.String({ pattern: AREA_CODE_PATTERN, maxLength: 20 }),
  file: Type.String({ pattern: REPORT_FILE_NAME_PATTERN, maxLength: 20 }),
});
