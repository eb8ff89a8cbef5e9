// Loading data for a page: the value, the error, and a way to load again after a change.
import { useCallback, useEffect, useState } from 'preact/hooks'

export interface Loaded<T> {
  readonly data: T | undefined
  readonly error: unknown
  readonly loading: boolean
  readonly reload: () => void
}

export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true })
  const [round, setRound] = useState(0)
  const run = useCallback(load, deps)
  useEffect(() => {
    let live = true
    setState((before) => ({ ...before, loading: true }))
    run().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    )
    return () => {
      live = false
    }
  }, [run, round])
  return { ...state, reload: () => setRound((n) => n + 1) } as Loaded<T>
}
