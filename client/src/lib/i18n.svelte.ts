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
    signIn: '登录',
    signOut: '退出',
    email: '邮箱',
    password: '密码',
    signingIn: '正在登录…',
    signedInAs: '当前用户',
    actingFor: '代表单位',
    INVALID_CREDENTIALS: '邮箱或密码不正确。',
    RATE_LIMITED: '尝试次数过多，请稍后再试。',
    NETWORK: '无法连接服务器，请检查网络后重试。',
    INVALID: '请填写邮箱和密码。',
    retry: '重试',
    notFound: '页面不存在',
    notFoundText: '没有这个页面。',
    backToProjects: '返回共建项目',
    projectNotFound: '没有这个项目。',
    needs: '回应的需求',
    requirements: '所需资源',
    committedOf: (committed: number, quantity: number) => `已认领 ${committed} / 需要 ${quantity}`,
    progress: '进度',
    summary: '简介',
    nav: '主导航',
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
    signIn: 'Sign in',
    signOut: 'Sign out',
    email: 'Email',
    password: 'Password',
    signingIn: 'Signing in…',
    signedInAs: 'Signed in as',
    actingFor: 'Acting for',
    INVALID_CREDENTIALS: 'Wrong email or password.',
    RATE_LIMITED: 'Too many attempts; try again in a minute.',
    NETWORK: 'The server could not be reached. Check the connection and retry.',
    INVALID: 'Enter your email and password.',
    retry: 'Retry',
    notFound: 'Page not found',
    notFoundText: 'There is no such page.',
    backToProjects: 'Back to the projects',
    projectNotFound: 'There is no such project.',
    needs: 'Needs it answers',
    requirements: 'Requirements',
    committedOf: (committed: number, quantity: number) => `${committed} of ${quantity} committed`,
    progress: 'Progress',
    summary: 'Summary',
    nav: 'Main navigation',
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
