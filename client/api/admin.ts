import type {
  Account,
  AccountPatchBody,
  AuditPage,
  CreatedIntakeToken,
  IntakeToken,
  NewAccountBody,
} from '../../shared/schemas/auth.js';
import { getJson, query, request } from './http.js';

export const fetchAccounts = (): Promise<{ items: Account[] }> => getJson('/api/admin/accounts');
export const createAccount = (body: NewAccountBody): Promise<Account> => request('POST', '/api/admin/accounts', { body });
export const patchAccount = (id: number, body: AccountPatchBody): Promise<Account> =>
  request('PATCH', `/api/admin/accounts/${id}`, { body });

export const fetchIntakeTokens = (): Promise<{ items: IntakeToken[] }> => getJson('/api/admin/intake-tokens');
export const createIntakeToken = (name: string): Promise<CreatedIntakeToken> =>
  request('POST', '/api/admin/intake-tokens', { body: { name } });
export const revokeIntakeToken = (id: number): Promise<IntakeToken> => request('DELETE', `/api/admin/intake-tokens/${id}`);

export const fetchAudit = (cursor: string | null, limit = 50): Promise<AuditPage> =>
  getJson(`/api/audit${query({ cursor, limit })}`);
