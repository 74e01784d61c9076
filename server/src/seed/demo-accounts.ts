import { MembershipRole } from '../modules/membership/membership.entity.js';

/** Password of every demo account (demo data only; change or remove in a real deployment). */
export const DEMO_PASSWORD = 'cobuild-demo-2026';

/** A read-only partner token of the Jinghu water company, for trying the API (demo data only). */
export const DEMO_PARTNER_TOKEN = 'cbt_demo-partner-read-only-jinghu-water';

export interface DemoAccount {
  email: string;
  displayName: string;
  role: MembershipRole;
  /** A region code (its committee) or a demo organization key. */
  organization: { committeeOf: string } | { key: string };
  note: string;
}

/** The demo accounts the README lists, seeded with the demo data. */
export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: 'district.admin@cobuild.demo',
    displayName: '静安区共建办 王敏',
    role: MembershipRole.ADMIN,
    organization: { committeeOf: '310106' },
    note: "Admin of the Jing'an District committee: governs Jing'an's sub-districts and communities",
  },
  {
    email: 'xuhui.admin@cobuild.demo',
    displayName: '徐汇区共建办 陈杰',
    role: MembershipRole.ADMIN,
    organization: { committeeOf: '310104' },
    note: 'Admin of the Xuhui District committee (a sibling district)',
  },
  {
    email: 'community.admin@cobuild.demo',
    displayName: '社区书记 李红',
    role: MembershipRole.ADMIN,
    organization: { committeeOf: '310106002002' },
    note: "Admin of a community committee in Jing'an's Caojiadu sub-district",
  },
  {
    email: 'unit.admin@cobuild.demo',
    displayName: '静湖水务 赵强',
    role: MembershipRole.ADMIN,
    organization: { key: 'jinghu-water' },
    note: 'Admin of the work unit Jinghu Water (members, API tokens)',
  },
  {
    email: 'rep.water@cobuild.demo',
    displayName: '静湖水务 周洁',
    role: MembershipRole.REPRESENTATIVE,
    organization: { key: 'jinghu-water' },
    note: 'Representative of Jinghu Water',
  },
  {
    email: 'rep.renewal@cobuild.demo',
    displayName: '申建更新 孙涛',
    role: MembershipRole.REPRESENTATIVE,
    organization: { key: 'shenjian-renewal' },
    note: 'Representative of Shenjian Urban Renewal',
  },
  {
    email: 'rep.landscape@cobuild.demo',
    displayName: '绿川景观 吴芳',
    role: MembershipRole.REPRESENTATIVE,
    organization: { key: 'lvchuan-landscape' },
    note: 'Representative of Lüchuan Landscape',
  },
];
