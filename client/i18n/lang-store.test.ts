import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLangStore, LANG_STORAGE_KEY } from './lang-store.js';

afterEach(() => {
  vi.restoreAllMocks();
  localStorage.clear();
});

describe('the language store', () => {
  it('starts in Chinese, keeps a choice under one key, and a new page starts in the choice', () => {
    const store = createLangStore();
    expect(store.getState().lang).toBe('zh');
    store.getState().toggleLang();
    expect(store.getState().lang).toBe('en');
    expect(localStorage.getItem(LANG_STORAGE_KEY)).toBe('en');
    expect(createLangStore().getState().lang).toBe('en');
    store.getState().setLang('zh');
    expect(createLangStore().getState().lang).toBe('zh');
  });

  it('still switches when the browser refuses storage', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(() => {
      throw new Error('denied');
    });
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('denied');
    });
    const store = createLangStore();
    expect(store.getState().lang).toBe('zh');
    store.getState().toggleLang();
    expect(store.getState().lang).toBe('en');
  });
});
