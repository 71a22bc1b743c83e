import { describe, expect, it } from 'vitest';
import { searchSpellings } from '../../../src/model/search-spellings.ts';

describe('searchSpellings', () => {
  it('gives a Cyrillic name its passport, press and Bulgarian Latin spellings', () => {
    expect(searchSpellings('Петър Георгиев Иванов')).toEqual(
      expect.arrayContaining(['petier georgiev ivanov', 'petar georgiev ivanov']),
    );
    expect(searchSpellings('Йорданка Стоянова')).toEqual(
      expect.arrayContaining(['iordanka stoianova', 'yordanka stoyanova']),
    );
    expect(searchSpellings('Ангел Щерев')).toEqual(
      expect.arrayContaining(['angel shcherev', 'angel shterev']),
    );
  });

  it('gives Greek and Chinese names Latin spellings, syllables apart', () => {
    expect(searchSpellings('Παπαδάκης Γιώργος')).toEqual(['papadakis giorgos']);
    expect(searchSpellings('王小明')).toEqual(['wang xiao ming']);
  });

  it('gives a Latin name none (the index folds its accents itself), and never a form still in the other script', () => {
    expect(searchSpellings('Jürgen Müller')).toEqual([]);
    expect(searchSpellings('Ştefan Ţiriac')).toEqual([]);
    for (const form of searchSpellings('محمد علي')) expect(form).toMatch(/^[a-z ]+$/);
  });
});
