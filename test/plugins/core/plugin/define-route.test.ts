import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineRoute } from '../../../../plugins/core/plugin/define-route';

const base = {
  method: 'POST',
  path: '/api/upload',
  roles: ['sales'],
  description: 'takes a file',
  objects: [],
  body: 'raw',
  handler: () => ({ status: 204 }),
} as const;

describe('defineRoute bodyLimit', () => {
  it('keeps a body limit the route states, for the server to apply when mounting', () => {
    assert.equal(defineRoute({ ...base, bodyLimit: 25 * 1024 * 1024 }).bodyLimit, 25 * 1024 * 1024);
    assert.equal(defineRoute(base).bodyLimit, undefined, 'none stated: the server default applies');
  });

  it('refuses a limit that is not a positive whole number of bytes, with the other problems', () => {
    assert.throws(
      () => defineRoute({ ...base, description: '', bodyLimit: -1 }),
      (error: Error) =>
        /bodyLimit -1 is not a positive whole number of bytes/.test(error.message) &&
        /description is empty/.test(error.message),
    );
  });
});
