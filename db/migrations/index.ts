import type { Database } from 'better-sqlite3';
import { m001Initial } from './001-initial';
import { m002JudgementNotes } from './002-judgement-notes';
import { m003ReportText } from './003-report-text';
import { m004PreviousInspections } from './004-previous-inspections';
import { m005Audit } from './005-audit';
import { m006SampleDraws } from './006-sample-draws';
import { m007ChangeLog } from './007-change-log';
import { m008Team } from './008-team';
import { m009ImportEvents } from './009-import-events';
import { m010ReportNarrative } from './010-report-narrative';
import { m011QualityAssurance } from './011-quality-assurance';
import { m012RatingSummary } from './012-rating-summary';
import { m013PackageRevisions } from './013-package-revisions';
import { m014InspectionCounts } from './014-inspection-counts';
import { m015RatingOverall } from './015-rating-overall';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

/** Append only: a released migration is never edited, only followed by a new one. */
export const MIGRATIONS: readonly Migration[] = [m001Initial, m002JudgementNotes, m003ReportText, m004PreviousInspections, m005Audit, m006SampleDraws, m007ChangeLog, m008Team, m009ImportEvents, m010ReportNarrative, m011QualityAssurance, m012RatingSummary, m013PackageRevisions, m014InspectionCounts, m015RatingOverall];

export const LATEST_VERSION = MIGRATIONS.at(-1)!.version;
