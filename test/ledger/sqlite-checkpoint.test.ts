import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKSTOP_PAGES } from '../../src/ledger/checkpoint-sqlite.js';
import { connectLedger, openLedgerOn } from '../../src/ledger/index.js';
import { FactClock } from '../builders/facts.js';
import { bob } from '../builders/identities.js';
import { fakeSha } from '../builders/snapshot.js';

const folder = mkdtempSync(join(tmpdir(), 'custody-checkpoint-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('SQLite checkpoints off the append path', () => {
  it('copies the WAL into the database from the worker, well before the backstop', async () => {
    const path = join(folder, 'busy.db');
    const connection = connectLedger(path);
    expect(connection.sqlite?.database.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_PAGES);
    const ledger = await openLedgerOn(connection);
    const clock = new FactClock();
    const before = statSync(path).size;
    for (let index = 0; index < 200; index += 1)
      await ledger.append([clock.push(bob.account, fakeSha(index))], { deliveryId: `d-${index}` });
    // 200 appends fill far fewer WAL pages than the backstop: only the worker moves them.
    const deadline = Date.now() + 10_000;
    while (statSync(path).size === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(path).size).toBeGreaterThan(before);
    await ledger.close();
    expect(connection.sqlite?.database.open).toBe(false);
  });

  it('lets a process that closed its busy ledger exit', () => {
    const script = `
      import { connectLedger, openLedgerOn } from './src/ledger/index.js';
      import { FactClock } from './test/builders/facts.js';
      import { bob } from './test/builders/identities.js';
      import { fakeSha } from './test/builders/snapshot.js';
      const ledger = await openLedgerOn(connectLedger(${JSON.stringify(join(folder, 'exit.db'))}));
      const clock = new FactClock();
      for (let index = 0; index < 100; index += 1) await ledger.append([clock.push(bob.account, fakeSha(index))]);
      await ledger.close();
      const reopened = await openLedgerOn(connectLedger(${JSON.stringify(join(folder, 'exit.db'))}));
      console.log('closed', (await reopened.verify()).ok);
      await reopened.close();
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('closed true');
    expect(result.status).toBe(0);
  });
});
