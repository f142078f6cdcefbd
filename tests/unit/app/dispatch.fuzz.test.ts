// Fuzzes the one gate every request passes (electron/app/dispatch.ts), as SECURITY.md asks: unknown
// channels, prototype keys, huge strings, deep nesting, NaN/Infinity and wrong types must all come
// back as { ok: false } without running a handler and without throwing; valid payloads must reach
// their handler, parsed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/app/dispatch';
import { requests, type Handlers, type RequestChannel } from '../../../shared/contract';

const channels = Object.keys(requests) as RequestChannel[];

/** Handlers that only record what reached them. */
function recordingHandlers() {
  const calls: Array<{ channel: RequestChannel; payload: unknown }> = [];
  const handlers = Object.fromEntries(
    channels.map((channel) => [
      channel,
      async (payload: unknown) => {
        calls.push({ channel, payload });
        return { handled: channel };
      },
    ]),
  ) as unknown as Handlers;
  return { handlers, calls };
}

function deeplyNested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

// Values that have broken parsers and handlers elsewhere.
const nasty = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_SAFE_INTEGER + 2, 1e308 * 10),
  fc.constant(deeplyNested(5_000)),
  fc.constant('x'.repeat(1_000_000)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}') as unknown),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
);

const OBJECT_PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);

describe('dispatch fuzz', () => {
  it('refuses unknown channels without calling any handler', async () => {
    const unknownChannel = fc.oneof(
      fc.string({ maxLength: 64 }),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'app:info ', 'APP:INFO', 'run:start\0'),
      fc.constant('project:open'.repeat(100_000)),
      nasty,
    ).filter((c) => !(typeof c === 'string' && (channels as string[]).includes(c)));

    await fc.assert(
      fc.asyncProperty(unknownChannel, nasty, async (channel, payload) => {
        const { handlers, calls } = recordingHandlers();
        const reply = await dispatch(handlers, channel, payload);
        expect(reply.ok).toBe(false);
        if (!reply.ok) {
          expect(reply.error.code).toBe('unknown-channel');
          expect(reply.error.message.length).toBeLessThan(200); // never echoes a huge channel name back
        }
        expect(calls).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, and a refused payload never reaches the handler, on any channel', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...channels), nasty, async (channel, payload) => {
        const { handlers, calls } = recordingHandlers();
        const reply = await dispatch(handlers, channel, payload);
        if (reply.ok) expect(calls).toHaveLength(1);
        else expect(calls).toEqual([]);
      }),
      { numRuns: 400 },
    );
    // Nothing a payload carried leaked onto Object.prototype.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual([...OBJECT_PROTOTYPE_KEYS].sort());
  });

  it('refuses wrong types, NaN/Infinity, out-of-range numbers, huge strings and extra keys', async () => {
    const refused: Array<[RequestChannel, unknown]> = [
      ['dataset:preview', { datasetId: 'd1', offset: NaN, limit: 10 }],
      ['dataset:preview', { datasetId: 'd1', offset: Infinity, limit: 10 }],
      ['dataset:preview', { datasetId: 'd1', offset: -1, limit: 10 }],
      ['dataset:preview', { datasetId: 'd1', offset: 1.5, limit: 10 }],
      ['dataset:preview', { datasetId: 'd1', offset: '0', limit: 10 }],
      ['dataset:preview', { datasetId: 'd1', offset: 0, limit: 1_000_000 }],
      ['dataset:preview', { datasetId: 'x'.repeat(201), offset: 0, limit: 10 }],
      ['project:create', { name: '' }],
      ['project:create', { name: '   ' }],
      ['project:create', { name: 'n'.repeat(121) }],
      ['project:create', { name: 42 }],
      ['project:create', { name: deeplyNested(10_000) }],
      ['project:create', JSON.parse('{"name": "ok", "__proto__": {"polluted": true}}')],
      ['project:create', { name: 'ok', constructor: 'x' }],
      ['project:open', { path: 'p'.repeat(5_000) }],
      ['project:open', { path: ['a', 'b'] }],
      ['project:open', 'just a string'],
      ['project:openDialog', { extra: true }],
      ['app:info', [1, 2, 3]],
      ['run:cancel', { runId: '' }],
      ['run:cancel', { runId: null }],
      ['dataset:import', { uploadId: '' }],
      ['dataset:import', { uploadId: 'u-../../etc/passwd' }],
      ['dataset:import', { uploadId: 'u-1', path: '/etc/passwd' }],
      ['dataset:import', { fileName: 'a.csv', dataBase64: 'AAAA' }],
      ['upload:begin', { fileName: 'a.csv', size: -1 }],
      ['upload:begin', { fileName: 'a.csv', size: 1e20 }],
      ['output:save', { outputId: '/etc/passwd' }],
      ['run:start', { datasetId: 'd', target: 'y', features: ['x'], epochs: NaN }],
      ['run:start', { datasetId: 'd', target: 'y', features: ['x'], epochs: 10, regularizer: { kind: 'l1', l1: Infinity } }],
      ['run:start', { datasetId: 'd', target: 'y', features: ['x'], epochs: 10, regularizer: { kind: 'l1', l1: -1 } }],
      ['run:start', { datasetId: 'd', target: 'y', features: [], epochs: 10 }],
      ['run:start', { datasetId: 'd', target: 'y', features: ['x'], epochs: 1e9 }],
    ];
    for (const [index, [channel, payload]] of refused.entries()) {
      const { handlers, calls } = recordingHandlers();
      const reply = await dispatch(handlers, channel, payload);
      expect(reply.ok, `case ${index}: ${channel}`).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('invalid-input');
      expect(calls).toEqual([]);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('passes valid payloads to their handler, parsed', async () => {
    const validRequests = fc.oneof(
      fc.record({
        channel: fc.constant<RequestChannel>('dataset:preview'),
        payload: fc.record({
          datasetId: fc.string({ minLength: 1, maxLength: 200 }),
          offset: fc.nat(),
          limit: fc.integer({ min: 1, max: 1000 }),
        }),
      }),
      fc.record({
        channel: fc.constant<RequestChannel>('project:create'),
        payload: fc.record({ name: fc.string({ minLength: 1, maxLength: 120 }).filter((s) => s.trim().length > 0) }),
      }),
      fc.record({
        channel: fc.constantFrom<RequestChannel>('run:cancel', 'run:metrics'),
        payload: fc.record({ runId: fc.string({ minLength: 1, maxLength: 200 }) }),
      }),
      fc.record({
        channel: fc.constantFrom<RequestChannel>('app:info', 'project:recent', 'project:close', 'run:list', 'project:openDialog'),
        payload: fc.constantFrom<unknown>({}, undefined, null),
      }),
      fc.record({
        channel: fc.constant<RequestChannel>('run:start'),
        payload: fc.record({
          datasetId: fc.string({ minLength: 1, maxLength: 50 }),
          target: fc.string({ minLength: 1, maxLength: 50 }),
          features: fc.array(fc.string({ minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 5 }),
          epochs: fc.integer({ min: 1, max: 100_000 }),
          regularizer: fc.oneof(
            fc.constant({ kind: 'none' as const }),
            fc.record({ kind: fc.constant('l1' as const), l1: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
            fc.record({ kind: fc.constant('l2' as const), l2: fc.double({ min: 0, max: 1e6, noNaN: true }) }),
          ),
        }),
      }),
    );

    await fc.assert(
      fc.asyncProperty(validRequests, async ({ channel, payload }) => {
        const { handlers, calls } = recordingHandlers();
        const reply = await dispatch(handlers, channel, payload);
        expect(reply).toEqual({ ok: true, value: { handled: channel } });
        expect(calls).toHaveLength(1);
        expect(calls[0]!.channel).toBe(channel);
        // What the handler got is the schema's parse of the payload (defaults filled, trimmed…).
        expect(calls[0]!.payload).toEqual(requests[channel].request.parse(payload ?? {}));
      }),
      { numRuns: 300 },
    );
  });

  it('turns a handler that throws or rejects into an error reply', async () => {
    const { handlers } = recordingHandlers();
    const failing: Handlers = {
      ...handlers,
      'run:list': async () => {
        throw new Error('disk on fire');
      },
      'project:recent': () => Promise.reject('not even an Error'),
    };
    expect(await dispatch(failing, 'run:list', {})).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
    const reply = await dispatch(failing, 'project:recent', {});
    expect(reply.ok).toBe(false);
  });

  it('strips unknown keys (including __proto__) before a non-strict schema reaches its handler', async () => {
    const { handlers, calls } = recordingHandlers();
    const payload = JSON.parse('{"datasetId":"d","target":"y","features":["x"],"epochs":3,"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown;
    const reply = await dispatch(handlers, 'run:start', payload);
    if (reply.ok) {
      const received = calls[0]!.payload as Record<string, unknown>;
      expect(Object.prototype.hasOwnProperty.call(received, '__proto__')).toBe(false);
      expect(Object.prototype.hasOwnProperty.call(received, 'constructor')).toBe(false);
      expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    } else {
      expect(calls).toEqual([]);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
