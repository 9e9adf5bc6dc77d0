// Imports with a bad file among good ones, an error that must not block the app, and a
// backup restored into a new portfolio. Two app sessions: the second starts empty and
// restores what the first exported.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture, launchApp, screen, tid } from './harness.mjs';

const CLOUD = 'Cloud Security Practitioner';

// Outlives the first session, which writes it, for the second, which restores it.
const shared = mkdtempSync(path.join(tmpdir(), 'rosette-e2e-shared-'));
const backup = path.join(shared, 'backup.zip');

after(() => rmSync(shared, { recursive: true, force: true }));

describe('import with a bad file, then errors', { timeout: 120_000 }, () => {
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {ReturnType<typeof screen>} */
  let ui;

  before(async () => {
    app = await launchApp({
      name: 'import-failures',
      pick: [fixture('bad/not-a-badge.json'), fixture('ob3-vc2-jwt-eddsa.jwt')],
      save: backup,
      screenshots: true,
    });
    ui = screen(app.browser);
  });

  after(async () => {
    await app?.close();
  });

  it('reports the bad file as failed while the good one imports', async () => {
    await ui.shown('empty-state');
    await (await ui.get('empty-import-button')).click();
    await ui.shown('import-results');
    const items = `${tid('import-results')} ${tid('report-item')}`;
    await app.browser.waitUntil(async () => (await ui.texts(items)).length === 2, {
      timeoutMsg: 'the import results do not list two files',
    });
    const failed = await ui.texts(`${items}[data-status="failed"]`);
    assert.equal(failed.length, 1, 'one failure entry');
    assert.match(failed[0], /not-a-badge\.json/);
    assert.match(failed[0], /Failed/);
    const imported = await ui.texts(`${items}[data-status="imported"]`);
    assert.equal(imported.length, 1);
    assert.match(imported[0], /ob3-vc2-jwt-eddsa\.jwt/);
    assert.match(imported[0], new RegExp(CLOUD));
    assert.match(await (await ui.get('report-summary')).getText(), /1 badge imported · 1 failed/);

    await ui.waitForCards([CLOUD]);
    const card = await ui.card(CLOUD);
    assert.equal(await card.$(tid('badge-issuer')).getText(), 'Example Cloud Academy');
    await app.screenshot('import-with-failure');
  });

  it('shows a failed command in a banner and stays usable', async () => {
    // The restore dialog answers with the first picked path: not a backup.
    await (await ui.get('restore-button')).click();
    const banner = await ui.shown('error-banner', 20_000);
    assert.equal(await banner.getAttribute('data-kind'), 'backup');
    assert.ok((await (await ui.get('error-message')).getText()).length > 0);

    // Still usable: search and open a badge while the banner is up.
    await (await ui.get('search-input')).setValue('cloud');
    await ui.waitForCards([CLOUD]);
    await (await ui.get('dismiss-error')).click();
    await ui.gone('error-banner');
    assert.equal(await (await ui.get('restore-button')).isEnabled(), true);
  });

  it('exports the portfolio for the next session', async () => {
    await (await ui.get('export-button')).click();
    assert.match(await (await ui.shown('notice', 20_000)).getText(), /Exported 1 badge to /);
    assert.ok(existsSync(backup));
  });
});

describe('restore into a new portfolio', { timeout: 120_000 }, () => {
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {ReturnType<typeof screen>} */
  let ui;

  before(async () => {
    assert.ok(existsSync(backup), 'the previous session wrote no backup');
    app = await launchApp({ name: 'restore', pick: [backup] });
    ui = screen(app.browser);
  });

  after(async () => {
    await app?.close();
  });

  it('restores the backup and lists each item', async () => {
    await ui.shown('empty-state');
    await (await ui.get('restore-button')).click();
    await ui.shown('restore-results', 20_000);
    const items = `${tid('restore-results')} ${tid('report-item')}`;
    assert.deepEqual(await ui.texts(items), await ui.texts(`${items}[data-status="restored"]`));
    const restored = await ui.texts(`${items}[data-status="restored"]`);
    assert.equal(restored.length, 1);
    assert.match(restored[0], new RegExp(CLOUD));
    await ui.waitForCards([CLOUD]);
  });
});
