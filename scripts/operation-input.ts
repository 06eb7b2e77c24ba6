/**
 * An operation's command line: the arguments and options generated from its
 * flat zod input (`args` positional as named, every other key `--kebab-key`,
 * a stdin key, file keys read here, `--dry-run` when it writes, `--out`), and
 * the input as typed checked against the schema with Russian messages that
 * name the option.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { ru } from 'zod/v4/locales';
import {
  kebabOf,
  type OperationField,
  type OperationFileEncoding,
  operationFields,
  type RegisteredOperation,
} from '../plugins/core/plugin/index';
import { CliUsageError } from './cli-support';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function describe(field: OperationField): string {
  const text = field.description ?? '';
  return field.values ? `${text}${text ? ' ' : ''}(${field.values.join(' | ')})` : text;
}

/** Adds the input's arguments and options (and --dry-run, --json, --out) to the commander command. */
export function configureOperation(command: Command, operation: RegisteredOperation): void {
  const { fields } = operationFields(operation.input);
  for (const key of operation.args) {
    const field = fields.find((f) => f.key === key);
    command.argument(field?.optional ? `[${key}]` : `<${key}>`, field ? describe(field) : '');
  }
  for (const field of fields) {
    if (operation.args.includes(field.key)) continue;
    const flag = `--${kebabOf(field.key)}`;
    if (field.key === operation.stdin) {
      if (field.optional) command.option(`${flag}-stdin`, `read ${field.key} from stdin`);
      continue;
    }
    if (operation.files[field.key]) command.option(`${flag} <file>`, describe(field) || 'a file to read');
    else if (field.type === 'boolean') command.option(flag, describe(field));
    else if (field.type === 'strings')
      command.option(`${flag} <value>`, `${describe(field)} (repeatable)`, collect);
    else command.option(`${flag} <value>`, describe(field));
  }
  if (operation.writes) command.option('--dry-run', 'check everything, write nothing');
  command.option('--out <file>', 'where to write a file the operation answers (default: its own name here)');
  if (operation.stdin && fields.find((f) => f.key === operation.stdin)?.optional === false)
    command.addHelpText('after', `\n${operation.stdin} is read from stdin.`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** The name a person typed for an input key: `--shift-days`, `<scenarioId>` (as help shows it), or stdin. */
export function optionNameOf(operation: RegisteredOperation, key: string): string {
  if (operation.args.includes(key)) return `<${key}>`;
  if (key === operation.stdin) return `${key} (stdin)`;
  return `--${kebabOf(key)}`;
}

/** A number typed on the command line becomes a number; anything else stays text for zod to refuse. */
function coerce(field: OperationField, value: unknown): unknown {
  if (field.type === 'number' && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.replace(',', '.'));
    return Number.isFinite(n) ? n : value;
  }
  return value;
}

/** A file named on the command line, as the operation takes it; a file that cannot be read is a usage error naming the option. */
async function readInputFile(
  operation: RegisteredOperation,
  key: string,
  file: string,
  encoding: OperationFileEncoding,
): Promise<string> {
  try {
    const bytes = await readFile(file);
    return encoding === 'base64' ? bytes.toString('base64') : bytes.toString('utf8');
  } catch (error) {
    throw new CliUsageError(
      `${optionNameOf(operation, key)}: не удалось прочитать файл ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

/** The raw input from arguments, options and stdin, before the schema checks it. */
export async function rawInput(
  operation: RegisteredOperation,
  args: readonly unknown[],
  options: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const { fields } = operationFields(operation.input);
  const raw: Record<string, unknown> = {};
  for (const field of fields) {
    const index = operation.args.indexOf(field.key);
    let value = index >= 0 ? args[index] : options[field.key];
    if (field.key === operation.stdin && typeof value !== 'string') {
      // Commander has no option for it; a caller in this process may hand the text over as one.
      const fromStdin = !field.optional || options[`${field.key}Stdin`] === true;
      value = fromStdin ? await readStdin() : undefined;
    }
    const encoding = operation.files[field.key];
    if (encoding && typeof value === 'string') {
      // `<key>Name` in the input, when not given, is the file's own name.
      const nameKey = `${field.key}Name`;
      if (nameKey in operation.input.shape && options[nameKey] === undefined) raw[nameKey] = basename(value);
      value = await readInputFile(operation, field.key, value, encoding);
    }
    if (value !== undefined) raw[field.key] = coerce(field, value);
  }
  return raw;
}

export type CheckedInput = { ok: true; input: unknown } | { ok: false; message: string; field: string };

/** The input as the schema takes it, or the first problem in Russian, naming the option. */
export function checkInput(operation: RegisteredOperation, raw: Record<string, unknown>): CheckedInput {
  const parsed = operation.input.safeParse(raw, { error: ru().localeError });
  if (parsed.success) return { ok: true, input: parsed.data };
  const issue = parsed.error.issues[0];
  const key = String(issue?.path[0] ?? '');
  const name = key ? optionNameOf(operation, key) : 'ввод';
  const missing = issue?.code === 'invalid_type' && raw[key] === undefined;
  return {
    ok: false,
    field: key,
    message: `${name}: ${missing ? 'обязательный параметр не задан' : (issue?.message ?? 'неверное значение')}`,
  };
}
