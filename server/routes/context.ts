import type { Mode } from '../../shared/constants.js';
import type { Category } from '../../shared/schemas/ticket.js';
import type { Auth } from '../auth/auth-module.js';
import type { CellPlace } from '../domain/handling-unit.js';
import type { LiveState } from '../domain/live-state.js';
import type { ModuleEventService } from '../domain/module-event-service.js';
import type { Broadcaster, TicketPhotos } from '../domain/ports.js';
import type { TicketService } from '../domain/ticket-service.js';
import type { MediaService } from '../media/media-service.js';
import type { MoshaoMetrics } from '../plugins/moshao-metrics.js';
import type { MineChannel } from '../realtime/mine.js';
import type { ScreenRegistry } from '../realtime/screen-registry.js';
import type { ReplayControl } from '../auth/replay-control.js';
import type { ModuleEventRepository } from '../storage/module-event-repository.js';
import type { TicketRepository } from '../storage/ticket-repository.js';
import type { CellInfo, WorldRepository } from '../storage/world-repository.js';
import type { WriteBatcher } from '../storage/write-batcher.js';

/** What route plugins are given: services, not singletons. */
export interface RouteContext {
  mode: Mode;
  world: WorldRepository;
  tickets: TicketRepository;
  service: TicketService;
  live: LiveState;
  /** Other systems' 人车房物 events (idempotency, and what the module numbers are rebuilt from). */
  moduleEvents: ModuleEventRepository;
  /** What a batch of other systems' events means (server/domain/module-event-service.ts). */
  moduleEventService: ModuleEventService;
  /** Pushes changed scopes to the walls (seq'd deltas). */
  broadcaster: Broadcaster;
  categories: Category[];
  cells: Map<string, CellInfo>;
  /** Group commit for HTTP writes (server/storage/write-batcher.ts). */
  writes: WriteBatcher;
  locateCell: (lng: number, lat: number) => string | null;
  /** Sessions, tokens, accounts, the audit log and the one authorizer (server/auth/). */
  auth: Auth;
  townNames: Map<string, string>;
  /** Each grid cell's village (short name, as handling units say it: 丁卯社区) and town. */
  places: Map<string, CellPlace>;
  screens: ScreenRegistry;
  reloadScreen: (socketId: string) => void;
  /** People's replay commands (server/replay/replay-control.ts); null in live mode. */
  replay: ReplayControl | null;
  clockNow: () => number;
  /** Counters of what happens (server/plugins/moshao-metrics.ts). */
  metrics: MoshaoMetrics;
  /** Photos: upload, attach, read back, cleanup (server/media/media-service.ts). */
  media: MediaService;
  /** Which photos tickets have, for a reporter's own list. */
  ticketPhotos: TicketPhotos;
  /** MOSHAO_PUBLIC_URL, where links printed on paper point (an invitation's QR code); the request's origin when unset. */
  publicUrl: string | null;
  /** A reporter's live "my reports" (server/realtime/mine.ts): told of each ticket a reporter files. */
  mine: Pick<MineChannel, 'owned'>;
}
