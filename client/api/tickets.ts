import type { Category } from '../../shared/schemas/ticket.js';
import { getJson } from './http.js';

export function fetchCategories(signal?: AbortSignal): Promise<Category[]> {
  return getJson<Category[]>('/api/categories', signal);
}
