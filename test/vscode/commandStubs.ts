// What the Alembic command suites share: answering the extension's dialogs (ctx.ui) and reading the
// fixture database's version table directly, as a person checking with psql would.
import { Client } from 'pg';
import type * as vscode from 'vscode';
import type { Ctx } from '../../client/src/ctx';

export const DATABASE_URL = process.env.ALEMBIC_TEST_DATABASE_URL;
/** test/fixtures/basic: 1a2b… → 2b3c… → 3c4d…; the runner leaves the database at the 2nd. */
export const HEAD = '3c4d5e6f7a8b';
export const CURRENT = '2b3c4d5e6f7a';
export const BASE = '1a2b3c4d5e6f';

/** Replaces some of the context's dialogs (ctx.ui: the extension's own calls go through it) for the duration of `body`. */
export async function withStubs<T>(ctx: Ctx, stubs: Partial<Record<keyof Ctx['ui'], unknown>>, body: () => Thenable<T>): Promise<T> {
  const ui = ctx.ui as unknown as Record<string, unknown>;
  const originals = Object.fromEntries(Object.keys(stubs).map((name) => [name, ui[name]]));
  Object.assign(ui, stubs);
  try {
    return await body();
  } finally {
    Object.assign(ui, originals);
  }
}

/** Replaces one of the context's dialogs for the duration of `body`. */
export function withStub<T>(ctx: Ctx, name: keyof Ctx['ui'], stub: unknown, body: () => Thenable<T>): Promise<T> {
  return withStubs(ctx, { [name]: stub }, body);
}

/** The version table's rows, read with our own connection. */
export async function versionRows(): Promise<string[]> {
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query('SELECT version_num FROM alembic_version ORDER BY 1')).rows.map((r: { version_num: string }) => r.version_num);
  } finally {
    await client.end();
  }
}

export interface Asked {
  message: string;
  options: vscode.MessageOptions;
  items: string[];
}

/** A message stub that records every call and answers `answer(asked)`. */
export function recorder(answer: (asked: Asked) => string | undefined = () => undefined): {
  asked: Asked[];
  warning: (message: string, options: vscode.MessageOptions, ...items: string[]) => Promise<string | undefined>;
  message: (message: string, ...items: string[]) => Promise<string | undefined>;
} {
  const asked: Asked[] = [];
  return {
    asked,
    warning: async (message, options, ...items) => {
      const entry = { message, options: options ?? {}, items };
      asked.push(entry);
      return answer(entry);
    },
    message: async (message, ...items) => {
      const entry = { message, options: {}, items };
      asked.push(entry);
      return answer(entry);
    },
  };
}
