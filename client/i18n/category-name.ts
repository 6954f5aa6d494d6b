import type { Category } from '../../shared/schemas/ticket.js';
import type { Lang } from './lang-store.js';

/**
 * A category's name in the language, or its code while the categories (GET /api/categories, data rather than
 * messages) have not loaded. The wall and the supervisors' pages both name categories through this.
 */
export function categoryName(category: Pick<Category, 'name' | 'nameEn'> | undefined, code: string, lang: Lang): string {
  if (!category) return code;
  return lang === 'en' ? category.nameEn : category.name;
}
