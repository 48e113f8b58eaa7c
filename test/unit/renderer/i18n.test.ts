import { describe, expect, it } from 'vitest';

import de from '../../../shared/i18n/de.json';
import en from '../../../shared/i18n/en.json';

/** Every sentence with its dotted key. */
function sentences(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      for (const [key, text] of sentences(v, prefix ? `${prefix}.${k}` : k)) out.set(key, text);
    }
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
}

const EN = sentences(en);
const DE = sentences(de);

describe('translations', () => {
  it('has the same keys in English and German', () => {
    expect([...DE.keys()].sort()).toEqual([...EN.keys()].sort());
  });

  it('uses the same placeholders in both languages', () => {
    const differing = [...EN].filter(([key, text]) => {
      const other = DE.get(key);
      return other !== undefined && placeholders(other).join() !== placeholders(text).join();
    });
    expect(differing.map(([key]) => key)).toEqual([]);
  });

  it('speaks to the reader formally in German ("Sie", "Ihr"), never "du" or a lowercase "ihr" meaning "your"', () => {
    const informal = /\b(du|dich|dir|dein\w*|ihrem|ihren|ihrer)\b/;
    const found = [...DE]
      .filter(([, text]) => informal.test(text))
      .map(([key, text]) => `${key}: ${text}`);
    expect(found).toEqual([]);
  });

  it("uses KDE's German words and typography", () => {
    const all = [...DE.values()].join('\n');
    // "Home" is "Persönlicher Ordner" in KDE; English quotes and "..." have German forms.
    expect(all).not.toMatch(/\bHome-Ordner\b|\bHomeordner\b/);
    expect(all).not.toMatch(/"[^"]*"/u);
    expect(all).not.toContain('...');
    expect(DE.get('ui.browser.home')).toBe('Persönlicher Ordner');
    expect(DE.get('ui.browser.showHidden')).toBe('Versteckte Dateien anzeigen');
  });

  it('never puts the hidden holding folder or a path into the main text of a restore', () => {
    for (const key of ['ui.restore.keptAside', 'reasons.undo-changed-since']) {
      expect(EN.get(key)).not.toContain('.kairn-replaced');
      expect(DE.get(key)).not.toContain('.kairn-replaced');
    }
  });
});
