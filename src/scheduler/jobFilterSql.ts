/**
 * Turns Agenda's job selections (by id, name, data, unique key) into SQL conditions on
 * `agenda_jobs`, with the matching rules of Agenda's MongoDB backend: a data filter object
 * matches when every leaf it names is equal, a `null` leaf matches a missing one too.
 */
import type { JobsQueryOptions, RemoveJobsOptions } from 'agenda';

type SqlParam = string | number | null;

export interface SqlCondition {
  sql: string;
  params: SqlParam[];
}

export function whereSql(conditions: readonly SqlCondition[]): {
  sql: string;
  params: SqlParam[];
} {
  if (conditions.length === 0) return { sql: '', params: [] };
  return {
    sql: `WHERE ${conditions.map((condition) => `(${condition.sql})`).join(' AND ')}`,
    params: conditions.flatMap((condition) => condition.params),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function inList(column: string, values: readonly string[], operator = 'IN'): SqlCondition {
  return {
    sql: `${column} ${operator} (${values.map(() => '?').join(', ')})`,
    params: [...values],
  };
}

function jsonPath(segments: readonly string[]): string {
  for (const segment of segments) {
    if (segment.includes('"')) throw new Error(`a data key may not contain '"': ${segment}`);
  }
  return `$${segments.map((segment) => `."${segment}"`).join('')}`;
}

/** The value at `path` inside `data` equals `value` (same JSON type and content). */
function jsonValueEquals(path: string, value: unknown): SqlCondition {
  if (value === null || value === undefined) {
    return {
      sql: `json_type(data, ?) IS NULL OR json_type(data, ?) = 'null'`,
      params: [path, path],
    };
  }
  if (typeof value === 'boolean') {
    return { sql: `json_type(data, ?) = ?`, params: [path, value ? 'true' : 'false'] };
  }
  if (typeof value === 'number') {
    return {
      sql: `json_type(data, ?) IN ('integer', 'real') AND json_extract(data, ?) = ?`,
      params: [path, path, value],
    };
  }
  if (typeof value === 'string' || value instanceof Date) {
    const text = typeof value === 'string' ? value : value.toISOString();
    return {
      sql: `json_type(data, ?) = 'text' AND json_extract(data, ?) = ?`,
      params: [path, path, text],
    };
  }
  if (Array.isArray(value) || isPlainObject(value)) {
    if (isPlainObject(value) && Object.keys(value).some((key) => key.startsWith('$'))) {
      throw new Error('query operators are not supported in a job selection');
    }
    return {
      sql: `json_type(data, ?) = ? AND json_extract(data, ?) = json(?)`,
      params: [path, Array.isArray(value) ? 'array' : 'object', path, JSON.stringify(value)],
    };
  }
  throw new Error(`cannot match job data against a ${typeof value}`);
}

function leafConditions(filter: Record<string, unknown>, prefix: string[]): SqlCondition[] {
  return Object.entries(filter).flatMap(([key, value]) =>
    isPlainObject(value)
      ? leafConditions(value, [...prefix, key])
      : [jsonValueEquals(jsonPath([...prefix, key]), value)],
  );
}

/** Partial match for an object (`{ campaignId: 'c1' }`), exact match for anything else. */
export function dataFilter(data: unknown): SqlCondition[] {
  if (isPlainObject(data)) return leafConditions(data, []);
  return [{ sql: 'data = ?', params: [JSON.stringify(data ?? null)] }];
}

const UNIQUE_COLUMNS: Record<string, string> = { name: 'name', type: 'type', priority: 'priority' };

/** A job's `unique()` key, e.g. `{ 'data.campaignId': 'c1' }`; every entry must be equal. */
export function uniqueFilter(unique: Record<string, unknown>): SqlCondition[] {
  return Object.entries(unique).map(([key, value]) => {
    if (key === 'data') return { sql: 'data = ?', params: [JSON.stringify(value ?? null)] };
    if (key.startsWith('data.')) return jsonValueEquals(jsonPath(key.slice(5).split('.')), value);
    const column = UNIQUE_COLUMNS[key];
    if (column && (typeof value === 'string' || typeof value === 'number')) {
      return { sql: `${column} = ?`, params: [value] };
    }
    throw new Error(`unique key "${key}" is not supported by the SQLite job store`);
  });
}

/** The jobs `cancel`, `disable` and `enable` act on; null when the options select nothing. */
export function selectionFilter(options: RemoveJobsOptions): SqlCondition[] | null {
  const conditions: SqlCondition[] = [];
  if (options.id) conditions.push({ sql: 'id = ?', params: [String(options.id)] });
  else if (options.ids && options.ids.length > 0)
    conditions.push(inList('id', options.ids.map(String)));

  if (options.name) conditions.push({ sql: 'name = ?', params: [options.name] });
  else if (options.names && options.names.length > 0)
    conditions.push(inList('name', options.names));
  else if (options.notNames && options.notNames.length > 0) {
    conditions.push(inList('name', options.notNames, 'NOT IN'));
  }

  if (options.data !== undefined) conditions.push(...dataFilter(options.data));
  return conditions.length > 0 ? conditions : null;
}

/** The filters of `queryJobs`, except the computed `state`. */
export function queryFilter(options: JobsQueryOptions): SqlCondition[] {
  const conditions: SqlCondition[] = [];
  if (options.name) conditions.push({ sql: 'name = ?', params: [options.name] });
  else if (options.names && options.names.length > 0)
    conditions.push(inList('name', options.names));

  if (options.id) conditions.push({ sql: 'id = ?', params: [options.id] });
  else if (options.ids && options.ids.length > 0) conditions.push(inList('id', options.ids));

  if (options.search) {
    conditions.push({ sql: 'instr(lower(name), lower(?)) > 0', params: [options.search] });
  }
  if (options.data !== undefined) conditions.push(...dataFilter(options.data));
  if (options.includeDisabled === false) conditions.push({ sql: 'disabled = 0', params: [] });
  return conditions;
}
