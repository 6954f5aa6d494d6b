import type {
  NewSubscriptionBody,
  OutboxItem,
  SubscriptionPatchBody,
  SubscriptionView,
  SupervisePage,
} from '../../shared/schemas/notify.js';
import { getJson, query, request } from './http.js';

export type SuperviseLevel = SupervisePage['items'][number]['level'];
export type OutboxStatus = OutboxItem['status'];
/** A subscription as the POST (or a PATCH that made one up) answers it: its secret, this once. */
export type SubscriptionWithSecret = SubscriptionView & { secret?: string | null };

/** A scope's 督办 counts and tickets, oldest deadline first; without a scope, the widest the caller reaches. */
export const fetchSupervise = (scope: string | null, level: SuperviseLevel | null, signal?: AbortSignal): Promise<SupervisePage> =>
  getJson(`/api/supervise${query({ scope, level })}`, signal);

export const fetchSubscriptions = (): Promise<{ items: SubscriptionView[] }> => getJson('/api/admin/notify/subscriptions');
export const createSubscription = (body: NewSubscriptionBody): Promise<SubscriptionWithSecret> =>
  request('POST', '/api/admin/notify/subscriptions', { body });
export const patchSubscription = (id: number, body: SubscriptionPatchBody): Promise<SubscriptionWithSecret> =>
  request('PATCH', `/api/admin/notify/subscriptions/${id}`, { body });
export const deleteSubscription = (id: number): Promise<null> => request('DELETE', `/api/admin/notify/subscriptions/${id}`);

export const fetchOutbox = (status: OutboxStatus, limit = 100): Promise<{ items: OutboxItem[] }> =>
  getJson(`/api/admin/notify/outbox${query({ status, limit })}`);
export const retryOutbox = (id: number): Promise<OutboxItem> => request('POST', `/api/admin/notify/outbox/${id}/retry`);
