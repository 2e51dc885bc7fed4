/**
 * Alertmanager's alert fingerprint (prometheus/common model.LabelSet.Fingerprint): FNV-1a 64 over
 * the label names and values sorted by name, each followed by the 0xff separator byte, printed as
 * 16 hex digits. Opsdeck computes the same value, so an alert it opens an incident for directly
 * and the same alert coming back through Alertmanager's webhook land on one incident row.
 */
const OFFSET = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = 0xff;

export function alertFingerprint(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort();
  let hash = OFFSET;
  const add = (byte: number) => {
    hash ^= BigInt(byte);
    hash = (hash * PRIME) & MASK;
  };
  const encoder = new TextEncoder();
  for (const name of names) {
    for (const byte of encoder.encode(name)) add(byte);
    add(SEPARATOR);
    for (const byte of encoder.encode(labels[name] as string)) add(byte);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, "0");
}
