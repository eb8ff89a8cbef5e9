// The pass over a JSON body before it is parsed (issue 9 item 6): what it counts, where it stops,
// and the trailing commas it finds for json-body.ts.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { parseJsonBody } from '../../src/http/json-body.js'
import { scanJson, type JsonLimits } from '../../src/http/json-scan.js'
import { CosellError } from '../../src/domain/errors.js'

const roomy: JsonLimits = { maxDepth: 64, maxValues: 1_000, maxMembers: 1_000 }
const rule = (text: string, limits: Partial<JsonLimits>) =>
  scanJson(text, { ...roomy, ...limits }).problem?.rule

describe('scanJson', () => {
  const cases: { name: string; text: string; limits: Partial<JsonLimits>; rule: string | undefined }[] = [
    {
      name: 'values of every kind count',
      text: '{"a":1,"b":[true,null,"s"]}',
      limits: { maxValues: 6 },
      rule: undefined,
    },
    {
      name: 'one value more is refused',
      text: '{"a":1,"b":[true,null,"s"]}',
      limits: { maxValues: 5 },
      rule: 'maxValues',
    },
    {
      name: 'keys are members, not values',
      text: '{"a":"x","b":"y"}',
      limits: { maxValues: 3 },
      rule: undefined,
    },
    {
      name: 'a number counts once, however long',
      text: '[123456789,-1.5e10]',
      limits: { maxValues: 3 },
      rule: undefined,
    },
    {
      name: 'members of one object',
      text: '{"a":1,"b":2,"c":3}',
      limits: { maxMembers: 3 },
      rule: undefined,
    },
    { name: 'a member too many', text: '{"a":1,"b":2,"c":3}', limits: { maxMembers: 2 }, rule: 'maxMembers' },
    {
      name: 'repeated keys count as members',
      text: '{"a":1,"a":2,"a":3}',
      limits: { maxMembers: 2 },
      rule: 'maxMembers',
    },
    {
      name: 'members are counted per object',
      text: '[{"a":1,"b":2},{"a":1,"b":2}]',
      limits: { maxMembers: 2 },
      rule: undefined,
    },
    {
      name: 'strings in arrays are values, not members',
      text: '["a","b","c"]',
      limits: { maxMembers: 1 },
      rule: undefined,
    },
    { name: 'nesting to the limit', text: '[[{"a":[]}]]', limits: { maxDepth: 4 }, rule: undefined },
    { name: 'nesting past the limit', text: '[[{"a":[[]]}]]', limits: { maxDepth: 4 }, rule: 'depth' },
    {
      name: 'brackets, commas and escaped quotes inside strings',
      text: '["[{,\\"]}", "\\\\", ":"]',
      limits: { maxValues: 4, maxDepth: 1 },
      rule: undefined,
    },
  ]
  for (const c of cases) {
    test(`${c.name}: ${c.text} → ${c.rule ?? 'accepted'}`, () => {
      assert.equal(rule(c.text, c.limits), c.rule)
    })
  }

  test('stops at the first value over the limit and says where it is', () => {
    const scan = scanJson(`[${Array(50).fill('0').join(',')}]`, { ...roomy, maxValues: 10 })
    assert.equal(scan.problem?.rule, 'maxValues')
    assert.match(scan.problem.message, /more than 10 JSON values \(found at offset 19\)/)
  })

  test('stops at a comma with no value before it, leaving the syntax error to JSON.parse', () => {
    assert.equal(rule(`[,${'['.repeat(100)}`, { maxDepth: 2 }), undefined)
  })

  test('finds the commas right before a closing bracket or brace, outside strings', () => {
    const text = '{"a":[1,2 ,\n],"s":",]",}'
    const scan = scanJson(text, roomy)
    assert.deepEqual(scan.problem ? [] : scan.trailingCommas, [text.indexOf(' ,') + 1, text.lastIndexOf(',')])
  })
})

describe('parseJsonBody', () => {
  test('trailing commas are dropped (Newtonsoft accepts them)', () => {
    assert.deepEqual(parseJsonBody('{"a":[1,2,],"b":{"c":3,},}'), { a: [1, 2], b: { c: 3 } })
  })

  test('a body with a trailing comma and another fault reports the error of the text as sent', () => {
    assert.throws(
      () => parseJsonBody('{"a":[1,2,],"b":}'),
      (error: unknown) => error instanceof CosellError && /not valid JSON/.test(error.message),
    )
  })

  test('a body over a limit is refused before it is parsed', () => {
    assert.throws(
      () => parseJsonBody(`[${'0,'.repeat(20_000)}0]`),
      (error: unknown) => error instanceof CosellError && /more than 10,000 JSON values/.test(error.message),
    )
  })
})
