// Long answers (a page of up to 100 referrals is ~350 KB) are written piece by piece into one
// Buffer instead of joined into one string: a string that large lives in V8's large-object space
// until a full garbage collection, so under list load they piled up (100,000 referrals: peak RSS
// 255 MB, against 218 MB with Buffers), while a Buffer's memory is outside the heap and freed as
// soon as its small handle dies young.
// Each piece must be well-formed text on its own (no surrogate pair split between two pieces):
// the callers cut stored JSON only at ASCII characters.
export function textBuffer(pieces: readonly string[]): Buffer {
  let size = 0
  for (const piece of pieces) size += Buffer.byteLength(piece)
  const out = Buffer.allocUnsafe(size)
  let at = 0
  for (const piece of pieces) at += out.write(piece, at)
  return out
}
