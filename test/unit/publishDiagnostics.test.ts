// DiagnosticsPublisher on its own: an editor's change is published with that file as the focus; when
// the analysis is partial the rest follows once typing pauses, a new keystroke postpones it, and the
// tree hears of the change only with the whole picture.
import * as assert from 'node:assert/strict';
import type { AlembicProject } from '../../server/src/engine/config';
import { buildGraph } from '../../server/src/engine/graph';
import type { Finding } from '../../server/src/engine/model';
import type { Analysis } from '../../server/src/features/context';
import { DiagnosticsPublisher } from '../../server/src/features/publishDiagnostics';

const finding = (file: string, message: string): Finding => ({
  rule: 'unknown-column',
  severity: 'warning',
  file,
  range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } },
  message,
});

/** A publisher over a fake project: a focused analysis knows the edited file's new finding only, a whole one both files'. */
function harness(followUpMs: number) {
  const events: string[] = [];
  const waiters = new Set<() => void>();
  let edit = 0;
  const graph = buildGraph([]);
  const project = {} as AlembicProject;
  const publisher = new DiagnosticsPublisher(
    {
      analyses: async (focus) => {
        events.push(focus ? `analyse ${[...focus].join(',')}` : 'analyse all');
        const findings = [finding('/a.py', `a after edit ${edit}`), finding('/b.py', focus ? 'b as it was' : `b after edit ${edit}`)];
        return [{ project, files: [], graph, findings, partial: focus ? true : undefined } satisfies Analysis];
      },
      sendDiagnostics: (file, diagnostics) => {
        events.push(`send ${file} ${diagnostics.map((d) => d.message).join()}`);
        for (const waiter of [...waiters]) waiter();
      },
      graphChanged: () => {
        events.push('graphChanged');
        for (const waiter of [...waiters]) waiter();
      },
      logError: (message) => events.push(`error ${message}`),
    },
    followUpMs,
  );
  const until = (what: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for "${what}"; events:\n${events.join('\n')}`)), 5_000);
      const check = () => {
        if (!events.includes(what)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  const type = (file: string) => {
    edit++;
    publisher.schedule(file);
  };
  return { events, until, type, publisher };
}

describe('DiagnosticsPublisher: the file being typed into first', () => {
  it('a partial publish sends the edited file; the rest and graphChanged follow after the pause, once', async () => {
    const { events, until, type } = harness(30);
    type('/a.py');
    await until('graphChanged');
    assert.deepEqual(events, [
      'analyse /a.py',
      'send /a.py a after edit 1',
      'send /b.py b as it was',
      'analyse all',
      'send /b.py b after edit 1',
      'graphChanged',
    ]);
  });

  it('a keystroke before the pause postpones the rest: one whole publish, after the last keystroke', async () => {
    const { events, until, type } = harness(400);
    type('/a.py');
    await until('send /a.py a after edit 1');
    type('/a.py'); // well within 400 ms of the first publish
    await until('graphChanged');
    assert.deepEqual(
      events.filter((e) => e.startsWith('analyse')),
      ['analyse /a.py', 'analyse /a.py', 'analyse all'],
    );
    assert.ok(events.indexOf('send /a.py a after edit 2') < events.indexOf('analyse all'), events.join('\n'));
    assert.ok(events.includes('send /b.py b after edit 2'), events.join('\n'));
  });

  it('a change that is not an editor’s (a file on disk, settings) publishes everything at once', async () => {
    const { events, until, publisher } = harness(10_000);
    publisher.schedule('/a.py');
    publisher.schedule(); // the same burst
    await until('graphChanged');
    assert.deepEqual(
      events.filter((e) => e.startsWith('analyse')),
      ['analyse all'],
    );
  });
});
