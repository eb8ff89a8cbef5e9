// A client's own signal (ClientOptions.signal) ends its requests, and many requests leave no
// listener behind on it: each request listens through a signal of its own, let go when it ends.
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { after, before, describe, test } from 'node:test'
import { HttpClient } from '../../src/client/index.js'
import { scriptedServer, type ScriptedServer } from '../support/scripted-server.js'

describe("the client's signal", () => {
  let server: ScriptedServer
  before(async () => {
    server = await scriptedServer([])
  })
  after(() => server.close())

  test('a thousand requests leave no abort listener on it', async () => {
    const controller = new AbortController()
    const client = new HttpClient({ baseUrl: server.url, signal: controller.signal, retry: false })
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => client.request('GET', '/ping')))
    }
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0)
  })

  test('aborting it ends a request under way, and a call made after it fails at once', async () => {
    const slow = await scriptedServer([(arrival) => ({ status: 200, body: { at: arrival.at } })], () => {
      controller.abort(new Error('stopped'))
    })
    const controller = new AbortController()
    const client = new HttpClient({ baseUrl: slow.url, signal: controller.signal, retry: false })
    try {
      await assert.rejects(client.request('GET', '/slow'))
      await assert.rejects(client.request('GET', '/after'))
      assert.equal(slow.arrivals.length, 1)
    } finally {
      await slow.close()
    }
  })
})
