/** Aggregation expression of the report pipelines: 1 when the field holds a value, 0 when it is missing or null. */
export function isSet(field: string) {
  return { $cond: [{ $eq: [{ $ifNull: [field, null] }, null] }, 0, 1] };
}
