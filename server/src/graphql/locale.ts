import { Arg, Ctx, Field, registerEnumType } from 'type-graphql';

/** The languages of Cobuild's bilingual content. */
export enum Locale {
  ZH = 'ZH',
  EN = 'EN',
}
registerEnumType(Locale, { name: 'Locale', description: 'ZH: Simplified Chinese (zh-CN); EN: English.' });

/**
 * The caller's language from an `Accept-Language` header: the first tag (by q, then order)
 * that is Chinese or English; Chinese without one, the language of the city's own records.
 */
export function localeFromHeader(header: string | null | undefined): Locale {
  const tags = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((t) => t.tag && !(t.q <= 0) && !Number.isNaN(t.q))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of tags) {
    if (tag === 'zh' || tag.startsWith('zh-')) return Locale.ZH;
    if (tag === 'en' || tag.startsWith('en-')) return Locale.EN;
  }
  return Locale.ZH;
}

/** The text in the locale's language, else in the other (a field left empty in one language). */
export function inLocale(locale: Locale, zh: string | null | undefined, en: string | null | undefined): string | null {
  const [first, second] = locale === Locale.ZH ? [zh, en] : [en, zh];
  return first?.trim() ? first : second?.trim() ? second : null;
}

/** A localized field: its Chinese and English properties, and whether it may be empty in both. */
type LocalizedSpec = [zh: string, en: string, options?: { nullable?: boolean }];

/**
 * Class decorator of a bilingual node type: adds each field `name(locale: Locale): String` that
 * answers the row's Chinese or English property in the requested language — the `locale`
 * argument, else the request's (`Accept-Language`) — falling back to the other language.
 */
export function Localized(fields: Record<string, LocalizedSpec>): ClassDecorator {
  return (target) => {
    for (const [name, [zh, en, options]] of Object.entries(fields)) {
      const method = function (this: Record<string, string | null>, locale: Locale | null, ctx: { locale: Locale }) {
        return inLocale(locale ?? ctx.locale, this[zh], this[en]);
      };
      Object.defineProperty(target.prototype, name, { value: method, configurable: true, writable: true });
      const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name)!;
      Field(() => String, {
        nullable: options?.nullable ?? false,
        description: `\`${zh}\` or \`${en}\` in the language of \`locale\` (else of the request's Accept-Language; Chinese without one), falling back to the other.`,
      })(target.prototype, name, descriptor);
      Arg('locale', () => Locale, { nullable: true })(target.prototype, name, 0);
      Ctx()(target.prototype, name, 1);
    }
  };
}
