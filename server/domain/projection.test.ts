import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { PublicTicketEventSchema, PublicTicketSchema, type TicketEvent } from '../../shared/schemas/ticket.js';
import { makeTicket } from '../test/ticket-factory.js';
import { publicEvent, publicTicket } from './projection.js';

const PRIVATE = { title: '王小明家漏水 13912345678', description: '身份证 32111119800101123X', address: '新茂社区3幢201室' };

describe('publicTicket', () => {
  const full = makeTicket({ ...PRIVATE, lng: 119.623456, lat: 32.134567, channel: 'hotline_12345', reporterRole: 'info_officer', rating: 2, reworks: 1 });
  const pub = publicTicket(full);

  it('has exactly the fields of PublicTicketSchema and validates against it', () => {
    expect(Object.keys(pub).sort()).toEqual(Object.keys(PublicTicketSchema.properties).sort());
    expect(Value.Check(PublicTicketSchema, pub)).toBe(true);
  });

  it('drops the free text, the reporter and the rating, and keeps what the wall shows', () => {
    const text = JSON.stringify(pub);
    for (const value of [...Object.values(PRIVATE), 'hotline_12345', 'info_officer']) expect(text).not.toContain(value);
    expect(pub).toMatchObject({ id: full.id, category: full.category, tier: full.tier, status: full.status, gridId: full.gridId, reportedAt: full.reportedAt });
    expect(pub).not.toHaveProperty('rating');
  });

  it('rounds the location to 0.001° (about 100 m)', () => {
    expect(pub.lng).toBe(119.623);
    expect(pub.lat).toBe(32.135);
    expect(Math.abs(pub.lat - full.lat) * 111_320).toBeLessThan(60);
  });
});

describe('publicEvent', () => {
  it('keeps action, statuses and time, never the note or the actor', () => {
    const e: TicketEvent = { id: 7, ticketId: 1, at: 5, action: 'accept', fromStatus: 'reported', toStatus: 'accepted', actor: '张网格员', note: '已联系王小明 13912345678' };
    const pub = publicEvent(e);
    expect(pub).toEqual({ id: 7, ticketId: 1, at: 5, action: 'accept', fromStatus: 'reported', toStatus: 'accepted' });
    expect(Value.Check(PublicTicketEventSchema, pub)).toBe(true);
  });
});
