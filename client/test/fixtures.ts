import type { GeoCollection, GeoFeature } from '../../shared/schemas/geo.js';
import type { PublicTicket } from '../../shared/schemas/ticket.js';
import type { Summary } from '../../shared/schemas/summary.js';
import type { ScopeSnapshot } from '../../shared/events.js';
import type { ScopeChild } from '../../shared/schemas/drill.js';
import { scopeLevelOf, townOf, villageOf } from '../../shared/scope.js';

/** A scope snapshot at `seq`: the summary, and no cell measures, children or board tickets unless given. */
export function makeSnapshot(seq: number, summary: Summary = makeSummary(), rest: Partial<Omit<ScopeSnapshot, 'seq' | 'summary'>> = {}): ScopeSnapshot {
  return { seq, summary, cells: {}, children: [], board: [], ...rest };
}

/** A child scope's ranking row (ScopeChild) with `open` open tickets of `total`. */
export function makeChild(id: string, over: { name?: string; total?: number; open?: number; onTimeRate?: number | null } = {}): ScopeChild {
  return {
    id, level: scopeLevelOf(id) as ScopeChild['level'], name: over.name ?? id, households: 1000, gridCells: 4,
    tickets: { total: over.total ?? 10, open: over.open ?? 2, overdue: 0, today: 1 },
    kpi: { responseRate: 1, closureRate: 0.8, onTimeRate: over.onTimeRate === undefined ? 0.9 : over.onTimeRate, satisfactionRate: 0.95, reworkRate: 0 },
  };
}

/** A district summary with the seed's standing counts and no tickets yet (the replay's 2023-01-01). */
export function makeSummary(overrides: Partial<Summary> = {}): Summary {
  return {
    scope: { id: '321171', level: 'district', name: '镇江新区', parents: [] },
    clock: Date.UTC(2022, 11, 31, 16, 0, 0),
    counts: {
      towns: 5,
      villages: 61,
      gridCells: 325,
      serviceStations: 325,
      partyBranches: 68,
      centralHouseholds: 1684,
      infoOfficers: 3498,
      gridMembers: 325,
      households: 58_940,
    },
    tickets: {
      total: 0,
      open: 0,
      overdue: 0,
      responseOverdue: 0,
      urgent: 0,
      urgentSolved: 0,
      today: 0,
      byStatus: {},
      byTier: {},
      byCategory: {},
      byChannel: {},
    },
    kpi: {
      responseRate: null,
      closureRate: null,
      onTimeRate: null,
      satisfactionRate: null,
      reworkRate: null,
      responseDue: 0,
      respondedInTime: 0,
      closeDue: 0,
      closed: 0,
      closedOnTime: 0,
      evaluated: 0,
      satisfied: 0,
      reworked: 0,
    },
    series: { hourly: [], daily: [] },
    modules: {
      people: { registered: 0, floating: 0, over60: 0, elderlyAlone: 0, disabled: 0, partyMembers: 0 },
      vehicles: { registered: 0, parkingSpaces: 0, evChargers: 0 },
      houses: {
        buildings: 0,
        units: 0,
        households: 0,
        rented: 0,
        vacant: 0,
        byType: { highRise: 0, multiStorey: 0, lowRise: 0, commercial: 0 },
      },
      things: { lifts: 0, gasPipelines: 0, hydrants: 0, waterPipes: 0, streetLamps: 0, cameras: 0 },
      activity: {
        movedInToday: 0,
        movedOutToday: 0,
        gateInLastHour: 0,
        gateOutLastHour: 0,
        gatePassesToday: 0,
        inspectionsToday: 0,
        faultsToday: 0,
      },
    },
    ...overrides,
  };
}

function square(id: string, name: string, x: number, y: number, households: number): GeoFeature {
  const d = 0.01;
  return {
    type: 'Feature',
    id,
    properties: { id, level: 'grid', name, townCode: townOf(id), villageCode: villageOf(id), households },
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + d, y],
          [x + d, y + d],
          [x, y + d],
          [x, y],
        ],
      ],
    },
  };
}

/** Four square cells in two towns, enough to exercise scope cutting and colouring. */
export function makeGeo(): GeoCollection {
  return {
    type: 'FeatureCollection',
    features: [
      square('321171001001-01', '丁卯居委会第一网格', 119.52, 32.16, 120),
      square('321171001001-02', '丁卯居委会第二网格', 119.53, 32.16, 80),
      square('321171102004-01', '新茂社区第一网格', 119.62, 32.13, 200),
      square('321171102004-02', '新茂社区第二网格', 119.63, 32.13, 40),
    ],
  };
}

/** A ticket as the server sends it to the wall (the public projection), reported at `reportedAt`. */
export function makeTicket(id: number, overrides: Partial<PublicTicket> = {}): PublicTicket {
  const reportedAt = overrides.reportedAt ?? Date.UTC(2023, 5, 15, 2, 0) + id * 60_000;
  return {
    id,
    category: 'sanitation',
    tier: 3,
    status: 'reported',
    urgent: false,
    gridId: '321171001001-01',
    lng: 119.525,
    lat: 32.165,
    handlingUnit: '丁卯社区',
    reportedAt,
    acceptedAt: null,
    dispatchedAt: null,
    startedAt: null,
    handledAt: null,
    closedAt: null,
    evaluatedAt: null,
    responseDueAt: reportedAt + 3600_000,
    closeDueAt: reportedAt + 86_400_000,
    updatedAt: reportedAt,
    ...overrides,
  };
}
