import { describe, expect, it } from 'vitest';
import { languageFromEnv } from '../../../shared/i18n/locale-env';

const lang = (env: Parameters<typeof languageFromEnv>[1], option?: string) => languageFromEnv(option, env);

describe('languageFromEnv (the CLI, as gettext picks)', () => {
  it('takes --lang over everything, when it names a catalog', () => {
    expect(lang({ LANG: 'en_US.UTF-8', LANGUAGE: 'en' }, 'zh-CN')).toBe('zh-CN');
    expect(lang({ LANG: 'zh_CN.UTF-8' }, 'en')).toBe('en');
    // Not a catalog: the environment decides, as without --lang.
    expect(lang({ LANG: 'zh_CN.UTF-8' }, 'fr')).toBe('zh-CN');
    expect(lang({}, 'zh')).toBe('en');
  });

  it('reads every Chinese locale as zh-CN: zh, zh_CN.UTF-8, zh_SG, zh-Hans, and zh_TW/zh_HK until a Traditional catalog exists', () => {
    for (const LANG of ['zh', 'zh_CN', 'zh_CN.UTF-8', 'zh_CN.GB18030', 'zh_SG.UTF-8', 'zh-Hans', 'zh_TW.UTF-8', 'zh_HK.Big5-HKSCS', 'zh_CN.UTF-8@pinyin']) {
      expect(lang({ LANG }), LANG).toBe('zh-CN');
    }
  });

  it('reads C, POSIX and every other language without a catalog as English', () => {
    for (const LANG of ['C', 'POSIX', 'C.UTF-8', 'en_US.UTF-8', 'en_GB', 'fr_FR.UTF-8', 'de_DE@euro']) expect(lang({ LANG }), LANG).toBe('en');
  });

  it('takes the first of LC_ALL, LC_MESSAGES and LANG that is set, empty meaning unset', () => {
    expect(lang({ LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(lang({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(lang({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(lang({ LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
  });

  it('takes LANGUAGE before them: the first entry of its colon list with a catalog', () => {
    expect(lang({ LANGUAGE: 'zh_CN:en', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(lang({ LANGUAGE: 'en:zh_CN', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(lang({ LANGUAGE: 'fr:de:zh_TW:en', LANG: 'en_US.UTF-8' })).toBe('zh-CN');
    expect(lang({ LANGUAGE: '::zh', LC_ALL: 'en_US.UTF-8' })).toBe('zh-CN');
  });

  it('falls back to the locale when no entry of LANGUAGE has a catalog, or LANGUAGE is empty', () => {
    expect(lang({ LANGUAGE: 'fr:de', LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
    expect(lang({ LANGUAGE: 'fr_FR', LANG: 'en_US.UTF-8' })).toBe('en');
    expect(lang({ LANGUAGE: '', LANG: 'zh_CN.UTF-8' })).toBe('zh-CN');
  });

  it('ignores LANGUAGE when the locale is C or POSIX, or unset (which is C), as gettext does', () => {
    expect(lang({ LANGUAGE: 'zh_CN', LC_ALL: 'C' })).toBe('en');
    expect(lang({ LANGUAGE: 'zh_CN', LANG: 'POSIX' })).toBe('en');
    expect(lang({ LANGUAGE: 'zh_CN', LANG: 'C.UTF-8' })).toBe('en');
    expect(lang({ LANGUAGE: 'zh_CN' })).toBe('en');
  });

  it('is English with nothing set', () => {
    expect(lang({})).toBe('en');
    expect(lang({ LANGUAGE: '', LC_ALL: '', LC_MESSAGES: '', LANG: '' })).toBe('en');
  });
});
