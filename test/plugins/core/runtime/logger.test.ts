import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pino from 'pino';
import { childLogger } from '../../../../plugins/core/runtime/logger';

describe('childLogger', () => {
  it('adds its bindings to every line of a real pino logger', () => {
    const lines: Record<string, unknown>[] = [];
    const base = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const log = childLogger(base, { plugin: 'registry' });
    log.info({ job: 'sweep' }, 'done');
    log.warn({}, 'careful');
    assert.equal(lines.length, 2);
    assert.deepEqual([lines[0].plugin, lines[0].job, lines[0].msg], ['registry', 'sweep', 'done']);
    assert.equal(lines[1].level, 40);
  });
});
