// The timeline's pending events, earliest first: a binary min-heap. Ties are broken by the
// policy's place in the list, then the referral id, so equal runs apply equal events in one order.

export interface DueEvent {
  readonly at: number
  readonly policy: number
  readonly id: string
}

export class DueQueue {
  private readonly heap: DueEvent[] = []

  get size(): number {
    return this.heap.length
  }

  push(event: DueEvent): void {
    const heap = this.heap
    heap.push(event)
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      ;[heap[i], heap[parent]] = [heap[parent]!, heap[i]!]
      i = parent
    }
  }

  pop(): DueEvent | undefined {
    const heap = this.heap
    const top = heap[0]
    const last = heap.pop()
    if (heap.length === 0 || last === undefined) return top
    heap[0] = last
    for (let i = 0; ;) {
      const [left, right] = [2 * i + 1, 2 * i + 2]
      let least = i
      if (left < heap.length && before(heap[left]!, heap[least]!)) least = left
      if (right < heap.length && before(heap[right]!, heap[least]!)) least = right
      if (least === i) return top
      ;[heap[i], heap[least]] = [heap[least]!, heap[i]!]
      i = least
    }
  }
}

function before(a: DueEvent, b: DueEvent): boolean {
  if (a.at !== b.at) return a.at < b.at
  if (a.policy !== b.policy) return a.policy < b.policy
  return a.id < b.id
}
