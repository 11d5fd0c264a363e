/**
 * RFC 1123 names with a hand-written scanner (validation checks ~550k names at k = 90; a regex is slower).
 * Same rules as `DNS_LABEL_PATTERN` / `DNS_SUBDOMAIN_PATTERN` in `./schema`.
 *
 * @example
 * isDnsSubdomain('edge-1-2.pod3'); // true
 * isDnsLabel('edge-1-2.pod3');     // false (no dots in a label)
 */
export function isDnsSubdomain(name: string): boolean {
  return scan(name, true, 253);
}

/**
 * An RFC 1123 label: lowercase alphanumerics and '-', alphanumeric at both ends, at most 63 characters.
 *
 * @example
 * isDnsLabel('default'); // true
 * isDnsLabel('-x');      // false
 */
export function isDnsLabel(name: string): boolean {
  return scan(name, false, 63);
}

function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

function scan(name: string, dots: boolean, max: number): boolean {
  const n = name.length;
  if (n === 0 || n > max) return false;
  let labelStart = 0;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (isAlnum(c)) continue;
    if (c === 45) { // '-': never first or last of a label
      if (i === labelStart || i === n - 1) return false;
      continue;
    }
    if (c === 46 && dots) { // '.': ends a non-empty label whose last character is alphanumeric
      if (i === labelStart || !isAlnum(name.charCodeAt(i - 1)) || i === n - 1) return false;
      labelStart = i + 1;
      continue;
    }
    return false;
  }
  return isAlnum(name.charCodeAt(n - 1)) && (dots || n <= 63) && labelsShort(name, dots);
}

function labelsShort(name: string, dots: boolean): boolean {
  if (!dots) return true;
  let start = 0;
  for (let i = 0; i <= name.length; i++) {
    if (i === name.length || name.charCodeAt(i) === 46) {
      if (i - start > 63) return false;
      start = i + 1;
    }
  }
  return true;
}
