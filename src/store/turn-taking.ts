// Work of one name run one at a time in this process, in the order it was asked for.
export class TurnTaking {
  private readonly tails = new Map<string, Promise<unknown>>()

  run<T>(name: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(name) ?? Promise.resolve()
    const turn = before.then(work, work)
    const tail = turn.catch(() => undefined)
    this.tails.set(name, tail)
    void tail.then(() => {
      if (this.tails.get(name) === tail) this.tails.delete(name)
    })
    return turn
  }
}
