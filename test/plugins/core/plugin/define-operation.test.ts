import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { DeclarationError } from '../../../../plugins/core/plugin/declaration-error';
import { defineCommand } from '../../../../plugins/core/plugin/define-command';
import {
  defineOperation,
  type OperationConfig,
  type OperationInput,
  operationFields,
} from '../../../../plugins/core/plugin/define-operation';
import { definePlugin } from '../../../../plugins/core/plugin/define-plugin';
import { createRegistry } from '../../../../plugins/core/plugin/plugin-registry';

const input = z.object({
  email: z.string(),
  shiftDays: z.number().int().optional(),
  kind: z.enum(['BASE', 'CUSTOM']).default('BASE'),
  force: z.boolean().optional(),
  tag: z.array(z.string()).optional(),
});

const base = {
  name: 'agency-user set-password',
  description: 'sets a password',
  roles: ['admin'],
  input,
  args: ['email'],
  writes: true,
  run: async () => ({ done: true }),
} satisfies OperationConfig<typeof input, { done: boolean }>;

describe('defineOperation', () => {
  it('declares the command name, the route path and the flat fields the command line gets', () => {
    const op = defineOperation(base);
    assert.equal(op.kind, 'operation');
    assert.equal(op.path, '/api/operations/agency-user/set-password');
    assert.deepEqual(op.args, ['email']);
    assert.deepEqual(
      operationFields(op.input).fields.map((f) => [f.key, f.type, f.optional]),
      [
        ['email', 'string', false],
        ['shiftDays', 'number', true],
        ['kind', 'enum', true],
        ['force', 'boolean', true],
        ['tag', 'strings', true],
      ],
    );
  });

  it('reports every problem of a declaration together', () => {
    const bad = {
      name: 'Set Password',
      description: ' ',
      roles: ['admin', 'partner'],
      input: z.object({
        dryRun: z.boolean(),
        address: z.object({ city: z.string() }),
        flag: z.boolean(),
      }),
      args: ['missing', 'flag'],
      writes: 'yes',
      stdin: 'address',
    } as unknown as OperationConfig<OperationInput, unknown>;
    assert.throws(
      () => defineOperation(bad),
      (error: unknown) => {
        assert.ok(error instanceof DeclarationError);
        assert.equal(error.code, 'invalid_operation');
        const expected = [
          /name "Set Password" must be/,
          /description is empty/,
          /role "partner" is not a staff role/,
          /writes must be true or false/,
          /run is missing/,
          /input\.address is a object; an operation's input is flat/,
          /input\.dryRun: "dryRun" is added by core/,
          /args names "missing", which is not a key of input/,
          /args names "flag", a flag; give it as an option/,
          /stdin names "address", which is not a string key/,
        ];
        for (const pattern of expected)
          assert.ok(
            error.problems.some((p) => pattern.test(p)),
            `${pattern} in:\n${error.problems.join('\n')}`,
          );
        assert.equal(error.problems.length, expected.length);
        return true;
      },
    );
  });

  it('checks the file inputs the command reads for the route', () => {
    const op = defineOperation({ ...base, files: { email: 'text' } });
    assert.deepEqual(op.files, { email: 'text' });
    assert.throws(
      () =>
        defineOperation({
          ...base,
          files: { shiftDays: 'base64', email: 'binary' } as unknown as Record<'email', 'text'>,
        }),
      (error: DeclarationError) =>
        error.problems.some((p) => /files names "shiftDays", which is not a string key/.test(p)) &&
        error.problems.some((p) => /files\.email: "binary" is not "text" or "base64"/.test(p)),
    );
  });

  it('refuses an input that is not a z.object', () => {
    assert.throws(
      () => defineOperation({ ...base, input: z.string() as unknown as typeof input }),
      /input must be a z\.object/,
    );
  });
});

describe('operations in plugins and the registry', () => {
  const op = defineOperation(base);

  it('serve each operation as a POST route beside the declared routes', () => {
    const registry = createRegistry([
      definePlugin({ name: 'agencies', description: 'agencies', operations: [op] }),
    ]);
    assert.deepEqual(
      registry.operations.map((o) => [o.plugin, o.name]),
      [['agencies', 'agency-user set-password']],
    );
    const route = registry.routes.find((r) => r.path === op.path);
    assert.equal(route?.method, 'POST');
    assert.equal(route?.plugin, 'agencies');
    assert.deepEqual(route?.roles, ['admin']);
  });

  it('refuses an operation named like a command of the plugin or of another plugin', () => {
    const command = defineCommand({ name: 'agency-user set-password', description: 'x', run: () => 0 });
    assert.throws(
      () => definePlugin({ name: 'agencies', description: 'a', operations: [op], commands: [command] }),
      /command "agency-user set-password" is declared twice/,
    );
    assert.throws(
      () =>
        createRegistry([
          definePlugin({ name: 'agencies', description: 'a', operations: [op] }),
          definePlugin({ name: 'other', description: 'o', commands: [command] }),
        ]),
      /command "agency-user set-password" is declared by both "agencies" and "other"/,
    );
  });

  it('refuses an operation whose route another plugin declares', () => {
    const clash = {
      kind: 'route' as const,
      method: 'POST' as const,
      path: op.path,
      roles: ['admin' as const],
      description: 'same path',
      objects: [],
      handler: () => ({ status: 204 }),
    };
    assert.throws(
      () =>
        createRegistry([
          definePlugin({ name: 'agencies', description: 'a', operations: [op] }),
          definePlugin({ name: 'other', description: 'o', routes: [clash] }),
        ]),
      /route POST \/api\/operations\/agency-user\/set-password is declared by both "agencies" and "other"/,
    );
  });

  it('refuses something that is not a defineOperation value', () => {
    assert.throws(
      () =>
        definePlugin({
          name: 'agencies',
          description: 'a',
          operations: [{ name: 'x' } as unknown as typeof op],
        }),
      /operations\[0\] is not a defineOperation\(…\) value/,
    );
  });
});
