/**
 * The script tag's command API, `Parley('open')`, `Parley('on', 'message', fn)` …, the way Zendesk's Web Widget takes
 * `zE(…)`. A page may call it before widget.js has loaded through the usual stub, which only queues:
 *
 *   window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };
 *
 * Once loaded, the real function replaces the stub and runs the queue in order.
 */

export type WidgetEvent = 'message' | 'open' | 'close';
type Handler = (data?: unknown) => void;

export interface TrackProps {
  value?: number;
  currency?: string;
}

/** What the commands drive: the embed's own functions (main.ts). */
export interface CommandTarget {
  open(): void;
  close(): void;
  identify(jwt: string): void;
  destroy(): void;
  track(event: string, props: TrackProps): Promise<unknown>;
}

type ParleyFunction = ((command: string, ...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; loaded?: boolean };

const EVENTS = new Set<string>(['message', 'open', 'close']);

const warn = (text: string) => console.warn(`[parley] ${text}`);

export class Commands {
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(private readonly target: CommandTarget) {}

  /** One command; a mistake is a console warning, never a throw into the host page. */
  run(command: unknown, ...args: unknown[]): unknown {
    const t = this.target;
    switch (command) {
      case 'open':
      case 'close':
      case 'destroy':
        return t[command]();
      case 'identify':
        if (typeof args[0] !== 'string' || !args[0]) return warn("Parley('identify', jwt) needs the customer's signed token");
        return t.identify(args[0]);
      case 'track': {
        const [event, props = {}] = args as [unknown, TrackProps | undefined];
        if (typeof event !== 'string' || !event) return warn("Parley('track', event, { value, currency }) needs an event name");
        if (typeof props !== 'object' || props === null || (props.value !== undefined && typeof props.value !== 'number') || (props.currency !== undefined && typeof props.currency !== 'string')) {
          return warn("Parley('track') takes { value: number, currency: 'USD' }");
        }
        return t.track(event, { value: props.value, currency: props.currency }).catch((e: unknown) => warn(`track "${event}" failed: ${(e as Error).message}`));
      }
      case 'on':
      case 'off': {
        const [event, fn] = args;
        if (typeof event !== 'string' || !EVENTS.has(event) || typeof fn !== 'function') return warn(`Parley('${command}', event, fn): event is one of ${[...EVENTS].join(', ')}`);
        const set = this.handlers.get(event) ?? new Set();
        this.handlers.set(event, set);
        if (command === 'on') set.add(fn as Handler);
        else set.delete(fn as Handler);
        return undefined;
      }
      default:
        return warn(`unknown command ${JSON.stringify(command)}`);
    }
  }

  emit(event: WidgetEvent, data?: unknown): void {
    for (const fn of this.handlers.get(event) ?? []) {
      try {
        fn(data);
      } catch (e) {
        // The page's handler failing is the page's to see, and must not stop the chat.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}

/**
 * Puts the real `Parley` on the window and runs what the stub queued. A second copy of the script keeps the first
 * one's function, whose widget is the one on the page.
 */
export function installCommands(global: object, target: CommandTarget): Commands {
  const win = global as { Parley?: ParleyFunction };
  const commands = new Commands(target);
  const existing = win.Parley;
  if (existing?.loaded) return commands;
  const parley: ParleyFunction = (command, ...args) => commands.run(command, ...args);
  parley.loaded = true;
  win.Parley = parley;
  for (const args of existing?.q ?? []) commands.run(...(Array.from(args) as [unknown, ...unknown[]]));
  return commands;
}
