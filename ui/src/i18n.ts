// Every visible string comes from here: t('key') picks Simplified Chinese (default) or English.

import type { AreaSource } from './bindings/AreaSource';
import type { AuditProblemKind } from './bindings/AuditProblemKind';
import type { IdCheck } from './bindings/IdCheck';
import type { KeyOrigin } from './bindings/KeyOrigin';
import type { KeyStatus } from './bindings/KeyStatus';
import type { Merge } from './bindings/Merge';
import type { Relation } from './bindings/Relation';
import type { Role } from './bindings/Role';
import type { UnitKind } from './bindings/UnitKind';
import type { UnitStatus } from './bindings/UnitStatus';
import { formatAreaM2 } from './format';
import { getLang } from './prefs';
import { STRINGS, type Key } from './strings';

export type { Key } from './strings';

type Pair = readonly [zh: string, en: string];
type Vars = Record<string, string | number | bigint>;

function pick(pair: Pair): string {
  return getLang() === 'en' ? pair[1] : pair[0];
}

function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

/** The string for `key` in the current language, with {placeholders} filled. */
export function t(key: Key, vars?: Vars): string {
  return fill(pick(STRINGS[key]), vars);
}

/** The value for <html lang>. */
export function htmlLang(): string {
  return getLang() === 'en' ? 'en' : 'zh-CN';
}

/** Joins a list the way the language does: "甲、乙、丙" / "A, B, C". */
export function joinList(items: readonly string[]): string {
  return items.join(getLang() === 'en' ? ', ' : '、');
}

const UNIT_KIND: Record<UnitKind, Pair> = {
  residence: ['住宅', 'Residence'],
  shop: ['商铺', 'Shop'],
  parking: ['车位', 'Parking space'],
};

const AREA_SOURCE: Record<AreaSource, Pair> = {
  register: ['登记', 'Registered'],
  survey: ['实测', 'Surveyed'],
  contract: ['合同', 'Contract'],
};

const UNIT_STATUS: Record<UnitStatus, Pair> = {
  delivered: ['已交付', 'Delivered'],
  unsold: ['未售', 'Unsold'],
  undelivered: ['未交付', 'Not yet delivered'],
};

const RELATION: Record<Relation, Pair> = {
  owner: ['业主', 'Owner'],
  developer: ['开发商', 'Developer'],
  resident: ['住户', 'Resident'],
};

const ROLE: Record<Role, Pair> = {
  party_branch: ['党支部成员', 'Party branch member'],
  residents_committee: ['居委会代表', "Residents' committee rep."],
  owners_committee: ['业委会委员', "Owners' committee member"],
  property_company: ['物业代表', 'Property company rep.'],
  building_head: ['楼栋长', 'Building head'],
  secretary: ['记录员', 'Secretary'],
  host: ['主持人', 'Meeting host'],
  registrar: ['登记员', 'Registrar'],
  counter: ['计票人', 'Counter'],
  scrutineer: ['监票人', 'Scrutineer'],
  observer: ['观察员', 'Observer'],
};

/** All roles in the order they are offered. */
export const ROLES: readonly Role[] = [
  'party_branch',
  'residents_committee',
  'owners_committee',
  'property_company',
  'building_head',
  'secretary',
  'host',
  'registrar',
  'counter',
  'scrutineer',
  'observer',
];

const AUDIT_KIND: Record<AuditProblemKind['kind'], Pair> = {
  edited: ['记录被改动', 'Record edited'],
  missing: ['记录被删除', 'Record missing'],
  relinked: ['记录链被打乱', 'Chain relinked'],
  guard_removed: ['防改动保护被移除', 'Guard removed'],
  roll_changed: ['名册与记录不符', 'Roll differs from the log'],
  roll_digest_unknown: ['名册摘要版本未知', 'Unknown roll digest version'],
  head_mismatch: ['记录被截短', 'Log cut short'],
  minutes_changed: ['会议记录被改动', 'Minutes altered'],
  consent_row_changed: ['住改商记录被改动', 'Change-of-use record altered'],
  escrow_changed: ['密钥恢复副本被替换', 'Recovery copy of the secrets replaced'],
  row_changed: ['记录行与日志不符', 'Row differs from the log'],
  ledger_changed: ['行摘要历史被改动', 'Row digest history altered'],
  schema_changed: ['数据库结构被改动', 'Database structure altered'],
  checkpoint: ['记录与检查点不符', 'Log does not extend the checkpoint'],
};

const KEY_STATUS: Record<KeyStatus, Pair> = {
  active: ['有效', 'Active'],
  revoked: ['已撤销', 'Revoked'],
  replaced: ['已更换', 'Replaced'],
};

const KEY_ORIGIN: Record<KeyOrigin, Pair> = {
  enrolled: ['本机登记', 'Enrolled here'],
  brought: ['自带密钥', 'Own key'],
};

const ID_CHECK: Record<IdCheck, Pair> = {
  id_card: ['居民身份证原件', 'Resident ID card (original)'],
  household_register: ['户口簿', 'Household register'],
  property_certificate: ['不动产权证书', 'Real-estate title certificate'],
  other_document: ['其他证件', 'Other document'],
  known_in_person: ['工作人员当面确认', 'Known to the staff in person'],
};

/** Identity checks in the order they are offered. */
export const ID_CHECKS: readonly IdCheck[] = ['id_card', 'household_register', 'property_certificate', 'other_document', 'known_in_person'];

/** What a signed document is, by its versioned context. */
const SIGN_CONTEXT: Record<string, Pair> = {
  'yishi/statement/v1': ['签署文件', 'Signed document'],
  'yishi/enrolment/v1': ['密钥登记', 'Key enrolment'],
  'yishi/rotation/v1': ['更换密钥', 'Key rotation'],
  'yishi/revocation/v1': ['撤销密钥（主持人批准）', 'Key revocation (host)'],
  'yishi/revocation-cert/v1': ['撤销密钥（撤销证书）', 'Key revocation (certificate)'],
  'yishi/enrolment-cert/v1': ['登记证书', 'Enrolment certificate'],
  'yishi/role-cert/v1': ['任职证书', 'Office certificate'],
  'yishi/root-handover/v1': ['根密钥交接', 'Root hand-over'],
  'yishi/unlock/v1': ['解锁密钥（主持人批准）', 'Key unlock (host)'],
  'yishi/ballot/v1': ['表决票', 'Ballot'],
  'yishi/paper-ballot/v1': ['纸质票录入（见证人签名）', 'Paper ballot entry (witness)'],
  'yishi/result/v1': ['表决结果', 'Vote result'],
  'yishi/sign-in/v1': ['会议签到', 'Meeting sign-in'],
  'yishi/minutes/v1': ['会议记录签名', 'Minutes signature'],
  'yishi/addendum/v1': ['会议记录补充说明', 'Addendum to minutes'],
  'yishi/proposal/v1': ['三方协议方案签署', 'Three-party proposal'],
  'yishi/urgent-skip/v1': ['紧急跳过说明', 'Urgent skip statement'],
  'yishi/convention-ack/v1': ['公约确认', 'Convention acknowledgement'],
};

export const keyStatusLabel = (s: KeyStatus) => pick(KEY_STATUS[s]);
export const keyOriginLabel = (o: KeyOrigin) => pick(KEY_ORIGIN[o]);
/** A stored check method ("id_card"); anything unknown is shown as it is. */
export const idCheckLabel = (method: string) => (method in ID_CHECK ? pick(ID_CHECK[method as IdCheck]) : method);
export const signContextLabel = (context: string) => (SIGN_CONTEXT[context] ? pick(SIGN_CONTEXT[context]) : context);

export const unitKindLabel = (k: UnitKind) => pick(UNIT_KIND[k]);
export const areaSourceLabel = (s: AreaSource) => pick(AREA_SOURCE[s]);
export const unitStatusLabel = (s: UnitStatus) => pick(UNIT_STATUS[s]);
export const relationLabel = (r: Relation) => pick(RELATION[r]);
export const roleLabel = (r: Role) => pick(ROLE[r]);
export const auditKindLabel = (k: AuditProblemKind) => pick(AUDIT_KIND[k.kind]);

/** One merge of the roll count, explained in plain words with its legal source. */
export function explainMerge(m: Merge): string {
  switch (m.kind) {
    case 'developer':
      return t('merge.developer', { name: m.name, units: m.units, area: formatAreaM2(m.area) });
    case 'multi_unit':
      return t('merge.multiUnit', {
        name: m.name,
        count: m.labels.length,
        labels: joinList(m.labels),
        area: formatAreaM2(m.area),
      });
    case 'co_owned':
      return t('merge.coOwned', { label: m.label, owners: joinList(m.owners), voter: m.voter });
  }
}
