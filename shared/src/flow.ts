import { z } from 'zod';
import { Id, VariableName } from './ids';
import { steps, stepKinds, type StepKind } from './steps';
import { Translations } from './translations';
import { TestCase } from './testCases';

export const SCHEMA_VERSION = 1;
export const MAX_STEPS = 2000;

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });

export const Edge = z.object({
  id: Id,
  source: Id,
  sourceHandle: z.string().min(1).max(64),
  target: Id,
  /**
   * Bend points of the connection's path, from Tidy up's orthogonal routing. Absent, the canvas draws its own path;
   * moving either end drops the route, which no longer fits.
   */
  route: z.array(Position).max(64).optional(),
});
export type Edge = z.infer<typeof Edge>;

export const Variable = z.object({
  name: VariableName,
  /** Starting value; a variable with one counts as set. */
  defaultValue: z.string().max(4096).optional(),
  description: z.string().max(200).optional(),
});
export type Variable = z.infer<typeof Variable>;

export const WidgetSettings = z.object({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #1f6feb').default('#1f6feb'),
  logoUrl: z.string().max(2000).default(''),
  position: z.enum(['right', 'left']).default('right'),
  greeting: z.string().max(200).default(''),
  proactive: z
    .object({ enabled: z.boolean().default(false), urlContains: z.string().max(200).default(''), afterSeconds: z.number().int().min(0).max(3600).default(10), text: z.string().max(500).default('') })
    .default({ enabled: false, urlContains: '', afterSeconds: 10, text: '' }),
});

export const FlowSettings = z.object({
  widget: WidgetSettings.default(WidgetSettings.parse({})),
});

export const Locale = z.enum(['en', 'ko']);

/**
 * The document as stored and sent: React Flow's own shape. Node `data` is only an object here;
 * each kind's schema checks it in `validate`, so a draft can be saved while it is still wrong.
 */
export const FlowDocument = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  id: Id,
  name: z.string().trim().min(1, 'Give the flow a name').max(120),
  locale: Locale.default('en'),
  /** Languages the bot's content is translated into, besides `locale`. Optional so older documents stay as they were. */
  locales: z.array(Locale).max(10).optional(),
  translations: Translations.optional(),
  /** Conversation tests run before every publish. */
  tests: z.array(TestCase).max(200).optional(),
  variables: z.array(Variable).max(500).default([]),
  nodes: z
    .array(
      z.object({
        id: Id,
        type: z.enum(stepKinds as [StepKind, ...StepKind[]]),
        position: Position,
        data: z.record(z.string(), z.unknown()),
      }),
    )
    .max(MAX_STEPS * 5),
  edges: z.array(Edge).max(MAX_STEPS * 20),
  settings: FlowSettings.default(FlowSettings.parse({})),
});
export type FlowDocument = z.infer<typeof FlowDocument>;
export type FlowNode = FlowDocument['nodes'][number];

/** A node whose data passed its kind's schema, with defaults applied. */
export type StepNode = {
  [K in StepKind]: { id: string; type: K; position: { x: number; y: number }; data: z.output<(typeof steps)[K]['schema']> };
}[StepKind];

export const StepNodeSchema = z.discriminatedUnion(
  'type',
  stepKinds.map((kind) => z.object({ id: Id, type: z.literal(kind), position: Position, data: steps[kind].schema })) as unknown as [
    z.ZodObject<{ type: z.ZodLiteral<StepKind> }>,
    ...z.ZodObject<{ type: z.ZodLiteral<StepKind> }>[],
  ],
);

/** A document whose every node is valid for its kind: what publishing stores and compiling takes. */
export interface Flow extends Omit<FlowDocument, 'nodes'> {
  nodes: StepNode[];
}

/** Migrations on read: each takes a document of version n to n + 1. Empty while the format is at version 1. */
const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export function migrateFlow(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  let doc = raw as Record<string, unknown>;
  for (let v = typeof doc.schemaVersion === 'number' ? doc.schemaVersion : SCHEMA_VERSION; v < SCHEMA_VERSION; v++) {
    const step = migrations[v];
    if (!step) break;
    doc = { ...step(doc), schemaVersion: v + 1 };
  }
  return doc;
}

export function parseFlowDocument(raw: unknown) {
  return FlowDocument.safeParse(migrateFlow(raw));
}
