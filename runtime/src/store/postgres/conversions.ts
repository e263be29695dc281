import { statement, type Db } from './pool';
import { dayOf, type ConversionStore, type CustomerKeys, type Goal, type GoalDay, type GoalTotals, type GoalWrite, type NewConversion } from '../conversions';
import type { Identity } from '../profiles';

const GOAL = `id, bot_id AS "botId", name, event, window_days AS "windowDays", created_at AS "createdAt", updated_at AS "updatedAt"`;
const CONVERSION = `id, bot_id AS "botId", goal_id AS "goalId", event, value, currency, visitor_id AS "visitorId", profile_id AS "profileId",
  conversation_id AS "conversationId", source, recorded_at AS "recordedAt"`;

/** Another goal of the bot counts that event already (unique_violation on UNIQUE (bot_id, event)). */
const isDuplicate = (error: unknown) => (error as { code?: unknown })?.code === '23505';

const S = {
  goals: statement('conversions_goals', `SELECT ${GOAL} FROM conversion_goals WHERE bot_id = $1 ORDER BY created_at, id`),
  goal: statement('conversions_goal', `SELECT ${GOAL} FROM conversion_goals WHERE bot_id = $1 AND id = $2`),
  goalForEvent: statement('conversions_goal_for_event', `SELECT ${GOAL} FROM conversion_goals WHERE bot_id = $1 AND event = $2`),
  insertGoal: statement(
    'conversions_insert_goal',
    'INSERT INTO conversion_goals (id, bot_id, name, event, window_days, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  ),
  updateGoal: statement(
    'conversions_update_goal',
    `UPDATE conversion_goals SET name = COALESCE($3, name), event = COALESCE($4, event), window_days = COALESCE($5::integer, window_days),
     updated_at = $6 WHERE bot_id = $1 AND id = $2`,
  ),
  deleteGoal: statement('conversions_delete_goal', 'DELETE FROM conversion_goals WHERE bot_id = $1 AND id = $2'),
  identity: statement('conversions_identity', 'SELECT profile_id AS id FROM customer_identities WHERE kind = $1 AND value = $2'),
  latest: statement(
    'conversions_latest',
    `SELECT id FROM conversations WHERE bot_id = $1 AND NOT preview AND created_at >= $2 AND (
       id = ANY($3::text[]) OR visitor_id = ANY($4::text[])
       OR id IN (SELECT conversation_id FROM conversation_profiles WHERE profile_id = $5))
     ORDER BY created_at DESC, id DESC LIMIT 1`,
  ),
  insert: statement(
    'conversions_insert',
    `INSERT INTO conversions (bot_id, goal_id, event, value, currency, visitor_id, profile_id, conversation_id, source, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
  ),
  addDay: statement(
    'conversions_add_day',
    `INSERT INTO conversion_days (bot_id, day, goal_id, count, value_sum, attributed) VALUES ($1, $2, $3, 1, $4, $5)
     ON CONFLICT (bot_id, day, goal_id) DO UPDATE SET count = conversion_days.count + 1,
     value_sum = conversion_days.value_sum + excluded.value_sum, attributed = conversion_days.attributed + excluded.attributed`,
  ),
  totals: statement(
    'conversions_totals',
    `SELECT g.id AS "goalId", g.name, g.event, COALESCE(SUM(d.count), 0)::bigint AS count, COALESCE(SUM(d.value_sum), 0)::double precision AS value,
       COALESCE(SUM(d.attributed), 0)::bigint AS attributed
     FROM conversion_goals g LEFT JOIN conversion_days d ON d.goal_id = g.id AND d.day BETWEEN $2 AND $3
     WHERE g.bot_id = $1 GROUP BY g.id ORDER BY g.created_at, g.id`,
  ),
  days: statement(
    'conversions_days',
    `SELECT day, goal_id AS "goalId", count, value_sum AS value, attributed FROM conversion_days
     WHERE bot_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, goal_id`,
  ),
  list: statement('conversions_list', `SELECT ${CONVERSION} FROM conversions WHERE bot_id = $1 ORDER BY id DESC LIMIT $2`),
};

export class PgConversionStore implements ConversionStore {
  constructor(private readonly db: Db) {}

  async goals(botId: string): Promise<Goal[]> {
    return this.db.rows<Goal>(S.goals, [botId]);
  }

  async goal(botId: string, id: string): Promise<Goal | undefined> {
    return this.db.row<Goal>(S.goal, [botId, id]);
  }

  async goalForEvent(botId: string, event: string): Promise<Goal | undefined> {
    return this.db.row<Goal>(S.goalForEvent, [botId, event]);
  }

  async createGoal(g: Goal): Promise<GoalWrite> {
    try {
      await this.db.run(S.insertGoal, [g.id, g.botId, g.name, g.event, g.windowDays, g.createdAt, g.updatedAt]);
      return 'ok';
    } catch (error) {
      if (isDuplicate(error)) return 'duplicate';
      throw error;
    }
  }

  async updateGoal(botId: string, id: string, change: { name?: string; event?: string; windowDays?: number }, now: string): Promise<GoalWrite> {
    try {
      const changed = await this.db.run(S.updateGoal, [botId, id, change.name ?? null, change.event ?? null, change.windowDays ?? null, now]);
      return changed === 1 ? 'ok' : 'missing';
    } catch (error) {
      if (isDuplicate(error)) return 'duplicate';
      throw error;
    }
  }

  async deleteGoal(botId: string, id: string): Promise<boolean> {
    return (await this.db.run(S.deleteGoal, [botId, id])) === 1;
  }

  async profileOf(identities: Identity[]): Promise<string | undefined> {
    for (const i of identities) {
      const row = await this.db.row<{ id: string }>(S.identity, [i.kind, i.value]);
      if (row) return row.id;
    }
    return undefined;
  }

  async latestConversation(botId: string, customer: CustomerKeys, since: string): Promise<string | undefined> {
    const row = await this.db.row<{ id: string }>(S.latest, [botId, since, customer.conversationIds, customer.visitorIds, customer.profileId ?? null]);
    return row?.id;
  }

  async record(c: NewConversion): Promise<number> {
    return this.db.tx(async (q) => {
      const { id } = (await q.row<{ id: number }>(S.insert, [c.botId, c.goalId, c.event, c.value, c.currency, c.visitorId, c.profileId, c.conversationId, c.source, c.recordedAt]))!;
      await q.run(S.addDay, [c.botId, dayOf(c.recordedAt), c.goalId, c.value ?? 0, c.conversationId === null ? 0 : 1]);
      return id;
    });
  }

  async figures(botId: string, from: string, to: string): Promise<{ goals: GoalTotals[]; days: GoalDay[] }> {
    const [goals, days] = await Promise.all([this.db.rows<GoalTotals>(S.totals, [botId, from, to]), this.db.rows<GoalDay>(S.days, [botId, from, to])]);
    return { goals, days };
  }

  async list(botId: string, limit: number): Promise<(NewConversion & { id: number })[]> {
    return this.db.rows<NewConversion & { id: number }>(S.list, [botId, limit]);
  }
}
