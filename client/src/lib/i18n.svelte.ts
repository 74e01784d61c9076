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
    live_connecting: '正在连接',
    live_live: '实时',
    live_offline: '已离线，正在重连',
    fillRate: '认领率',
    commit: '认领',
    commitTitle: (title: string) => `认领「${title}」`,
    resource: '使用资源',
    noResource: '不指定资源',
    remaining: (n: number) => `剩余 ${n}`,
    quantity: '数量',
    submitCommit: '提交认领',
    committing: '提交中…',
    cancel: '取消',
    committed: '已提交认领。',
    EXCEEDS_REQUIREMENT: '超过了尚缺的数量。',
    INSUFFICIENT_CAPACITY: '该资源的剩余量不足。',
    PROJECT_CLOSED: '项目已结束，不再接受认领。',
    INVITATION_REQUIRED: '项目正在协商中，需牵头单位邀请后才能认领。',
    FORBIDDEN: '你无权以该单位的名义认领。',
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
    live_connecting: 'Connecting',
    live_live: 'Live',
    live_offline: 'Offline, reconnecting',
    fillRate: 'Filled',
    commit: 'Commit',
    commitTitle: (title: string) => `Commit to “${title}”`,
    resource: 'From resource',
    noResource: 'No particular resource',
    remaining: (n: number) => `${n} left`,
    quantity: 'Quantity',
    submitCommit: 'Commit',
    committing: 'Committing…',
    cancel: 'Cancel',
    committed: 'Committed.',
    EXCEEDS_REQUIREMENT: 'More than the requirement still needs.',
    INSUFFICIENT_CAPACITY: 'The resource has not that much left.',
    PROJECT_CLOSED: 'The project is over; it takes no more commitments.',
    INVITATION_REQUIRED: 'The project is under consultation: the lead committee must invite you first.',
    FORBIDDEN: 'You may not commit for this organization.',
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
