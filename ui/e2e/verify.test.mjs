// Verification in the app: the verdict on a card and in the detail view, "Check again" and
// "Check all"; the Verify screen with chosen files, pasted text, saved reports, the earner's
// identifiers and "Add to my portfolio". Everything is offline.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fixture, launchApp, screen, tid } from './harness.mjs';

const CLOUD = 'Cloud Security Practitioner';
// ob3-vc2-jwt-es256.jws is "Accessible Web Design"; the Verify screen names the file it verified.
const JANE = 'jane.doe@example.org';

describe('verdicts in the portfolio', { timeout: 150_000 }, () => {
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {ReturnType<typeof screen>} */
  let ui;

  before(async () => {
    app = await launchApp({ name: 'verify-portfolio', pick: [fixture('ob3-vc2-jwt-eddsa.jwt')], screenshots: true });
    ui = screen(app.browser);
  });

  after(async () => {
    await app?.close();
  });

  it('shows the verdict of an imported badge on its card', async () => {
    await (await ui.shown('import-button')).click();
    await ui.shown('import-results', 20_000);
    await ui.waitForCards([CLOUD]);
    const chip = `${tid('badge-card')} ${tid('verdict-chip-label')}`;
    await ui.waitForTexts(chip, ['valid']);
    await (await ui.get('dismiss-report')).click();
    await ui.gone('import-results');
    const card = await ui.card(CLOUD);
    assert.equal(await card.$(tid('verdict-chip')).getAttribute('data-verdict'), 'valid');
  });

  it('shows the report in the detail view and checks again', async () => {
    await (await ui.card(CLOUD)).click();
    const section = await ui.shown('verification-section');
    const verdict = await section.$(tid('verdict'));
    await verdict.waitForDisplayed();
    assert.equal(await verdict.getAttribute('data-verdict'), 'valid');
    assert.equal(await verdict.getText(), 'Valid');
    const checks = await app.browser.execute(() =>
      Array.from(document.querySelectorAll('[data-testid="verification-section"] [data-testid="check-item"]'), (el) => ({
        id: el.getAttribute('data-check'),
        outcome: el.getAttribute('data-outcome'),
        text: /** @type {HTMLElement} */ (el).innerText,
      })),
    );
    const proof = checks.find((c) => c.id === 'proof');
    assert.ok(proof, `no proof check among ${JSON.stringify(checks)}`);
    assert.equal(proof.outcome, 'passed');
    assert.match(proof.text, /Signature/);
    assert.match(proof.text, /EdDSA signature verifies/);
    assert.match(await (await ui.get('issuer-identity')).getText(), /Example Cloud Academy[\s\S]*did:key:/);
    assert.match(await (await ui.get('checked-at')).getText(), /^Checked /);

    const before = await (await ui.get('checked-at')).getText();
    await app.browser.execute(() => document.querySelector('[data-testid="verification-section"]')?.scrollIntoView());
    await app.screenshot('verify-detail-section');
    await (await ui.get('evidence')).$('summary').click();
    await (await ui.shown('evidence-method')).waitForDisplayed();
    assert.match(await (await ui.get('evidence-method')).getText(), /^did:key:/);

    await (await ui.get('check-again')).click();
    await app.browser.waitUntil(async () => (await (await ui.get('check-again')).isEnabled()), {
      timeoutMsg: 'check again did not finish',
    });
    assert.equal(await (await ui.get('verdict')).getAttribute('data-verdict'), 'valid');
    // A later check, or at least the same verdict re-rendered without an error.
    assert.ok((await (await ui.get('checked-at')).getText()).length >= before.length - 5);
    assert.equal(await (await ui.get('error-banner')).isExisting(), false);
  });

  it('checks all badges and says how they came out', async () => {
    await app.browser.keys('Escape');
    await ui.shown('portfolio-view');
    await (await ui.shown('check-all')).click();
    const notice = await ui.shown('notice', 20_000);
    assert.match(await notice.getText(), /Checked 1 badge: 1 valid/);
    await app.browser.waitUntil(async () => (await (await ui.get('check-all')).isEnabled()));
    assert.equal(await (await ui.get('check-progress')).isExisting(), false);
    await ui.waitForTexts(`${tid('badge-card')} ${tid('verdict-chip-label')}`, ['valid']);
  });
});

describe('the Verify screen', { timeout: 150_000 }, () => {
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {ReturnType<typeof screen>} */
  let ui;
  /** @type {string} */
  let savePath;

  before(async () => {
    app = await launchApp({
      name: 'verify-screen',
      pick: [fixture('ob3-vc2-jwt-es256.jws'), fixture('ob2-signed.jws'), fixture('ob3-vc1-ed25519-2020.json')],
      screenshots: true,
    });
    ui = screen(app.browser);
    savePath = app.savePath;
  });

  after(async () => {
    await app?.close();
  });

  /**
   * The result card of an input, by the file name it shows.
   * @param {string} name
   */
  async function result(name) {
    const el = await app.browser.$(
      `//*[@data-testid="verify-result"][.//*[@data-testid="verify-input" and normalize-space()=${JSON.stringify(name)}]]`,
    );
    await el.waitForExist({ timeoutMsg: `no result for ${name}` });
    return el;
  }

  it('opens from the header and verifies chosen files', async () => {
    await (await ui.shown('verify-button')).click();
    await ui.shown('verify-view');
    await ui.shown('no-identifiers');
    await (await ui.get('verify-pick')).click();
    const es256 = await result('ob3-vc2-jwt-es256.jws');
    assert.equal(await es256.getAttribute('data-verdict'), 'valid');
    assert.match(await es256.$(tid('issuer-identity')).getText(), /Example University/);
    assert.match(await es256.$(tid('key-source')).getText(), /did:jwk/);
    const ob2 = await result('ob2-signed.jws');
    assert.equal(await ob2.getAttribute('data-verdict'), 'unknown');
    // An RDF-canonicalized proof (Ed25519Signature2020, made by Digital Bazaar's library).
    const ed2020 = await result('ob3-vc1-ed25519-2020.json');
    assert.equal(await ed2020.getAttribute('data-verdict'), 'valid');
    // No identifiers yet: neither is known to be the user's.
    assert.equal(await app.browser.$(tid('add-to-portfolio')).isExisting(), false);
  });

  it('saves a report as JSON', async () => {
    const es256 = await result('ob3-vc2-jwt-es256.jws');
    await (await es256.$(tid('save-json'))).click();
    const saved = await es256.$(tid('saved-to'));
    await saved.waitForDisplayed({ timeout: 20_000 });
    assert.match(await saved.getText(), /^Saved to /);
    assert.ok(existsSync(savePath), 'the report file was not written');
    const json = JSON.parse(readFileSync(savePath, 'utf8'));
    assert.equal(json.report.verdict, 'valid');
    assert.match(json.input, /ob3-vc2-jwt-es256\.jws$/);
  });

  it('verifies pasted text', async () => {
    const text = readFileSync(fixture('bad/not-a-badge.json'), 'utf8');
    const area = await ui.get('verify-text');
    await area.click();
    // Set in one go (typing JSON key by key is slow), then let Svelte see the input event.
    await app.browser.execute(
      (el, value) => {
        const field = /** @type {HTMLTextAreaElement} */ (el);
        field.value = value;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      },
      area,
      text,
    );
    await (await ui.get('verify-text-button')).click();
    const pasted = await result('pasted text');
    assert.equal(await pasted.getAttribute('data-verdict'), 'invalid');
    const format = await pasted.$(`${tid('check-item')}[data-check="format"]`);
    assert.equal(await format.getAttribute('data-outcome'), 'failed');
    assert.equal(await pasted.$(tid('add-to-portfolio')).isExisting(), false);
  });

  it('adds an identifier, then offers to add the user’s own badge, and adds it', async () => {
    await (await ui.get('go-to-identifiers')).click();
    const input = await ui.get('identifier-input');
    assert.equal(await input.isFocused(), true);
    await input.setValue(JANE);
    await app.browser.keys('Enter');
    await ui.waitForTexts(tid('identifier'), [JANE]);
    await ui.gone('no-identifiers');

    await (await ui.get('verify-clear')).click();
    await (await ui.get('verify-pick')).click();
    const ob2 = await result('ob2-signed.jws');
    const recipient = await ob2.$(`${tid('check-item')}[data-check="recipient"]`);
    assert.equal(await recipient.getAttribute('data-outcome'), 'passed');
    assert.match(await ob2.$(tid('matched-recipient')).getText(), new RegExp(JANE.replace(/\./g, '\\.')));
    const es256 = await result('ob3-vc2-jwt-es256.jws');
    assert.equal(await es256.$(tid('add-to-portfolio')).isExisting(), false);
    await app.screenshot('verify-screen');
    await app.browser.execute((el) => /** @type {HTMLElement} */ (el).scrollIntoView(), ob2);
    await app.screenshot('verify-screen-own-badge');

    await (await ob2.$(tid('add-to-portfolio'))).click();
    const status = await ob2.$(tid('added-status'));
    await status.waitForDisplayed({ timeout: 20_000 });
    assert.match(await status.getText(), /Added .* to your portfolio/);
    await ui.shown('import-results');
    await (await ui.get('dismiss-report')).click();
    await ui.gone('import-results');
  });

  it('removes an identifier after confirming, and Escape goes back', async () => {
    await (await ui.get('identifier-remove')).click();
    await ui.shown('confirm-dialog');
    await (await ui.get('confirm-button')).click();
    await ui.shown('no-identifiers');
    await app.browser.execute(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    await app.browser.keys('Escape');
    await ui.shown('portfolio-view');
    assert.equal(await app.browser.$(tid('verify-view')).isExisting(), false);
    await ui.waitForCards(['Peer Reviewer']);
  });
});
