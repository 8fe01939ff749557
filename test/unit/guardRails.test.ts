// Which changes ask first, and what the dialog says.
import * as assert from 'node:assert/strict';
import { confirmationFor, isLoopbackHost, productionReason } from '../../client/src/alembic/guardRails';

const local = { host: '127.0.0.1', database: 'app_dev' };

describe('guard rails', () => {
  it('an upgrade of a local development database asks nothing; a downgrade or a stamp always asks', () => {
    assert.equal(confirmationFor('upgrade', { title: 'Upgrade to Head', button: 'Upgrade', target: 'head' }, local), undefined);
    assert.equal(confirmationFor('revision', { title: 'New Revision', button: 'Create', target: 'x' }, local), undefined);
    const down = confirmationFor('downgrade', { title: 'Downgrade One', button: 'Downgrade', target: '-1', undone: ['3c4d5e6f create posts'] }, local);
    assert.equal(down?.button, 'Downgrade');
    assert.equal(down?.message, 'Downgrade One: take app_dev (127.0.0.1) down 1 revision?');
    assert.equal(
      confirmationFor('downgrade', { title: 'Downgrade to Base', button: 'Downgrade', target: 'base' }, local)?.message,
      'Downgrade to Base: take app_dev (127.0.0.1) down to base?',
    );
    assert.equal(
      confirmationFor('stamp', { title: 'Stamp Here', button: 'Stamp', target: '2b3c4d5e6f7a' }, local)?.message,
      'Stamp Here: mark app_dev (127.0.0.1) as at 2b3c4d5e6f7a (no migration runs)?',
    );
    assert.equal(
      confirmationFor('upgrade', { title: 'Upgrade to Head', button: 'Upgrade', target: 'head' }, { host: 'db.internal', database: 'app' })?.message,
      'Upgrade to Head: bring app (db.internal) up to head?',
    );
    assert.equal(
      confirmationFor('upgrade', { title: 'Upgrade One', button: 'Upgrade', target: '+1' }, undefined)?.message,
      'Upgrade One: bring the database env.py connects to up 1 revision?',
    );
    assert.match(down!.detail, /undoes 1 revision:\n {2}3c4d5e6f create posts/);
    assert.doesNotMatch(down!.detail, /Careful/);
    assert.match(confirmationFor('stamp', { title: 'Stamp Here', button: 'Stamp', target: 'abc' }, local)!.detail, /no migration runs/);
  });

  it('against a database that does not look like development, every change asks and says why', () => {
    for (const db of [
      { host: 'db.internal', database: 'app' },
      { host: 'localhost', database: 'app_prod' },
      { host: '::1', database: 'main' },
      { host: '127.0.0.1', database: 'live-orders' },
    ]) {
      const asked = confirmationFor('upgrade', { title: 'Upgrade to Head', button: 'Upgrade', target: 'head' }, db);
      assert.ok(asked, JSON.stringify(db));
      assert.match(asked.detail, /does not look like a development database/);
    }
    assert.ok(confirmationFor('upgrade', { title: 'Upgrade to Head', button: 'Upgrade', target: 'head' }, undefined), 'an unknown database asks');
  });

  it('loopback hosts and names', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', '/var/run/postgresql']) assert.equal(isLoopbackHost(host), true, host);
    for (const host of ['10.0.0.5', 'db', 'example.com', '128.0.0.1']) assert.equal(isLoopbackHost(host), false, host);
    assert.equal(productionReason({ host: 'localhost', database: 'domain_maintenance' }), undefined, 'words, not substrings');
  });
});
