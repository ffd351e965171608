import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { chineseCharacters, englishSentences } from '../harness/prose';

/**
 * The text a reader sees on a screen, from the DOM: every visible text node, except inside
 * <code>, <pre>, <kbd> and <samp> (verbatim: commands, Docker's own texts, daemon.json) and
 * inside an element marked with another language than the page's (the language switch's
 * 简体中文 on an English screen).
 */
async function readableText(target: Page | Locator): Promise<string> {
  const root = 'goto' in target ? target.locator('body') : target;
  return root.evaluate((element) => {
    const pageLang = document.documentElement.lang;
    const parts: string[] = [];
    const walk = (node: Node): void => {
      if (node.nodeType === Node.TEXT_NODE) {
        parts.push(node.textContent ?? '');
        return;
      }
      if (!(node instanceof HTMLElement)) return;
      if (['CODE', 'PRE', 'KBD', 'SAMP', 'SCRIPT', 'STYLE', 'TEXTAREA'].includes(node.tagName)) return;
      if (node.lang !== '' && node.lang !== pageLang) return;
      if (node.hidden || getComputedStyle(node).display === 'none') return;
      const block = ['DIV', 'P', 'LI', 'H1', 'H2', 'H3', 'H4', 'SECTION', 'TR', 'TD', 'TH', 'DT', 'DD', 'LABEL', 'BUTTON', 'OPTION', 'LEGEND'].includes(node.tagName);
      if (block) parts.push('\n');
      node.childNodes.forEach(walk);
      if (block) parts.push('\n');
    };
    walk(element);
    return parts.join('');
  });
}

/**
 * Takes the screenshot and asserts, from the DOM, what it shows a reader of `language`: on a
 * zh-CN screen no English sentence, on an en screen no Chinese character (issue 19).
 */
export async function screenshotIn(target: Page | Locator, language: string, options: { path: string; fullPage?: boolean }): Promise<Buffer> {
  const shot = 'goto' in target ? await target.screenshot({ path: options.path, fullPage: options.fullPage ?? true }) : await target.screenshot({ path: options.path });
  const text = await readableText(target);
  if (language === 'zh-CN') expect(englishSentences(text), `${options.path}:\n${text}`).toEqual([]);
  else expect(chineseCharacters(text), `${options.path}:\n${text}`).toEqual([]);
  return shot;
}
