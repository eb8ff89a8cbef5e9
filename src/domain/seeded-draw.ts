// A number in [0, 1) fixed by its inputs, so a policy such as "fail 10%" picks the same
// registrations under the same seed on every run and every machine, whatever order or batch the
// sweep finds them in (registration reviews, Microsoft's co-sell policy). FNV-1a over the text, then a murmur3 finaliser to spread the bits.
export function seededDraw(...parts: readonly string[]): number {
  let h = 0x811c9dc5
  for (const ch of parts.join('\u0000')) {
    h ^= ch.codePointAt(0)!
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}
