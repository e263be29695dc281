import type { Db } from './db';
import { dayOf, type ConversionStore, type CustomerKeys, type Goal, type GoalDay, type GoalTotals, type GoalWrite, type NewConversion } from '../conversions';
import type { Identity } from '../profiles';

const GOAL = `id, bot_id AS botId, name, event, window_days AS windowDays, created_at AS createdAt, updated_at AS updatedAt`;
const CONVERSION = `id, bot_id AS botId, goal_id AS goalId, event, value, currency, visitor_id AS visitorId, profile_id AS profileId,
  conversation_id AS conversationId, source, recorded_at AS recordedAt`;

/** Another goal of the bot counts that event already (the UNIQUE (bot_id, event) constraint). */
const isDuplicate = (error: unknown) => (error as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_UNIQUE';

export class SqliteConversionStore implements ConversionStore {
  private readonly s;
  private readonly recordTx: (c: NewConversion) => number;

  constructor(db: Db) {
    this.s = {
      goals: db.prepare(`SELECT ${GOAL} FROM conversion_goals WHERE bot_id = ? ORDER BY created_at, id`),
      goal: db.prepare(`SELECT ${GOAL} FROM conversion_goals WHERE bot_id = ? AND id = ?`),
      goalForEvent: db.prepare(`SELECT ${GOAL} FROM conversion_goals WHERE bot_id = ? AND event = ?`),
      insertGoal: db.prepare(`INSERT INTO conversion_goals (id, bot_id, name, event, window_days, created_at, updated_at)
        VALUES (@id, @botId, @name, @event, @windowDays, @createdAt, @updatedAt)`),
      updateGoal: db.prepare(`UPDATE conversion_goals SET name = COALESCE(@name, name), event = COALESCE(@event, event),
        window_days = COALESCE(@windowDays, window_days), updated_at = @now WHERE bot_id = @botId AND id = @id`),
      deleteGoal: db.prepare('DELETE FROM conversion_goals WHERE bot_id = ? AND id = ?'),
      identity: db.prepare('SELECT profile_id AS id FROM customer_identities WHERE kind = ? AND value = ?'),
      latest: db.prepare(`SELECT id FROM conversations WHERE bot_id = @botId AND preview = 0 AND created_at >= @since AND (
          id IN (SELECT value FROM json_each(@conversationIds))
          OR visitor_id IN (SELECT value FROM json_each(@visitorIds))
          OR id IN (SELECT conversation_id FROM conversation_profiles WHERE profile_id = @profileId))
        ORDER BY created_at DESC, id DESC LIMIT 1`),
      insert: db.prepare(`INSERT INTO conversions (bot_id, goal_id, event, value, currency, visitor_id, profile_id, conversation_id, source, recorded_at)
        VALUES (@botId, @goalId, @event, @value, @currency, @visitorId, @profileId, @conversationId, @source, @recordedAt)`),
      addDay: db.prepare(`INSERT INTO conversion_days (bot_id, day, goal_id, count, value_sum, attributed) VALUES (?, ?, ?, 1, ?, ?)
        ON CONFLICT (bot_id, day, goal_id) DO UPDATE SET count = count + 1, value_sum = value_sum + excluded.value_sum,
        attributed = attributed + excluded.attributed`),
      totals: db.prepare(`SELECT g.id AS goalId, g.name, g.event, COALESCE(SUM(d.count), 0) AS count, COALESCE(SUM(d.value_sum), 0) AS value,
          COALESCE(SUM(d.attributed), 0) AS attributed
        FROM conversion_goals g LEFT JOIN conversion_days d ON d.goal_id = g.id AND d.day BETWEEN @from AND @to
        WHERE g.bot_id = @botId GROUP BY g.id ORDER BY g.created_at, g.id`),
      days: db.prepare(`SELECT day, goal_id AS goalId, count, value_sum AS value, attributed FROM conversion_days
        WHERE bot_id = ? AND day BETWEEN ? AND ? ORDER BY day, goal_id`),
      list: db.prepare(`SELECT ${CONVERSION} FROM conversions WHERE bot_id = ? ORDER BY id DESC LIMIT ?`),
    };
    this.recordTx = db.transaction((c: NewConversion) => {
      const id = Number(this.s.insert.run(c).lastInsertRowid);
      this.s.addDay.run(c.botId, dayOf(c.recordedAt), c.goalId, c.value ?? 0, c.conversationId === null ? 0 : 1);
      return id;
    });
  }

  async goals(botId: string): Promise<Goal[]> {
    return this.s.goals.all(botId) as Goal[];
  }

  async goal(botId: string, id: string): Promise<Goal | undefined> {
    return this.s.goal.get(botId, id) as Goal | undefined;
  }

  async goalForEvent(botId: string, event: string): Promise<Goal | undefined> {
    return this.s.goalForEvent.get(botId, event) as Goal | undefined;
  }

  async createGoal(goal: Goal): Promise<GoalWrite> {
    try {
      this.s.insertGoal.run(goal);
      return 'ok';
    } catch (error) {
      if (isDuplicate(error)) return 'duplicate';
      throw error;
    }
  }

  async updateGoal(botId: string, id: string, change: { name?: string; event?: string; windowDays?: number }, now: string): Promise<GoalWrite> {
    try {
      const { changes } = this.s.updateGoal.run({ botId, id, now, name: change.name ?? null, event: change.event ?? null, windowDays: change.windowDays ?? null });
      return changes === 1 ? 'ok' : 'missing';
    } catch (error) {
      if (isDuplicate(error)) return 'duplicate';
      throw error;
    }
  }

  async deleteGoal(botId: string, id: string): Promise<boolean> {
    return this.s.deleteGoal.run(botId, id).changes === 1;
  }

  async profileOf(identities: Identity[]): Promise<string | undefined> {
    for (const i of identities) {
      const row = this.s.identity.get(i.kind, i.value) as { id: string } | undefined;
      if (row) return row.id;
    }
    return undefined;
  }

  async latestConversation(botId: string, customer: CustomerKeys, since: string): Promise<string | undefined> {
    const row = this.s.latest.get({
      botId,
      since,
      conversationIds: JSON.stringify(customer.conversationIds),
      visitorIds: JSON.stringify(customer.visitorIds),
      profileId: customer.profileId ?? null,
    }) as { id: string } | undefined;
    return row?.id;
  }

  async record(conversion: NewConversion): Promise<number> {
    return this.recordTx(conversion);
  }

  async figures(botId: string, from: string, to: string): Promise<{ goals: GoalTotals[]; days: GoalDay[] }> {
    return { goals: this.s.totals.all({ botId, from, to }) as GoalTotals[], days: this.s.days.all(botId, from, to) as GoalDay[] };
  }

  async list(botId: string, limit: number): Promise<(NewConversion & { id: number })[]> {
    return this.s.list.all(botId, limit) as (NewConversion & { id: number })[];
  }
}
