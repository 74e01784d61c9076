export type Locale = 'zh' | 'en';

const messages = {
  zh: {
    appName: '区域化共建',
    projects: '共建项目',
    allStatuses: '全部状态',
    status: '状态',
    loadMore: '加载更多',
    loading: '加载中…',
    empty: '没有符合条件的项目。',
    error: '无法加载项目：',
    shown: (n: number, total: number) => `显示 ${n} / 共 ${total} 个项目`,
    lead: '牵头',
    region: '区域',
    switchTo: 'English',
    PROPOSED: '提议',
    CONSULTING: '协商中',
    APPROVED: '已批准',
    IN_PROGRESS: '进行中',
    COMPLETED: '已完成',
    CANCELLED: '已取消',
  },
  en: {
    appName: 'Regional co-building',
    projects: 'Shared projects',
    allStatuses: 'All statuses',
    status: 'Status',
    loadMore: 'Load more',
    loading: 'Loading…',
    empty: 'No projects match.',
    error: 'Could not load projects: ',
    shown: (n: number, total: number) => `Showing ${n} of ${total} projects`,
    lead: 'Lead',
    region: 'Region',
    switchTo: '中文',
    PROPOSED: 'Proposed',
    CONSULTING: 'Consulting',
    APPROVED: 'Approved',
    IN_PROGRESS: 'In progress',
    COMPLETED: 'Completed',
    CANCELLED: 'Cancelled',
  },
} as const;

export type MessageKey = keyof (typeof messages)['en'];

/** The page language (zh-CN by default), remembered across visits. */
export class I18n {
  locale = $state<Locale>('zh');

  constructor(initial?: Locale) {
    const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('cobuild.locale') : null;
    this.locale = initial ?? (saved === 'en' || saved === 'zh' ? saved : 'zh');
  }

  get messages() {
    return messages[this.locale];
  }

  /** Chooses the Chinese or English variant of a bilingual field. */
  pick(zh: string, en: string): string {
    return this.locale === 'zh' ? zh : en;
  }

  toggle(): void {
    this.locale = this.locale === 'zh' ? 'en' : 'zh';
    if (typeof localStorage !== 'undefined') localStorage.setItem('cobuild.locale', this.locale);
    if (typeof document !== 'undefined') document.documentElement.lang = this.locale === 'zh' ? 'zh-CN' : 'en';
  }
}
