// Going online from the app, against a real HTTPS issuer on loopback (issuer-server.mjs):
// the network settings (private addresses, an extra trusted certificate authority), verifying
// a link, adding a linked badge to the portfolio, "Check again" offline and online, "Check all
// online", the issuer documents kept for offline checks (fetched, forgotten, added from a
// file), and removing the authority. Nothing goes online unless the test asks: the issuer's
// request log says so.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchApp, screen, tid } from './harness.mjs';
import { startIssuer } from './issuer-server.mjs';

describe('going online', { timeout: 240_000 }, () => {
  /** @type {Awaited<ReturnType<typeof startIssuer>>} */
  let issuer;
  /** @type {Awaited<ReturnType<typeof launchApp>>} */
  let app;
  /** @type {ReturnType<typeof screen>} */
  let ui;
  /** A folder holding the badge and the issuer's DID document as files. */
  let folder = '';
  let badgeFile = '';
  let didFile = '';

  before(async () => {
    issuer = await startIssuer();
    folder = mkdtempSync(path.join(tmpdir(), 'rosette-e2e-online-'));
    badgeFile = path.join(folder, 'loopback-badge.jwt');
    writeFileSync(badgeFile, issuer.badgeJwt);
    didFile = path.join(folder, 'issuer-did.json');
    writeFileSync(didFile, issuer.didDocumentJson);
    // The certificate dialog takes the first path; "Choose files…" verifies all three and
    // "Add issuer documents…" keeps what it can (only the DID document is one).
    app = await launchApp({ name: 'online', pick: [issuer.caCertPath, badgeFile, didFile], screenshots: true });
    ui = screen(app.browser);
  });

  after(async () => {
    await app?.close();
    await issuer?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /**
   * What the issuer was asked for since the log was last cleared (a copy).
   * @returns {string[]}
   */
  function requested() {
    return [...issuer.requests];
  }

  /** The text of the error banner once shown; then dismisses it. */
  async function errorMessage() {
    const banner = await ui.shown('error-banner', 30_000);
    const text = await banner.getText();
    await (await ui.get('dismiss-error')).click();
    await ui.gone('error-banner');
    return text;
  }

  /** @param {string} link */
  async function verifyLink(link) {
    const input = await ui.shown('verify-link-input');
    await input.setValue(link);
    await app.browser.keys('Enter');
  }

  /**
   * The result card of an input, by what it shows as the input.
   * @param {string} name
   */
  async function result(name) {
    const el = await app.browser.$(
      `//*[@data-testid="verify-result"][.//*[@data-testid="verify-input" and normalize-space()=${JSON.stringify(name)}]]`,
    );
    await el.waitForExist({ timeout: 30_000, timeoutMsg: `no result for ${name}` });
    return el;
  }

  /** The kept document with this id in Settings (a selector). */
  const keptDocument = (/** @type {string} */ id) => `${tid('kept-document')}[data-id=${JSON.stringify(id)}]`;

  async function waitForIdleVerify() {
    await app.browser.waitUntil(async () => !(await app.browser.$(tid('verify-busy')).isExisting()), {
      timeout: 30_000,
      timeoutMsg: 'the verification did not finish',
    });
  }

  it('refuses the loopback issuer before the settings allow it, without a request', async () => {
    await (await ui.shown('verify-button')).click();
    await ui.shown('verify-view');
    await verifyLink(issuer.badgeUrl);
    const message = await errorMessage();
    assert.match(message, /loopback|private/i);
    await waitForIdleVerify();
    assert.equal(await app.browser.$(tid('verify-result')).isExisting(), false);
    // The link is kept, to try again.
    assert.equal(await (await ui.get('verify-link-input')).getValue(), issuer.badgeUrl);
    assert.deepEqual(requested(), []);
  });

  it('allows private addresses and trusts the issuer’s certificate authority in Settings', async () => {
    await (await ui.get('settings-button')).click();
    await ui.shown('settings-screen');
    assert.match(await (await ui.get('network-settings')).getText(), /only goes online when you ask/);
    await ui.shown('trusted-ca-empty');
    const allow = await ui.get('allow-private-network');
    assert.equal(await allow.isSelected(), false);
    await allow.click();
    await app.browser.waitUntil(async () => (await allow.isSelected()) && (await allow.isEnabled()), {
      timeoutMsg: 'the private-network switch was not saved',
    });

    await (await ui.get('add-ca-button')).click();
    await ui.shown('trusted-ca-list', 20_000);
    await ui.waitForTexts(tid('trusted-ca-name'), [issuer.caName]);
    const item = await ui.get('trusted-ca-item');
    assert.equal(await item.getAttribute('data-expired'), 'false');
    assert.match(await (await item.$(tid('trusted-ca-valid-until'))).getText(), /^Valid until /);
    assert.match(await (await item.$(tid('trusted-ca-fingerprint'))).getText(), /([0-9A-F]{2}:){31}[0-9A-F]{2}/);
    assert.equal(await app.browser.$(tid('error-banner')).isExisting(), false);
    await app.screenshot('online-settings');
    assert.deepEqual(requested(), []);

    // The settings are kept: leaving and coming back shows them again.
    await app.browser.keys('Escape');
    await ui.shown('verify-view');
  });

  it('verifies the badge at a link: valid, the issuer proven by its domain', async () => {
    await (await ui.get('verify-link-button')).click();
    const badge = await result(issuer.badgeUrl);
    assert.equal(await badge.getAttribute('data-verdict'), 'valid');
    assert.equal(await badge.getAttribute('data-source'), 'link');
    const identity = await badge.$(tid('issuer-identity'));
    assert.equal(await identity.getAttribute('data-kind'), 'domain-bound');
    assert.match(await identity.getText(), new RegExp(`${issuer.issuerName}[\\s\\S]*Domain-bound \\(localhost`));
    const identityCheck = await badge.$(`${tid('check-item')}[data-check="issuer-identity"]`);
    assert.equal(await identityCheck.getAttribute('data-outcome'), 'passed');
    const status = await badge.$(`${tid('check-item')}[data-check="status"]`);
    assert.equal(await status.getAttribute('data-outcome'), 'passed');
    assert.ok(requested().includes('/badges/badge.jwt'), `requests: ${issuer.requests.join(', ')}`);
    assert.ok(requested().includes('/.well-known/did.json'), `requests: ${issuer.requests.join(', ')}`);
    assert.equal(await (await ui.get('verify-link-input')).getValue(), '');
    await app.screenshot('online-verify-link');
  });

  it('keeps the issuer’s DID document fetched online, listed in Settings', async () => {
    await (await ui.get('settings-button')).click();
    await ui.shown('settings-screen');
    const kept = app.browser.$(keptDocument(issuer.did));
    await kept.waitForDisplayed({ timeout: 10_000, timeoutMsg: `${issuer.did} is not listed as kept` });
    assert.equal(await kept.getAttribute('data-origin'), 'fetched');
    assert.equal(await (await kept.$(tid('kept-document-id'))).getText(), issuer.did);
    assert.match(await (await kept.$(tid('kept-document-origin'))).getText(), /^fetched on /);
    assert.match(await (await kept.$(tid('kept-document-size'))).getText(), /\d+ (bytes|KB)/);
    assert.equal(await app.browser.$(tid('kept-documents-empty')).isExisting(), false);
    await app.browser.execute(() => document.querySelector('[data-testid="kept-documents"]')?.scrollIntoView());
    await app.screenshot('online-kept-documents');
    await app.browser.keys('Escape');
    await ui.shown('verify-view');
  });

  it('says a web page is not a badge', async () => {
    await verifyLink(issuer.pageUrl);
    const message = await errorMessage();
    assert.match(message, /web page, not a badge/);
    await waitForIdleVerify();
    await (await ui.get('verify-link-input')).clearValue();
  });

  it('adds the badge at the link to the portfolio once the recipient is known', async () => {
    const input = await ui.get('identifier-input');
    await input.setValue(issuer.recipient);
    await app.browser.keys('Enter');
    await ui.waitForTexts(tid('identifier'), [issuer.recipient]);

    // A file is checked online only when asked.
    await (await ui.get('verify-clear')).click();
    await (await ui.get('verify-online')).click();
    assert.equal(await (await ui.get('verify-online')).isSelected(), true);
    await (await ui.get('verify-pick')).click();
    const file = await result(path.basename(badgeFile));
    assert.equal(await file.getAttribute('data-verdict'), 'valid');
    assert.equal(await file.getAttribute('data-online'), 'true');
    await (await ui.get('verify-online')).click();
    await (await ui.get('verify-clear')).click();

    await verifyLink(issuer.badgeUrl);
    const badge = await result(issuer.badgeUrl);
    assert.equal(await badge.getAttribute('data-verdict'), 'valid');
    assert.match(await badge.$(tid('matched-recipient')).getText(), /jane\.doe@example\.org/);
    issuer.requests.length = 0;
    await (await badge.$(tid('add-to-portfolio'))).click();
    const status = await badge.$(tid('added-status'));
    await status.waitForDisplayed({ timeout: 20_000 });
    assert.match(await status.getText(), new RegExp(`Added “${issuer.badgeName}” to your portfolio`));
    assert.ok(requested().includes('/badges/badge.jwt'), `requests: ${issuer.requests.join(', ')}`);
    assert.equal(await (await badge.$(tid('add-to-portfolio'))).isEnabled(), false);
    assert.equal(await app.browser.$(tid('error-banner')).isExisting(), false);
    await ui.shown('import-results');
    await (await ui.get('dismiss-report')).click();
    await ui.gone('import-results');

    await (await ui.get('verify-back')).click();
    await ui.shown('portfolio-view');
    await ui.waitForCards([issuer.badgeName]);
  });

  it('checks again offline without a request, then online: revoked', async () => {
    issuer.setRevoked(true);
    await (await ui.card(issuer.badgeName)).click();
    const section = await ui.shown('verification-section');
    const offline = await ui.get('check-again');
    const online = await ui.get('check-again-online');

    issuer.requests.length = 0;
    await offline.click();
    await app.browser.waitUntil(async () => (await offline.isEnabled()) && (await online.isEnabled()), {
      timeout: 30_000,
      timeoutMsg: 'check again did not finish',
    });
    await app.browser.waitUntil(async () => (await (await section.$(tid('verdict'))).getAttribute('data-verdict')) === 'valid', {
      timeoutMsg: 'the offline check changed the verdict',
    });
    assert.deepEqual(requested(), []);
    assert.equal(await app.browser.$(tid('error-banner')).isExisting(), false);

    await online.click();
    await app.browser.waitUntil(
      async () => (await (await section.$(tid('verdict'))).getAttribute('data-verdict')) === 'revoked',
      { timeout: 30_000, timeoutMsg: 'check again online did not find the badge revoked' },
    );
    assert.ok(requested().includes('/status/revocation.jwt'), `requests: ${issuer.requests.join(', ')}`);
    await app.browser.waitUntil(async () => online.isEnabled());
    await app.browser.execute(() => document.querySelector('[data-testid="verification-section"]')?.scrollIntoView());
    await app.screenshot('online-check-again');
  });

  it('checks all online with progress and counts', async () => {
    await app.browser.keys('Escape');
    await ui.shown('portfolio-view');
    await ui.waitForTexts(`${tid('badge-card')} ${tid('verdict-chip-label')}`, ['revoked']);
    // What the progress showed while the check ran, recorded as the page changed.
    await app.browser.execute(() => {
      const seen = /** @type {string[]} */ ([]);
      /** @type {any} */ (window).__progressSeen = seen;
      const observer = new MutationObserver(() => {
        const text = document.querySelector('[data-testid="check-progress-text"]');
        if (text) seen.push(/** @type {HTMLElement} */ (text).innerText.trim());
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      /** @type {any} */ (window).__progressObserver = observer;
    });
    issuer.requests.length = 0;
    await (await ui.get('check-all-online')).click();
    // An earlier notice may still be up: wait for this one.
    let said = '';
    await app.browser
      .waitUntil(
        async () => {
          const notice = await app.browser.$(tid('notice-text'));
          said = (await notice.isExisting()) ? await notice.getText() : '';
          return /^Checked /.test(said);
        },
        { timeout: 30_000 },
      )
      .catch(() => undefined);
    assert.match(said, /Checked 1 badge: 1 revoked/);
    await app.browser.waitUntil(async () => (await (await ui.get('check-all-online')).isEnabled()));
    assert.equal(await app.browser.$(tid('check-progress')).isExisting(), false);
    const seen = await app.browser.execute(() => {
      /** @type {any} */ (window).__progressObserver.disconnect();
      return /** @type {string[]} */ (/** @type {any} */ (window).__progressSeen);
    });
    assert.ok(seen.length > 0, 'the progress was never shown');
    assert.ok(seen.every((t) => t === 'Starting…' || /^\d+ of 1$/.test(t)), `progress: ${seen.join(' | ')}`);
    assert.ok(requested().includes('/status/revocation.jwt'), `requests: ${issuer.requests.join(', ')}`);
  });

  it('refuses the issuer’s certificate once its authority is removed', async () => {
    await (await ui.get('settings-button')).click();
    await ui.shown('settings-screen');
    await (await ui.shown('remove-ca-button')).click();
    await ui.shown('confirm-dialog');
    assert.match(await (await ui.get('confirm-detail')).getText(), new RegExp(issuer.caName));
    await (await ui.get('confirm-button')).click();
    await ui.shown('trusted-ca-empty');
    assert.equal(await app.browser.$(tid('trusted-ca-item')).isExisting(), false);
    // Private addresses stay allowed: only the certificate is now in the way.
    assert.equal(await (await ui.get('allow-private-network')).isSelected(), true);

    await (await ui.get('verify-button')).click();
    await ui.shown('verify-view');
    await (await ui.get('verify-clear')).click();
    await verifyLink(issuer.badgeUrl);
    const message = await errorMessage();
    assert.match(message, /certificate/i);
    await waitForIdleVerify();
    assert.equal(await app.browser.$(tid('verify-result')).isExisting(), false);
  });

  it('forgets the kept DID document: the badge is “unknown” offline until it is kept again', async () => {
    // Verify was opened from Settings, which was opened from the portfolio.
    await (await ui.get('verify-back')).click();
    await (await ui.shown('settings-back')).click();
    await ui.shown('portfolio-view');
    await (await ui.card(issuer.badgeName)).click();
    const section = await ui.shown('verification-section');
    const verdict = async () => (await section.$(tid('verdict'))).getAttribute('data-verdict');
    assert.equal(await verdict(), 'revoked');

    await (await ui.get('settings-button')).click();
    await ui.shown('settings-screen');
    const kept = app.browser.$(keptDocument(issuer.did));
    await kept.waitForDisplayed({ timeoutMsg: `${issuer.did} is not listed as kept` });
    await (await kept.$(tid('forget-document-button'))).click();
    await ui.shown('confirm-dialog');
    assert.equal(await (await ui.get('confirm-detail')).getText(), issuer.did);
    assert.match(await (await ui.get('confirm-dialog')).getText(), /unknown/);
    await (await ui.get('confirm-button')).click();
    await ui.gone('confirm-dialog');
    await app.browser.waitUntil(async () => !(await app.browser.$(keptDocument(issuer.did)).isExisting()), {
      timeoutMsg: 'the forgotten DID document is still listed',
    });
    assert.equal(await app.browser.$(tid('error-banner')).isExisting(), false);

    // Back on the badge, offline: its issuer's key is no longer at hand.
    await app.browser.keys('Escape');
    await ui.shown('verification-section');
    issuer.requests.length = 0;
    await (await ui.get('check-again')).click();
    await app.browser.waitUntil(async () => (await verdict()) === 'unknown', {
      timeout: 30_000,
      timeoutMsg: 'without the DID document the offline check did not say unknown',
    });
    assert.deepEqual(requested(), []);
  });

  it('keeps a DID document the user adds from a file, and the badge checks offline again', async () => {
    await (await ui.get('settings-button')).click();
    await ui.shown('settings-screen');
    issuer.requests.length = 0;
    await (await ui.shown('add-documents-button')).click();
    const kept = app.browser.$(keptDocument(issuer.did));
    await kept.waitForDisplayed({ timeout: 20_000, timeoutMsg: `${issuer.did} was not kept from the file` });
    assert.equal(await kept.getAttribute('data-origin'), 'imported');
    assert.match(await (await kept.$(tid('kept-document-origin'))).getText(), /^added by you on /);
    assert.match(await (await ui.shown('notice')).getText(), /Kept “did:web:localhost/);
    // The other two files are no issuer documents: each says why.
    const banner = await ui.shown('error-banner');
    const message = await banner.getText();
    assert.match(message, /Not kept: /);
    assert.match(message, new RegExp(path.basename(issuer.caCertPath).replace('.', '\\.')));
    assert.match(message, /loopback-badge\.jwt/);
    await (await ui.get('dismiss-error')).click();
    await ui.gone('error-banner');
    assert.equal(await (await ui.get('add-documents-button')).isEnabled(), true);
    assert.deepEqual(requested(), []);

    await app.browser.keys('Escape');
    const section = await ui.shown('verification-section');
    await (await ui.get('check-again')).click();
    await app.browser.waitUntil(
      async () => (await (await section.$(tid('verdict'))).getAttribute('data-verdict')) === 'revoked',
      { timeout: 30_000, timeoutMsg: 'with the added DID document the offline check did not find the revocation again' },
    );
    assert.deepEqual(requested(), []);
  });
});
