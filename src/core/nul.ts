/**
 * Finds the first NUL character (U+0000) in a JSON-like value. PostgreSQL text cannot hold it and
 * no legitimate report needs it, so input carrying one is rejected, naming where it was found.
 * Returns a JSON pointer to the offending key or value, or null.
 */
export function findNul(value: unknown, pointer = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer || '/' : null;
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNul(value[i], `${pointer}/${i}`);
      if (found) return found;
    }
    return null;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.includes('\u0000')) return path;
    const found = findNul(child, path);
    if (found) return found;
  }
  return null;
}

/** Field names echoed back must not carry the NUL they are complaining about. */
export const printable = (field: string): string => field.replaceAll('\u0000', '\\u0000');
