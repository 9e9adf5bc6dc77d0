// Proves the loopback test issuer of the desktop end-to-end tests (ui/e2e/issuer-server.mjs)
// against the real `rosette` CLI: a badge fetched from it verifies through did:web and its
// status list, revocation is seen, and the network guards (untrusted certificate, loopback
// refused, a web page instead of a badge) answer as the app's screens expect.
//
//   node scripts/e2e-issuer-check.mjs
//
// Environment: ROSETTE_CLI, the CLI binary (default target/debug/rosette, relative to the
// repository root). Each run of the CLI gets a fresh, empty portfolio (ROSETTE_HOME).
// Exits non-zero when a check fails.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIssuer } from '../ui/e2e/issuer-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.resolve(root, process.env.ROSETTE_CLI || 'target/debug/rosette');

/**
 * @typedef {{code: number, stdout: string, stderr: string}} Run
 */

/**
 * Runs the CLI with a fresh portfolio. Asynchronous on purpose: the issuer answers from this
 * same process, so the event loop must keep running while the CLI works.
 * @param {string[]} args
 * @returns {Promise<Run>}
 */
function rosette(args) {
  const home = mkdtempSync(path.join(tmpdir(), 'rosette-issuer-check-'));
  /** @type {NodeJS.ProcessEnv} */
  const env = { ...process.env, ROSETTE_HOME: home };
  delete env.ROSETTE_OFFLINE;
  return new Promise((resolve, reject) => {
    execFile(cli, args, { env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      rmSync(home, { recursive: true, force: true });
      const code = error ? /** @type {{code?: unknown}} */ (error).code : 0;
      if (typeof code !== 'number') {
        reject(new Error(`${cli} ${args.join(' ')} did not run: ${error?.message}\n${stderr}`));
        return;
      }
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * The one JSON report of `verify --json`.
 * @param {Run} run
 */
function jsonReport(run) {
  const lines = run.stdout.trim().split('\n').filter(Boolean);
  assert.equal(lines.length, 1, `one JSON line expected, got:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(lines[0]).report;
}

/**
 * @param {{checks: {id: string, outcome: string, detail: string, reason: string | null}[]}} report
 * @param {string} id
 */
function check(report, id) {
  const found = report.checks.find((c) => c.id === id);
  assert.ok(found, `the report has no ${id} check: ${JSON.stringify(report.checks)}`);
  return found;
}

/** @param {Run} run */
function shown(run) {
  return `exit ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`;
}

async function main() {
  if (!existsSync(cli)) {
    throw new Error(`no rosette CLI at ${cli}: run \`cargo build\` or set ROSETTE_CLI`);
  }
  const issuer = await startIssuer();
  const ca = ['--ca-cert', issuer.caCertPath];
  const privateNetwork = ['--allow-private-network'];
  const statusPath = new URL(issuer.statusListUrl).pathname;
  let failures = 0;

  /**
   * @param {string} name
   * @param {() => Promise<void>} body
   */
  const step = async (name, body) => {
    try {
      await body();
      console.log(`ok   ${name}`);
    } catch (error) {
      failures += 1;
      console.log(`FAIL ${name}`);
      console.log(String(/** @type {Error} */ (error).stack ?? error).replace(/^/gm, '     '));
    }
  };

  try {
    console.log(`issuer ${issuer.origin} (${issuer.did}), CLI ${cli}`);

    await step('a badge from the issuer is valid, its issuer proven by did:web', async () => {
      issuer.requests.length = 0;
      const recipient = ['--recipient', issuer.recipient];
      const run = await rosette(['verify', '--online', '--json', ...ca, ...privateNetwork, ...recipient, issuer.badgeUrl]);
      assert.equal(run.code, 0, shown(run));
      const report = jsonReport(run);
      assert.equal(report.verdict, 'valid', shown(run));
      assert.equal(report.format, 'ob3-jwt');
      assert.deepEqual(report.issuerIdentity, {
        kind: 'domain-bound',
        id: issuer.did,
        domain: new URL(issuer.origin).host,
      });
      assert.equal(report.keySource.kind, 'fetched', shown(run));
      assert.equal(report.verificationMethod, `${issuer.did}#key-1`);
      assert.equal(report.issuerName, issuer.issuerName);
      assert.equal(report.matchedRecipient, issuer.recipient);
      assert.equal(check(report, 'proof').outcome, 'passed');
      const identity = check(report, 'issuer-identity');
      assert.equal(identity.outcome, 'passed', shown(run));
      assert.match(identity.detail, /^Bound to localhost:\d+: the key was published there \(fetched at /);
      const status = check(report, 'status');
      assert.equal(status.outcome, 'passed', shown(run));
      assert.match(status.detail, /^Not revoked as of /);
      for (const fetched of ['/badges/badge.jwt', '/.well-known/did.json', statusPath]) {
        assert.ok(issuer.requests.includes(fetched), `${fetched} was not fetched: ${issuer.requests}`);
      }
    });

    await step('the text report says valid and names the did:web key', async () => {
      const run = await rosette(['verify', '--online', ...ca, ...privateNetwork, issuer.badgeUrl]);
      assert.equal(run.code, 0, shown(run));
      assert.ok(run.stdout.startsWith(`${issuer.badgeUrl}: valid\n`), shown(run));
      assert.ok(run.stdout.includes(`Signed with ${issuer.did}#key-1, a key of the issuer`), shown(run));
    });

    await step('after setRevoked(true) the badge is revoked', async () => {
      issuer.setRevoked(true);
      const run = await rosette(['verify', '--online', '--json', ...ca, ...privateNetwork, issuer.badgeUrl]);
      assert.equal(run.code, 1, shown(run));
      const report = jsonReport(run);
      assert.equal(report.verdict, 'revoked', shown(run));
      const status = check(report, 'status');
      assert.equal(status.outcome, 'failed');
      assert.equal(status.reason, 'revoked');
      assert.match(status.detail, /^Revoked by its issuer: the revocation list /);
      assert.equal(check(report, 'proof').outcome, 'passed', 'the badge itself is still genuine');
    });

    await step('after setRevoked(false) it is valid again', async () => {
      issuer.setRevoked(false);
      const run = await rosette(['verify', '--online', '--json', ...ca, ...privateNetwork, issuer.badgeUrl]);
      assert.equal(run.code, 0, shown(run));
      assert.equal(jsonReport(run).verdict, 'valid');
    });

    await step('without the test CA the certificate is not trusted', async () => {
      const run = await rosette(['verify', '--online', ...privateNetwork, issuer.badgeUrl]);
      assert.notEqual(run.code, 0, shown(run));
      assert.ok(run.code >= 64, `a usage or input error expected: ${shown(run)}`);
      assert.ok(run.stderr.includes("the server's certificate is not trusted"), shown(run));
      assert.equal(run.stdout, '', shown(run));
    });

    await step('without --allow-private-network loopback is refused before connecting', async () => {
      issuer.requests.length = 0;
      const run = await rosette(['verify', '--online', ...ca, issuer.badgeUrl]);
      assert.ok(run.code >= 64, shown(run));
      const refusal = /refused: 127\.0\.0\.1 is a loopback address \(allow private network to reach it\)/;
      assert.match(run.stderr, refusal, shown(run));
      assert.deepEqual(issuer.requests, [], 'no request may reach the issuer');
    });

    await step('a web page is not a badge', async () => {
      const run = await rosette(['verify', '--online', ...ca, ...privateNetwork, issuer.pageUrl]);
      assert.ok(run.code >= 64, shown(run));
      assert.ok(run.stderr.includes('the address gives a web page, not a badge'), shown(run));
    });

    await step('unknown paths are 404 and every request is recorded', async () => {
      issuer.requests.length = 0;
      const run = await rosette(['verify', '--online', ...ca, ...privateNetwork, `${issuer.origin}/no/such/badge`]);
      assert.ok(run.code >= 64, shown(run));
      assert.match(run.stderr, /404/, shown(run));
      assert.deepEqual(issuer.requests, ['/no/such/badge']);
    });
  } finally {
    await issuer.close();
  }
  assert.ok(!existsSync(issuer.caDir), 'close() removes the issuer folder');
  if (failures > 0) {
    console.log(`${failures} check(s) failed`);
    process.exitCode = 1;
  } else {
    console.log('all checks passed');
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
