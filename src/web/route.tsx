// The dashboard's state lives in the query string (`/?view=pipeline&status=New`), so every page
// is a link to share. One hook reads it; navigate() changes it and tells every reader.
import { useEffect, useState } from 'preact/hooks'

export type Params = Readonly<Record<string, string>>

function current(): Params {
  return Object.fromEntries(new URLSearchParams(location.search))
}

export function hrefOf(params: Params): string {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString()
  return query ? `/?${query}` : '/'
}

export function navigate(params: Params, replace = false): void {
  const href = hrefOf(params)
  if (replace) history.replaceState(null, '', href)
  else history.pushState(null, '', href)
  window.dispatchEvent(new Event('cosell:navigate'))
}

export function useParams(): Params {
  const [params, setParams] = useState(current)
  useEffect(() => {
    const update = () => setParams(current())
    window.addEventListener('popstate', update)
    window.addEventListener('cosell:navigate', update)
    return () => {
      window.removeEventListener('popstate', update)
      window.removeEventListener('cosell:navigate', update)
    }
  }, [])
  return params
}

/** A link inside the dashboard: pushes the new state instead of loading the page again. */
export function Link(props: { to: Params; children: preact.ComponentChildren; class?: string }) {
  return (
    <a
      href={hrefOf(props.to)}
      class={props.class}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return
        event.preventDefault()
        navigate(props.to)
      }}
    >
      {props.children}
    </a>
  )
}
