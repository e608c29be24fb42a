// The convention operations (定约、传约、践约、评约), typed from ../../bindings. They go through the
// one `call` of ../../api like every other operation; each answers with what the screen shows next.

import { call } from '../../api';
import type { AdoptionVote } from '../../bindings/AdoptionVote';
import type { ArticlesSave } from '../../bindings/ArticlesSave';
import type { ConventionCreate } from '../../bindings/ConventionCreate';
import type { NoticeInput } from '../../bindings/NoticeInput';
import type { PeriodQuery } from '../../bindings/PeriodQuery';
import type { ReviewRecord } from '../../bindings/ReviewRecord';
import type { SuggestionAdd } from '../../bindings/SuggestionAdd';
import type { ViolationRecord } from '../../bindings/ViolationRecord';

type Id = number;

export const conventionList = (community_id: Id) => call('convention_list', { community_id });
export const conventionDetail = (convention_id: Id) => call('convention_detail', { convention_id });
export const conventionCreate = (a: ConventionCreate) => call('convention_create', a);
export const articlesSave = (a: ArticlesSave) => call('convention_articles_save', a);
export const conventionSuggest = (a: SuggestionAdd) => call('convention_suggest', a);
export const conventionReview = (a: ReviewRecord) => call('convention_review', a);
export const conventionFreeze = (version_id: Id) => call('convention_freeze', { version_id });
export const conventionDiff = (from_version_id: Id, to_version_id: Id) => call('convention_diff', { from_version_id, to_version_id });
export const adoptionVote = (a: AdoptionVote) => call('convention_adoption_vote', a);
export const conventionAdopt = (version_id: Id) => call('convention_adopt', { version_id });
export const conventionFile = (a: NoticeInput) => call('convention_file', a);
export const conventionPublish = (a: NoticeInput) => call('convention_publish', a);
export const conventionAmend = (convention_id: Id) => call('convention_amend', { convention_id });
export const conventionCoverage = (version_id: Id) => call('convention_coverage', { version_id });
export const violationRecord = (a: ViolationRecord) => call('violation_record', a);
export const violationList = (q: PeriodQuery) => call('violation_list', q);
export const conventionReport = (q: PeriodQuery) => call('convention_report', q);
