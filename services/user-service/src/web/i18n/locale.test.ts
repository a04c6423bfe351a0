import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { pickLocale, translator } from './locale.ts';
import { zhCN } from './zh-cn.ts';

describe('pickLocale', () => {
  it('follows the cookie first', () => {
    expect(pickLocale('en', 'zh-CN,zh;q=0.9')).toBe('en');
    expect(pickLocale('zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('takes the best-weighted supported language from Accept-Language', () => {
    expect(pickLocale(undefined, 'zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(pickLocale(undefined, 'fr;q=1, en;q=0.5, zh;q=0.7')).toBe('zh-CN');
    expect(pickLocale(undefined, 'en-GB,zh-TW;q=0.9')).toBe('en');
    expect(pickLocale(undefined, 'zh-TW')).toBe('zh-CN');
  });

  it('falls back to English for unknown languages, a bad cookie or no header', () => {
    expect(pickLocale('xx', 'fr-FR, de;q=0.5')).toBe('en');
    expect(pickLocale(undefined, undefined)).toBe('en');
    expect(pickLocale(undefined, 'zh;q=0, en;q=0.1')).toBe('en');
  });
});

describe('translator', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    const t = translator('en');
    expect(t('common.page', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(t('common.page', { page: 2 })).toBe('Page 2 of {pages}');
  });

  it('has the same placeholders in both dictionaries', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(names(zhCN[key]), key).toEqual(names(en[key]));
    }
  });
});
