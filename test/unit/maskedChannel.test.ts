// The channel the language client writes to (client/src/maskedChannel.ts): every way of writing
// hides passwords; the channel's other members pass through.
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { maskedChannel } from '../../client/src/maskedChannel';

const URL = 'postgresql://app:s3cret@db.internal:5432/shop';

function recordingChannel() {
  const written: string[] = [];
  const record =
    (kind: string) =>
    (...args: unknown[]) =>
      written.push(`${kind} ${args.map((a) => (a instanceof Error ? `Error(${a.message}|${a.stack ?? ''})` : String(a))).join(' ')}`);
  const channel = {
    name: 'Alembic',
    logLevel: 2,
    append: record('append'),
    appendLine: record('appendLine'),
    replace: record('replace'),
    trace: record('trace'),
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    clear: () => written.push('clear'),
    show() {
      written.push(`show from ${this === channel ? 'the channel' : 'elsewhere'}`);
    },
  };
  return { channel: channel as unknown as vscode.LogOutputChannel, written };
}

describe('the language client’s masked channel', () => {
  it('hides passwords in every write: lines, log levels, arguments, errors and the JSON of a trace', () => {
    const { channel, written } = recordingChannel();
    const masked = maskedChannel(channel);
    masked.append(`url ${URL}`);
    masked.appendLine(`url ${URL}`);
    masked.replace(`url ${URL}`);
    masked.trace(`[Trace] Received notification 'alembic/graph'.\nParams: {"url":"${URL}","password":"hunter2"}`);
    masked.debug(`debug ${URL}`, URL);
    masked.info(`info ${URL}`, { sqlalchemyUrl: URL });
    masked.warn(`warn ${URL}`);
    const failure = new Error(`could not connect to ${URL}`);
    masked.error(failure, `PGPASSWORD=hunter2`);
    masked.error(`error ${URL}`);
    assert.equal(written.length, 9);
    const all = written.join('\n');
    assert.doesNotMatch(all, /s3cret|hunter2/, all);
    assert.equal(all.match(/app:\*\*\*@db\.internal:5432\/shop/g)?.length, 12, all);
    assert.match(all, /^error Error\(could not connect to postgresql:\/\/app:\*\*\*@db/m);
    assert.match(all, /"password":"\*\*\*"/);
    assert.match(all, /PGPASSWORD=\*\*\*/);
  });

  it('passes everything else through, bound to the channel', () => {
    const { channel, written } = recordingChannel();
    const masked = maskedChannel(channel);
    assert.equal(masked.name, 'Alembic');
    assert.equal(masked.logLevel, 2);
    masked.show();
    masked.clear();
    masked.appendLine('no secret here: postgresql://app@db/shop');
    assert.deepEqual(written, ['show from the channel', 'clear', 'appendLine no secret here: postgresql://app@db/shop']);
  });
});
