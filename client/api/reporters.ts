import type { Invitation, Roster, RoundsList } from '../../shared/schemas/reporters.js';
import { getJson, query, request } from './http.js';

/** A town's or village's 信息员 and 中心户 with their account state. */
export const fetchRoster = (scope: string, signal?: AbortSignal): Promise<Roster> => getJson(`/api/reporters${query({ scope })}`, signal);

/** A fresh invitation: its code comes this once. */
export const createInvitation = (staffId: string): Promise<Invitation> => request('POST', '/api/reporters/invitations', { body: { staffId } });

/** Who among the central households with accounts did the day's rounds. */
export const fetchRoundsOf = (scope: string, date: string, signal?: AbortSignal): Promise<RoundsList> =>
  getJson(`/api/rounds${query({ scope, date })}`, signal);
