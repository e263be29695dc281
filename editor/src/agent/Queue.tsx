import { useTranslation } from 'react-i18next';
import { customerName, duration, useNow } from './format';
import { CHANNELS, type QueueTicket, type StatusFilter } from './types';

export interface Filters {
  status: StatusFilter;
  skill: string;
  tag: string;
  /** '' for every channel. */
  channel: string;
}
export type Sort = 'longest' | 'newest';

interface Props {
  tickets: QueueTicket[] | null;
  filters: Filters;
  onFilters(f: Filters): void;
  sort: Sort;
  onSort(s: Sort): void;
  groups: string[];
  tags: string[];
  skills: string[];
  me: string;
  fresh: ReadonlySet<number>;
  unread: ReadonlySet<number>;
  selected: number | null;
  onSelect(id: number): void;
}

const PRIORITY_RANK: Record<string, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** My skills first; within each part, by waiting time (or newest first); priority breaks ties. */
export function sortTickets(tickets: QueueTicket[], skills: string[], sort: Sort): QueueTicket[] {
  const mine = (t: QueueTicket) => (skills.includes(t.group) ? 0 : 1);
  const created = (t: QueueTicket) => Date.parse(t.createdAt) || 0;
  return [...tickets].sort(
    (a, b) =>
      mine(a) - mine(b) ||
      (sort === 'longest' ? created(a) - created(b) : created(b) - created(a)) ||
      (PRIORITY_RANK[a.priority] ?? 9) - (PRIORITY_RANK[b.priority] ?? 9) ||
      a.id - b.id,
  );
}

export function Queue({ tickets, filters, onFilters, sort, onSort, groups, tags, skills, me, fresh, unread, selected, onSelect }: Props) {
  const { t } = useTranslation();
  const now = useNow();
  const sorted = tickets ? sortTickets(tickets, skills, sort) : null;

  return (
    <section className="queue" aria-labelledby="queue-heading">
      <div className="queue-head">
        <h2 id="queue-heading">
          {t('queue.heading')} {sorted && <span className="count">{t('queue.count', { count: sorted.length })}</span>}
        </h2>
        <div className="filters">
          <label>
            {t('queue.status')}
            <select value={filters.status} onChange={(e) => onFilters({ ...filters, status: e.target.value as StatusFilter })}>
              <option value="open">{t('queue.open')}</option>
              <option value="resolved">{t('queue.resolved')}</option>
              <option value="all">{t('queue.all')}</option>
            </select>
          </label>
          <label>
            {t('queue.group')}
            <AnySelect value={filters.skill} values={groups} any={t('queue.any')} onChange={(skill) => onFilters({ ...filters, skill })} />
          </label>
          <label>
            {t('queue.tag')}
            <AnySelect value={filters.tag} values={tags} any={t('queue.any')} onChange={(tag) => onFilters({ ...filters, tag })} />
          </label>
          <label>
            {t('queue.channel')}
            <select value={filters.channel} onChange={(e) => onFilters({ ...filters, channel: e.target.value })}>
              <option value="">{t('queue.any')}</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('queue.sort')}
            <select value={sort} onChange={(e) => onSort(e.target.value as Sort)}>
              <option value="longest">{t('queue.longest')}</option>
              <option value="newest">{t('queue.newest')}</option>
            </select>
          </label>
        </div>
      </div>
      {sorted === null ? (
        <p className="muted pad">{t('queue.loading')}</p>
      ) : sorted.length === 0 ? (
        <p className="muted pad">{t('queue.empty')}</p>
      ) : (
        <ul className="tickets" aria-label={t('queue.heading')}>
          {sorted.map((tk) => {
            const waited = tk.status === 'open' ? t('queue.waiting', { time: duration(now - Date.parse(tk.createdAt), t) }) : t('queue.resolvedAgo', { time: duration(now - Date.parse(tk.resolvedAt ?? tk.updatedAt), t) });
            return (
              <li key={tk.id}>
                <button
                  type="button"
                  className={`ticket-row${selected === tk.id ? ' selected' : ''}${tk.status === 'resolved' ? ' resolved' : ''}`}
                  aria-current={selected === tk.id ? 'true' : undefined}
                  data-ticket={tk.id}
                  onClick={() => onSelect(tk.id)}
                >
                  <span className="row1">
                    <span className={`prio prio-${tk.priority}`}>{t(`priority.${tk.priority}`)}</span>
                    <span className="subject">{tk.subject}</span>
                    {fresh.has(tk.id) ? <span className="new">{t('queue.newTicket')}</span> : unread.has(tk.id) && <span className="new unread">{t('queue.newMessage')}</span>}
                  </span>
                  <span className="row2">
                    <span className="who">{customerName(tk.fields, tk.visitor)}</span>
                    <span className="wait">{waited}</span>
                  </span>
                  <span className="row3">
                    <span className={`channel channel-${tk.channel}`}>{t(`channel.${tk.channel}`, { defaultValue: tk.channel })}</span>
                    {tk.group && <span className={`group${skills.includes(tk.group) ? ' mine' : ''}`} title={skills.includes(tk.group) ? t('queue.skillMatch') : undefined}>{tk.group}</span>}
                    {tk.tags.map((tag) => (
                      <span key={tag} className="chip small">
                        {tag}
                      </span>
                    ))}
                    {tk.assignee && <span className="assignee">{tk.assignee === me ? t('queue.mine') : t('queue.assignedTo', { name: tk.assignee })}</span>}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** A filter over values seen in the queue, where the empty choice means no filter. */
function AnySelect({ value, values, any, onChange }: { value: string; values: readonly string[]; any: string; onChange: (value: string) => void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{any}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}
