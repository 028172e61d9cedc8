/**
 * The `path` field of a stored job payload (JSON text), or null when the job is not about a
 * file (`summarize`) or the payload is not what the demo enqueued.
 */
export function payloadPath(payload: unknown): string | null {
  let parsed: unknown = payload;
  if (typeof payload === 'string') {
    try {
      parsed = JSON.parse(payload);
    } catch {
      return null;
    }
  }
  if (typeof parsed === 'object' && parsed !== null && 'path' in parsed && typeof parsed.path === 'string') return parsed.path;
  return null;
}
