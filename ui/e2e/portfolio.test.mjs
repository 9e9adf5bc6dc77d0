// The portfolio from first start to removing a badge, in one app session: empty state,
// import through the Import button, search, the badge detail (criteria shown as the core
// sanitized them, tags), backup export, removal with confirmation.

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fixture, launchApp, screen, tid } from './harness.mjs';

const RUST = 'Rust Fundamentals';
const MENTOR = 'Community Mentor';

describe('portfolio', { timeout: 180_000 }, () => {
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {WebdriverIO.Browser} */
  let browser;
  /** @type {ReturnType<typeof screen>} */
  let ui;
  let backupPath = '';

  before(async () => {
    app = await launchApp({
      name: 'portfolio',
      pick: [fixture('ob3-vc2-eddsa-rdfc-2022.json'), fixture('ob2-assertion-embedded.json')],
      screenshots: true,
    });
    browser = app.browser;
    ui = screen(browser);
    backupPath = app.savePath;
  });

  after(async () => {
    await app?.close();
  });

  it('shows the empty state on a new portfolio', async () => {
    const empty = await ui.shown('empty-state');
    const text = await empty.getText();
    assert.match(text, /Your portfolio is empty/);
    assert.match(text, /drop badge files anywhere on this window/);
    assert.match(text, /\.json/);
    assert.match(text, /\.jwt/);
    assert.equal((await ui.all('badge-card')).length, 0);
  });

  it('imports two badges through the Import button', async () => {
    await (await ui.shown('import-button')).click();
    await ui.shown('import-results');
    const items = `${tid('import-results')} ${tid('report-item')}`;
    await browser.waitUntil(async () => (await ui.texts(items)).length === 2, {
      timeoutMsg: 'the import results do not list two files',
    });
    const rows = await ui.texts(`${items}[data-status="imported"]`);
    assert.equal(rows.length, 2, 'both files imported');
    assert.ok(rows.some((r) => r.includes('ob3-vc2-eddsa-rdfc-2022.json') && r.includes(RUST)), rows.join(' | '));
    assert.ok(rows.some((r) => r.includes('ob2-assertion-embedded.json') && r.includes(MENTOR)), rows.join(' | '));

    await ui.waitForCards([RUST, MENTOR]);
    assert.equal(await (await ui.get('badge-count')).getText(), '2 badges');
    const rust = await ui.card(RUST);
    assert.equal(await rust.$(tid('badge-issuer')).getText(), 'Example Society of Engineers');
    assert.match(await rust.$(tid('expiry')).getText(), /^Expires .*2028/);
    assert.equal(await (await ui.get('empty-state')).isExisting(), false);

    await app.screenshot('portfolio-two-badges');
    await (await ui.get('dismiss-report')).click();
    await ui.gone('import-results');
  });

  it('narrows the grid as the user types a search, and clearing restores it', async () => {
    const search = await ui.shown('search-input');
    // "/" focuses the search field from anywhere in the portfolio.
    await browser.keys('/');
    await browser.waitUntil(() => search.isFocused(), { timeoutMsg: '"/" did not focus the search field' });
    await search.setValue('mentor');
    await ui.waitForCards([MENTOR]);
    assert.equal(await (await ui.get('badge-count')).getText(), '1 of 2 badges');

    await search.setValue('zzzznothing');
    const none = await ui.shown('no-results');
    assert.match(await none.getText(), /No badges match “zzzznothing”/);
    await (await ui.get('clear-filters')).click();
    await ui.waitForCards([RUST, MENTOR]);
    assert.equal(await search.getValue(), '');
  });

  it('opens a badge: details, criteria as sanitized text, a new tag, then the tag filter', async () => {
    await (await ui.card(RUST)).click();
    const view = await ui.shown('detail-view');
    assert.equal(await (await ui.shown('detail-name')).getText(), RUST);
    assert.equal(await (await ui.get('detail-issuer')).getText(), 'Example Society of Engineers');
    assert.equal(
      await (await ui.get('detail-issuer-id')).getText(),
      'did:key:z6MkwH8hP7HJpVWp6HbevqVbu7JjoWiUKQCm1Pwy6GwXcfb8',
    );

    const criteria = await ui.get('criteria');
    assert.match(await criteria.getText(), /Requirements/);
    // The issuer's <script> is shown as text, never as an element.
    assert.match(await criteria.getText(), /<script>alert\(1\)<\/script>/);
    assert.equal((await criteria.$$('script')).length, 0);
    assert.equal((await browser.$$('script:not([src])')).length, 0);
    assert.ok((await ui.texts(`${tid('criteria')} strong`)).includes('all'), 'markdown emphasis is rendered');
    assert.match(await (await ui.get('proofs')).getText(), /as declared/);

    const tagInput = await ui.get('tag-input');
    await tagInput.setValue('systems-programming');
    await tagInput.addValue('\uE007'); // Enter
    await ui.waitForTexts(tid('tag-chip'), ['systems-programming']);
    assert.equal(await tagInput.getValue(), '');

    const collectionInput = await ui.get('collection-input');
    await collectionInput.setValue('Engineering');
    await collectionInput.addValue('\uE007');
    await ui.waitForTexts(tid('collection-chip'), ['Engineering']);

    const shareable = await ui.get('visibility-shareable');
    await shareable.click();
    await browser.waitUntil(() => shareable.$('input').isSelected(), { timeoutMsg: 'not shareable' });

    const note = await ui.get('note-input');
    await note.setValue('Ask for the advanced course.');
    await (await ui.get('note-save')).click();
    await browser.waitUntil(async () => (await (await ui.get('note-status')).getText()) === 'Saved', {
      timeoutMsg: 'the note was not saved',
    });

    await browser.execute(() => document.querySelector('[data-testid="detail-view"]')?.scrollTo(0, 0));
    await app.screenshot('badge-detail');
    await view.$(tid('original-document')).$('summary').click();
    const pretty = await ui.shown('original-pretty');
    await browser.execute(() =>
      document.querySelector('[data-testid="original-document"]')?.scrollIntoView({ block: 'start' }),
    );
    assert.match(await pretty.getText(), /"Rust Fundamentals"/);
    assert.match(await (await ui.get('original-sha256')).getText(), /^[0-9a-f]{64}$/);
    await app.screenshot('badge-detail-original');

    await (await ui.get('back-button')).click();
    await ui.shown('badge-grid');
    const rustId = await (await ui.card(RUST)).getAttribute('data-badge-id');
    await ui.waitForTexts(`[data-badge-id="${rustId}"] ${tid('card-tag')}`, ['systems-programming']);

    const tagFilter = await ui.shown('tag-filter');
    await tagFilter.selectByAttribute('value', 'systems-programming');
    await ui.waitForCards([RUST]);
    await tagFilter.selectByAttribute('value', '');
    await ui.waitForCards([RUST, MENTOR]);
    const collectionFilter = await ui.shown('collection-filter');
    await collectionFilter.selectByAttribute('value', 'Engineering');
    await ui.waitForCards([RUST]);
    await collectionFilter.selectByAttribute('value', '');
    await ui.waitForCards([RUST, MENTOR]);
  });

  it('closes the detail view with Escape', async () => {
    await (await ui.card(MENTOR)).click();
    await ui.shown('detail-view');
    assert.equal(await (await ui.shown('detail-name')).getText(), MENTOR);
    await browser.keys('Escape');
    await ui.gone('detail-view');
    await ui.shown('badge-grid');
  });

  it('exports a backup to the chosen file', async () => {
    await (await ui.get('export-button')).click();
    const notice = await ui.shown('notice', 20_000);
    assert.match(await notice.getText(), /Exported 2 badges to /);
    assert.ok(existsSync(backupPath), `no backup at ${backupPath}`);
    assert.ok(statSync(backupPath).size > 0);
    assert.equal(await (await ui.get('export-button')).isEnabled(), true);
  });

  it('removes a badge only after confirmation', async () => {
    await (await ui.card(MENTOR)).click();
    await ui.shown('detail-view');

    await (await ui.shown('remove-badge')).click();
    const dialog = await ui.shown('confirm-dialog');
    assert.match(await dialog.getText(), /Community Mentor/);
    await (await ui.get('cancel-button')).click();
    await ui.gone('confirm-dialog');
    assert.equal(await (await ui.get('detail-name')).getText(), MENTOR);

    await (await ui.get('remove-badge')).click();
    await ui.shown('confirm-dialog');
    await (await ui.get('confirm-button')).click();
    await ui.gone('detail-view');
    await ui.waitForCards([RUST]);
    assert.match(await (await ui.shown('notice')).getText(), /Removed “Community Mentor”/);
    assert.equal(await (await ui.get('badge-count')).getText(), '1 badge');
  });
});
