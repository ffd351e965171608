import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/src/i18n/en';
import { pickLanguage } from '../../../renderer/src/i18n/index';
import { zhCN } from '../../../renderer/src/i18n/zh-CN';

function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value as object, path)) out.set(k, v);
  }
  return out;
}

describe('i18n', () => {
  it('picks zh-CN for any Chinese locale and English otherwise', () => {
    expect(pickLanguage(['zh-CN'])).toBe('zh-CN');
    expect(pickLanguage(['zh-TW', 'en-US'])).toBe('zh-CN');
    expect(pickLanguage(['en-GB'])).toBe('en');
    expect(pickLanguage(['de-DE', 'zh'])).toBe('zh-CN');
    expect(pickLanguage(['fr-FR'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('has every English string translated into Simplified Chinese', () => {
    const english = leaves(en);
    const chinese = leaves(zhCN);
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    const untranslated = [...english].filter(([key, text]) => key !== 'app.title' && chinese.get(key) === text).map(([key]) => key);
    expect(untranslated).toEqual([]);
    for (const [key, text] of chinese) {
      expect(text.trim(), key).not.toBe('');
    }
  });
});
