/**
 * A zod issue path as `a.b[2].c`.
 *
 * @example
 * formatPath(['switches', 3, 'vtepIp']); // 'switches[3].vtepIp'
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
