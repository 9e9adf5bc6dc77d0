// End-to-end harness: runs the real desktop app under tauri-driver (which drives it through
// WebKitWebDriver) with a fresh portfolio folder, and hands the test a WebdriverIO session.
//
// Environment:
//   ROSETTE_APP    the built app binary (required), e.g. target/debug/rosette-desktop
//   TAURI_DRIVER   the tauri-driver binary (default: `tauri-driver` on PATH)
//   DISPLAY        an X display; run the tests under `xvfb-run -a` on a headless machine
//
// The app answers its file dialogs from ROSETTE_E2E_PICK / ROSETTE_E2E_SAVE and, instead of
// opening a browser, appends the links it opens to ROSETTE_E2E_OPENED (see
// src-tauri/src/dialogs.rs); this harness sets them per launch.

import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const here = path.dirname(fileURLToPath(import.meta.url));

/** tests/fixtures at the repository root. */
export const fixturesDir = path.resolve(here, '../../tests/fixtures');

/** Where screenshots and driver logs go (gitignored). */
export const artifactsDir = path.join(here, '.artifacts');

/**
 * A fixture's absolute path, e.g. fixture('bad/not-a-badge.json').
 * @param {string} name
 */
export function fixture(name) {
  return path.join(fixturesDir, name);
}

/**
 * A CSS selector for a data-testid.
 * @param {string} id
 */
export function tid(id) {
  return `[data-testid="${id}"]`;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * @param {number} port
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 */
async function waitForPort(port, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`tauri-driver exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    const open = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port} within ${timeoutMs} ms`);
}

/**
 * Stops the driver's whole process group (tauri-driver and the WebKitWebDriver it started).
 * @param {import('node:child_process').ChildProcess} child
 */
async function stopGroup(child, timeoutMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }
}

/**
 * Starts the app with a new, empty portfolio.
 *
 * @param {object} options
 * @param {string} options.name   a short name for logs and screenshots
 * @param {string[]} [options.pick]  what the "Import badges" / "Restore backup…" dialogs answer
 * @param {string} [options.save]    what the save dialogs ("Export backup…", saving a picture or a
 *                                   QR code) answer (default: backup.zip in the launch's scratch
 *                                   folder, removed on close)
 * @param {boolean} [options.screenshots]  whether the test takes WebDriver screenshots (see below)
 * @param {Record<string, string>} [options.env]  extra environment for the app (ROSETTE_E2E_OPENED
 *                                   defaults to opened.txt in the scratch folder: see `openedPath`)
 */
export async function launchApp({ name, pick = [], save, screenshots = false, env: extraEnv = {} }) {
  const application = process.env.ROSETTE_APP;
  if (!application) {
    throw new Error('set ROSETTE_APP to the built app binary (e.g. target/debug/rosette-desktop)');
  }
  const driverBinary = process.env.TAURI_DRIVER || 'tauri-driver';
  mkdirSync(artifactsDir, { recursive: true });

  const scratch = mkdtempSync(path.join(tmpdir(), `rosette-e2e-${name}-`));
  const home = path.join(scratch, 'home');
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();

  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    ROSETTE_HOME: home,
    ROSETTE_E2E_PICK: pick.join(path.delimiter),
    // Saves memory (about 60 MiB per app). But with the DMABUF renderer disabled, WebKitGTK
    // 2.50's WebDriver screenshot never answers (seen on Debian 12 under Xvfb: 60 s timeout,
    // against 0.1–1.5 s with it enabled), so sessions that take screenshots keep it on.
    WEBKIT_DISABLE_DMABUF_RENDERER: screenshots ? '0' : '1',
    ...extraEnv,
  };
  const savePath = save ?? path.join(scratch, 'backup.zip');
  env.ROSETTE_E2E_SAVE = savePath;
  // Always set: no test may open a real browser.
  const openedPath = extraEnv.ROSETTE_E2E_OPENED ?? path.join(scratch, 'opened.txt');
  env.ROSETTE_E2E_OPENED = openedPath;
  if (pick.length === 0) delete env.ROSETTE_E2E_PICK;

  const log = createWriteStream(path.join(artifactsDir, `${name}.driver.log`));
  // Its own process group, so that one signal reaches tauri-driver and WebKitWebDriver.
  const driver = spawn(driverBinary, ['--port', String(port), '--native-port', String(nativePort)], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  driver.stdout.pipe(log, { end: false });
  driver.stderr.pipe(log, { end: false });
  const spawnError = new Promise((_, reject) => driver.once('error', reject));
  spawnError.catch(() => undefined);

  let browser;
  try {
    await Promise.race([waitForPort(port, driver, 20_000), spawnError]);
    browser = await remote({
      hostname: '127.0.0.1',
      port,
      logLevel: 'error',
      connectionRetryCount: 2,
      connectionRetryTimeout: 60_000,
      waitforTimeout: 10_000,
      capabilities: {
        // @ts-expect-error tauri-driver's own capability
        'tauri:options': { application: path.resolve(application) },
        'wdio:enforceWebDriverClassic': true,
      },
    });
    // The app's first render: the portfolio view exists once the UI is mounted.
    await browser.$(tid('portfolio-view')).waitForExist({ timeout: 20_000 });
  } catch (error) {
    await stopGroup(driver);
    log.end();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }

  return {
    browser,
    home,
    /** A folder for files the test writes (removed on close). */
    scratch,
    /** Where "Export backup…" and the other save dialogs write. */
    savePath,
    /** The file the app appends the links it "opens" to (it does not exist until one is opened). */
    openedPath,
    /**
     * Saves a WebDriver screenshot of the window as .artifacts/<shot>.png, for people to look
     * at; returns its path. Needs `screenshots: true` at launch.
     */
    /** @param {string} shot */
    async screenshot(shot) {
      if (!screenshots) throw new Error('launch the app with { screenshots: true } to take screenshots');
      const file = path.join(artifactsDir, `${shot}.png`);
      // Let the page paint what the test just did (two animation frames).
      await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
      await browser.saveScreenshot(file);
      return file;
    },
    async close() {
      try {
        await browser.deleteSession();
      } catch {
        // The session may already be gone; the process group is stopped below anyway.
      }
      await stopGroup(driver);
      log.end();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * Small helpers over a session, written in terms of what the user sees.
 *
 * Lists are read in one script call (`innerText`, i.e. the rendered text): reading element
 * by element races with re-rendering, and WebdriverIO then spends its whole wait timeout
 * re-finding an element that is gone.
 * @param {WebdriverIO.Browser} browser
 */
export function screen(browser) {
  /**
   * The rendered text of every element matching a CSS selector, in document order.
   * @param {string} selector
   * @returns {Promise<string[]>}
   */
  async function texts(selector) {
    return browser.execute(
      (sel) => Array.from(document.querySelectorAll(sel), (el) => /** @type {HTMLElement} */ (el).innerText.trim()),
      selector,
    );
  }

  /** The names on the cards in the grid, in order. */
  const cardNames = () => texts(`${tid('badge-card')} ${tid('badge-name')}`);

  return {
    /** @param {string} id */
    get: (id) => browser.$(tid(id)),
    /** @param {string} id */
    all: (id) => browser.$$(tid(id)),
    texts,
    cardNames,
    /**
     * Waits until a test id is displayed and returns it.
     * @param {string} id
     * @param {number} [timeout]
     */
    async shown(id, timeout) {
      const element = browser.$(tid(id));
      await element.waitForDisplayed(timeout ? { timeout } : undefined);
      return element;
    },
    /**
     * Waits until no element with the test id is displayed.
     * @param {string} id
     */
    async gone(id) {
      await browser.waitUntil(async () => !(await browser.$(tid(id)).isDisplayed()), {
        timeoutMsg: `${id} still displayed`,
      });
    },
    /**
     * Waits until the rendered texts of a selector are exactly these (order ignored).
     * @param {string} selector
     * @param {string[]} expected
     */
    async waitForTexts(selector, expected) {
      const want = JSON.stringify([...expected].sort());
      let last = '[]';
      try {
        await browser.waitUntil(async () => {
          last = JSON.stringify((await texts(selector)).sort());
          return last === want;
        });
      } catch {
        throw new Error(`expected ${selector} to show ${want}; it shows ${last}`);
      }
    },
    /**
     * Waits until the grid shows exactly these badge names (order ignored).
     * @param {string[]} expected
     */
    async waitForCards(expected) {
      const want = JSON.stringify([...expected].sort());
      let last = '[]';
      try {
        await browser.waitUntil(async () => {
          last = JSON.stringify((await cardNames()).sort());
          return last === want;
        });
      } catch {
        const search = await browser.$(tid('search-input'));
        const typed = (await search.isExisting()) ? await search.getValue() : '(no search field)';
        const banner = await browser.$(tid('error-banner'));
        const error = (await banner.isExisting()) ? await banner.getText() : 'none';
        throw new Error(
          `expected the cards ${want}; the grid shows ${last} (search field: ${JSON.stringify(typed)}, error: ${error})`,
        );
      }
    },
    /**
     * The card of a badge, by its name.
     * @param {string} name
     */
    async card(name) {
      const card = await browser.$(
        `//*[@data-testid="badge-card"][.//*[@data-testid="badge-name" and normalize-space()=${JSON.stringify(name)}]]`,
      );
      if (!(await card.isExisting())) throw new Error(`no card named ${name}`);
      return card;
    },
  };
}
