// The Share tab of a badge, in one app session: a picture saved at the Slide size, LinkedIn
// opened only after a confirmation (links go to ROSETTE_E2E_OPENED, never to a browser), an
// organization id saved for the issuer, the email signature, a QR code previewed and saved.
// Then a badge without a public web page: no post link and no QR code, and the panel says why.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixture, launchApp, screen, tid } from './harness.mjs';

const MENTOR = 'Community Mentor';
const RUST = 'Rust Fundamentals';
const PAGE = 'https://badges.example.org/assertions/123';
const ADD_PREFIX = 'https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME';
const POST_URL = `https://www.linkedin.com/sharing/share-offsite/?url=${encodeURIComponent(PAGE)}`;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Width and height from a PNG's IHDR chunk (the first chunk, right after the signature).
 * @param {Buffer} png
 */
function pngSize(png) {
  assert.ok(png.subarray(0, 8).equals(PNG_SIGNATURE), 'not a PNG file');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function hasZbarimg() {
  return spawnSync('zbarimg', ['--version'], { stdio: 'ignore' }).status === 0;
}

// The save dialogs answer this path (one file at a time: each check removes it).
const out = mkdtempSync(path.join(tmpdir(), 'rosette-e2e-share-out-'));
const saved = path.join(out, 'shared-file');

after(() => rmSync(out, { recursive: true, force: true }));

describe('share', { timeout: 180_000 }, () => {
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {WebdriverIO.Browser} */
  let browser;
  /** @type {ReturnType<typeof screen>} */
  let ui;

  /**
   * The raw text of a test id (scrolling boxes may not give WebDriver their text).
   * @param {string} id
   * @returns {Promise<string>}
   */
  const text = (id) =>
    browser.execute((sel) => document.querySelector(sel)?.textContent?.trim() ?? '', tid(id));

  /** The links the app has "opened" so far. */
  const opened = () =>
    existsSync(app.openedPath) ? readFileSync(app.openedPath, 'utf8').split('\n').filter(Boolean) : [];

  /**
   * Waits until the save dialog's file exists with some content, and returns it.
   * @param {string} what
   */
  async function savedFile(what) {
    await browser.waitUntil(() => existsSync(saved) && readFileSync(saved).length > 0, {
      timeoutMsg: `${what} was not saved to ${saved}`,
    });
    return readFileSync(saved);
  }

  /** @param {string} name */
  async function openShare(name) {
    await (await ui.card(name)).click();
    await ui.shown('detail-view');
    assert.equal(await (await ui.shown('detail-name')).getText(), name);
    await (await ui.shown('tab-share')).click();
    await ui.shown('share-panel');
    await ui.shown('share-linkedin', 20_000);
  }

  before(async () => {
    app = await launchApp({
      name: 'share',
      pick: [fixture('ob2-assertion-embedded.json'), fixture('ob3-vc2-eddsa-rdfc-2022.json')],
      save: saved,
      screenshots: true,
    });
    browser = app.browser;
    ui = screen(browser);
    await (await ui.shown('import-button')).click();
    await ui.shown('import-results');
    await ui.waitForCards([MENTOR, RUST]);
    await (await ui.get('dismiss-report')).click();
    await ui.gone('import-results');
  });

  after(async () => {
    await app?.close();
  });

  it('opens the Share tab of a badge with a public page', async () => {
    await openShare(MENTOR);
    assert.equal(await (await ui.get('tab-share')).getAttribute('aria-selected'), 'true');
    assert.equal(await (await ui.get('criteria')).isDisplayed(), false, 'the details are hidden behind their tab');
    const presets = await ui.texts(tid('picture-preset'));
    assert.deepEqual(presets, ['Email signature (120 px)', 'Slide (600 px)', 'Print (2000 px)', 'Original size']);
    await browser.execute(() => document.querySelector('[data-testid="detail-view"]')?.scrollTo(0, 0));
    await app.screenshot('share-panel');
  });

  it('saves the picture at the Slide size: a PNG 600 px wide', async () => {
    await (await browser.$(`${tid('picture-preset')}[data-preset="slide"]`)).click();
    const status = await ui.shown('picture-saved');
    await browser.waitUntil(async () => (await status.getText()).includes(saved), {
      timeoutMsg: 'the saved path is not shown',
    });
    assert.match(await status.getText(), /^Saved to /);
    const { width } = pngSize(await savedFile('the picture'));
    assert.equal(width, 600);
    rmSync(saved);
  });

  it('refuses a custom size out of range, with a message', async () => {
    const input = await ui.get('custom-size');
    await input.setValue('9000');
    await (await ui.get('custom-size-save')).click();
    await browser.waitUntil(async () => /from 16 to 4096/.test(await text('custom-size-hint')), {
      timeoutMsg: 'no message for a size out of range',
    });
    assert.equal(await input.getAttribute('aria-invalid'), 'true');
    assert.equal(existsSync(saved), false, 'nothing was saved');
    await input.clearValue();
  });

  it('opens LinkedIn only after the confirmation showing the address', async () => {
    const url = await text('linkedin-add-url');
    assert.ok(url.startsWith(ADD_PREFIX), url);
    assert.match(url, /name=Community\+Mentor|name=Community%20Mentor/);
    assert.deepEqual(opened(), []);

    await (await ui.get('linkedin-add')).click();
    await ui.shown('confirm-dialog');
    assert.equal(await text('confirm-detail'), url);
    await app.screenshot('share-linkedin-confirm');
    await (await ui.get('confirm-button')).click();
    await ui.gone('confirm-dialog');
    await browser.waitUntil(() => opened().length === 1, { timeoutMsg: 'the link was not opened' });
    assert.deepEqual(opened(), [url]);

    // Cancelling opens nothing.
    await (await ui.get('linkedin-add')).click();
    await ui.shown('confirm-dialog');
    await (await ui.get('cancel-button')).click();
    await ui.gone('confirm-dialog');
    await browser.pause(500);
    assert.deepEqual(opened(), [url]);

    // The post link, the same way.
    assert.equal(await text('linkedin-post-url'), POST_URL);
    await (await ui.get('linkedin-post')).click();
    await ui.shown('confirm-dialog');
    assert.equal(await text('confirm-detail'), POST_URL);
    await (await ui.get('confirm-button')).click();
    await browser.waitUntil(() => opened().length === 2, { timeoutMsg: 'the post link was not opened' });
    assert.deepEqual(opened(), [url, POST_URL]);
  });

  it('shows the fields and saves an organization id for the issuer', async () => {
    const labels = await ui.texts(`${tid('linkedin-field')} ${tid('field-label')}`);
    assert.ok(labels.includes('Name') && labels.includes('Issuing organization'), labels.join(' | '));
    const values = await ui.texts(`${tid('linkedin-field')} ${tid('field-value')}`);
    assert.ok(values.includes(MENTOR), values.join(' | '));
    assert.ok(values.includes(PAGE), values.join(' | '));
    assert.equal(await (await ui.get('organization-source')).getAttribute('data-source'), 'name');

    const input = await ui.get('organization-input');
    await input.setValue('1337');
    await (await ui.get('organization-save')).click();
    await browser.waitUntil(async () => (await text('linkedin-add-url')).includes('organizationId=1337'), {
      timeoutMsg: 'the add-to-profile link does not use the saved organization id',
    });
    assert.ok(!(await text('linkedin-add-url')).includes('organizationName='));
    assert.equal(await (await ui.get('organization-source')).getAttribute('data-source'), 'saved');
    assert.equal(await text('organization-saved-id'), '1337');
    assert.match(await (await ui.shown('notice')).getText(), /Saved the LinkedIn organization id/);
  });

  it('shows the email signature: preview, HTML source and plain text', async () => {
    const preview = await ui.get('signature-preview');
    await preview.scrollIntoView({ block: 'center' });
    assert.equal(await preview.isDisplayed(), true);
    assert.match(await text('signature-preview'), new RegExp(MENTOR));
    const html = await ui.get('signature-html');
    assert.equal(await html.isDisplayed(), true);
    assert.match(await text('signature-html'), new RegExp(MENTOR));
    assert.match(await text('signature-html'), new RegExp(`href="${PAGE}"`));
    assert.match(await text('signature-text'), new RegExp(`${MENTOR}[^\\n]*\\n${PAGE}`));
    // The embedded image has no web address: the core says so, as a hint.
    assert.match((await ui.texts(tid('signature-note'))).join(' '), /no web address/);
    assert.equal(await (await ui.get('signature-preview-image')).isExisting(), false);

    // A saved picture file instead: the picture saved above is offered.
    await (await ui.get('signature-use-file')).click();
    const file = await ui.shown('signature-file');
    assert.equal(await file.getValue(), saved);
    await browser.waitUntil(async () => (await text('signature-html')).includes('src="file://'), {
      timeoutMsg: 'the signature does not use the picture file',
    });
    await ui.shown('signature-preview-image');
    assert.match(await text('signature-html'), new RegExp(MENTOR));
    // Below the sticky bar: the card's top at the top of the view.
    await browser.execute((sel) => {
      const card = document.querySelector(sel);
      const view = document.querySelector('[data-testid="detail-view"]');
      if (card && view) view.scrollBy(0, card.getBoundingClientRect().top - 120);
    }, tid('share-signature'));
    await app.screenshot('share-signature');
  });

  it('previews the QR code and saves it as a PNG that reads back as the public page', async () => {
    const preview = await ui.get('qr-preview');
    await preview.waitForDisplayed();
    await preview.scrollIntoView({ block: 'center' });
    const width = await browser.execute(
      (sel) => /** @type {HTMLImageElement | null} */ (document.querySelector(sel))?.naturalWidth ?? 0,
      tid('qr-preview'),
    );
    assert.ok(width >= 256, `the preview is ${width} px wide`);
    await app.screenshot('share-qr');

    await (await ui.get('qr-save-png')).click();
    await browser.waitUntil(async () => (await text('qr-saved')).includes(saved), {
      timeoutMsg: 'the saved QR code path is not shown',
    });
    const png = await savedFile('the QR code');
    assert.ok(pngSize(png).width >= 512);
    if (hasZbarimg()) {
      const decoded = execFileSync('zbarimg', ['--raw', '-q', saved], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      assert.equal(decoded, PAGE);
    }
    rmSync(saved);
  });

  it('explains why a badge without a public page has no post link and no QR code', async () => {
    await (await ui.get('back-button')).click();
    await ui.shown('badge-grid');
    await openShare(RUST);
    const post = await ui.shown('linkedin-no-public-page');
    assert.match(await post.getText(), /no public web page/);
    assert.equal(await (await ui.get('linkedin-post')).isExisting(), false);
    const qr = await ui.get('qr-no-public-page');
    await qr.scrollIntoView({ block: 'center' });
    assert.match(await qr.getText(), /no public web page/);
    assert.equal(await (await ui.get('qr-preview')).isExisting(), false);
    assert.equal(await (await ui.get('qr-save-png')).isExisting(), false);
    // The add-to-profile link needs no public page.
    assert.ok((await text('linkedin-add-url')).startsWith(ADD_PREFIX));
    await app.screenshot('share-no-public-page');
    assert.equal(await (await ui.get('error-banner')).isExisting(), false);
  });
});
