// What can be checked of the Dockerfile, compose.yaml and the balancer's config without Docker:
// the command runs a file the build makes, the settings compose passes are settings cosell reads,
// and every port agrees with the next hop's.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { configEnv, ConfigSchema } from '../../src/config/schema.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')
const dockerfile = read('Dockerfile')
const compose = read('compose.yaml')
const caddyfile = read('deploy/Caddyfile')

/** The last stage's instructions: what the image runs with. */
const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '))

function instruction(name: string): string {
  const match = new RegExp(`^${name} (.*)$`, 'm').exec(runStage)
  assert.ok(match, `the run stage has no ${name}`)
  return match[1]!
}

/** The `ENV` settings of the run stage (`KEY=value`, continued over lines). */
function imageEnv(): Record<string, string> {
  const block = /^ENV ((?:.*\\\n)*.*)$/m.exec(runStage)?.[1] ?? ''
  return Object.fromEntries([...block.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]))
}

/** The environment keys of the cosell servers' shared block (`x-cosell`). */
function composeCosellEnv(): string[] {
  const block = /^x-cosell:[^\n]*\n((?: {2}.*\n|\n)*)/m.exec(compose)?.[1] ?? ''
  const environment = /^ {2}environment:\n((?: {4}.*\n)*)/m.exec(block)?.[1] ?? ''
  return [...environment.matchAll(/^ {4}([A-Z_][A-Z0-9_]*):/gm)].map((m) => m[1]!)
}

describe('deployment files', () => {
  test("the image's command runs the CLI the build compiles, the package's bin", () => {
    const command = JSON.parse(instruction('CMD')) as string[]
    assert.deepEqual(command, ['node', 'dist/cli/main.js', 'serve'])
    const build = JSON.parse(read('tsconfig.build.json')) as {
      compilerOptions: { outDir: string; rootDir: string }
    }
    const source = command[1]!.replace(
      `${build.compilerOptions.outDir}/`,
      `${build.compilerOptions.rootDir}/`,
    )
    assert.ok(existsSync(join(root, source.replace(/\.js$/, '.ts'))), `${source} has no TypeScript source`)
    const pkg = JSON.parse(read('package.json')) as { bin: { cosell: string } }
    assert.equal(pkg.bin.cosell, command[1])
  })

  test('the image sets only settings cosell reads, listens beyond loopback, and keeps its data in the volume', () => {
    const env = imageEnv()
    const known = new Set([...Object.values(configEnv), 'NODE_ENV'])
    for (const name of Object.keys(env)) assert.ok(known.has(name), `${name} is not a cosell setting`)
    assert.equal(env.HOST, '0.0.0.0')
    assert.equal(env.COSELL_DATA_DIR, instruction('VOLUME'))
  })

  test('every environment variable compose gives the servers is a cosell setting, the cluster ones included', () => {
    const names = composeCosellEnv()
    const known = new Set(Object.values(configEnv))
    for (const name of names) assert.ok(known.has(name), `${name} is not in the config schema`)
    for (const needed of ['DATABASE_URL', 'REDIS_URL', 'COSELL_PUBLIC_URL', 'COSELL_ADMIN_TOKEN'])
      assert.ok(names.includes(needed), `compose does not set ${needed}`)
  })

  test('ports agree: the default port, the image, the balancer upstreams, its listener and the published port', () => {
    const port = String((ConfigSchema.properties.port as { default?: unknown }).default)
    assert.equal(instruction('EXPOSE'), port)
    assert.equal(imageEnv().PORT, port)
    const upstreams = [...caddyfile.matchAll(/(cosell-\d+):(\d+)/g)]
    assert.deepEqual(
      upstreams.map((m) => m[1]),
      [...compose.matchAll(/^ {2}(cosell-\d+): \*cosell$/gm)].map((m) => m[1]),
    )
    for (const m of upstreams) assert.equal(m[2], port, `${m[0]}`)
    const listen = /^:(\d+) \{/m.exec(caddyfile)?.[1]
    const published = /^ {6}- 127\.0\.0\.1:(\d+):(\d+)$/m.exec(compose)
    assert.equal(published?.[2], listen, 'the published port maps to where the balancer listens')
    assert.match(caddyfile, /health_uri \/readyz/)
  })

  test('the health check asks /healthz on the port the server listens on', () => {
    assert.match(instruction('HEALTHCHECK'), /\\$/) // continued: the command is on the next line
    assert.match(
      runStage,
      /CMD \["node", "-e", "fetch\(`http:\/\/127\.0\.0\.1:\$\{process\.env\.PORT\}\/healthz`\)/,
    )
  })
})
