import { describe, expect, it } from 'vitest';
import { inLocale, Locale, localeFromHeader } from './locale.js';

describe('localeFromHeader', () => {
  it('takes the preferred of Chinese and English, by q then order, and Chinese without either', () => {
    expect(localeFromHeader('en-US,en;q=0.9,zh-CN;q=0.8')).toBe(Locale.EN);
    expect(localeFromHeader('zh-CN,zh;q=0.9,en;q=0.8')).toBe(Locale.ZH);
    expect(localeFromHeader('fr-FR, en;q=0.5, zh;q=0.7')).toBe(Locale.ZH);
    expect(localeFromHeader('de, en-GB;q=0.3')).toBe(Locale.EN);
    expect(localeFromHeader('en;q=0, zh-TW')).toBe(Locale.ZH);
    expect(localeFromHeader('fr')).toBe(Locale.ZH);
    expect(localeFromHeader(undefined)).toBe(Locale.ZH);
    expect(localeFromHeader('EN')).toBe(Locale.EN);
  });
});

describe('inLocale', () => {
  it("answers in the locale's language, else in the other", () => {
    expect(inLocale(Locale.EN, '公园', 'Park')).toBe('Park');
    expect(inLocale(Locale.ZH, '公园', 'Park')).toBe('公园');
    expect(inLocale(Locale.EN, '公园', '')).toBe('公园');
    expect(inLocale(Locale.ZH, null, 'Park')).toBe('Park');
    expect(inLocale(Locale.ZH, null, undefined)).toBeNull();
  });
});
