import type { Category, QuantityUnit, ResourceKind } from './enums.js';

/** How people name the domain's enum values in each language (for texts the API writes). */
type Labels<T extends string> = Record<T, { zh: string; en: string }>;

export const UNIT_LABELS: Labels<QuantityUnit> = {
  HOUR: { zh: '小时', en: 'hours' },
  PERSON_HOUR: { zh: '人·小时', en: 'person-hours' },
  YUAN: { zh: '元', en: 'yuan' },
  SESSION: { zh: '场', en: 'sessions' },
  ITEM: { zh: '件', en: 'items' },
  SQUARE_METER: { zh: '平方米', en: 'm²' },
  MEAL: { zh: '份餐', en: 'meals' },
  SEAT: { zh: '个座位', en: 'seats' },
};

export const KIND_LABELS: Labels<ResourceKind> = {
  VENUE: { zh: '场地', en: 'venue' },
  VOLUNTEER_HOURS: { zh: '志愿服务', en: 'volunteer time' },
  FUNDS: { zh: '资金', en: 'funds' },
  EQUIPMENT: { zh: '设备', en: 'equipment' },
  EXPERTISE: { zh: '专业支持', en: 'expertise' },
  SERVICE: { zh: '服务', en: 'services' },
};

export const CATEGORY_LABELS: Labels<Category> = {
  GREEN_SPACE: { zh: '绿化空间', en: 'green space' },
  PROPERTY_MANAGEMENT: { zh: '物业管理', en: 'property management' },
  TRANSPORT: { zh: '交通出行', en: 'transport' },
  ELDERLY_CARE: { zh: '为老服务', en: 'elderly care' },
  CHILDREN_AND_YOUTH: { zh: '青少年', en: 'children and youth' },
  HEALTH: { zh: '健康', en: 'health' },
  CULTURE_AND_SPORTS: { zh: '文体', en: 'culture and sports' },
  PUBLIC_SAFETY: { zh: '公共安全', en: 'public safety' },
  ENVIRONMENT: { zh: '环境', en: 'environment' },
  BUSINESS_DISTRICT: { zh: '商圈', en: 'business district' },
  COMMUNITY_SERVICES: { zh: '社区服务', en: 'community services' },
};

/** Project statuses as a sentence says them ("a proposed … project"; 提议中). */
export const STATUS_LABELS: Labels<'PROPOSED' | 'CONSULTING' | 'APPROVED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED'> =
  {
    PROPOSED: { zh: '提议中', en: 'proposed' },
    CONSULTING: { zh: '协商中', en: 'consulting' },
    APPROVED: { zh: '已批准', en: 'approved' },
    IN_PROGRESS: { zh: '实施中', en: 'in-progress' },
    COMPLETED: { zh: '已完成', en: 'completed' },
    CANCELLED: { zh: '已取消', en: 'cancelled' },
  };
