import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { verificationReport } from '../test/samples';
import VerificationView from './VerificationView.svelte';

describe('VerificationView', () => {
  it('shows the verdict, the issuer identity next to its name, the key source and every check', () => {
    render(VerificationView, { props: { report: verificationReport() } });
    expect(screen.getByTestId('verdict').textContent).toBe('Valid');
    expect(screen.getByTestId('verification-report').dataset.verdict).toBe('valid');
    const identity = screen.getByTestId('issuer-identity');
    expect(identity.textContent).toContain('Example Society of Engineers');
    expect(identity.textContent).toContain('Self-asserted (did:key)');
    expect(identity.textContent).toContain('did:key:z6MkwH8h');
    expect(screen.getByTestId('key-source').textContent).toContain('did:key');
    const checks = screen.getAllByTestId('check-item');
    expect(checks.map((c) => [c.dataset.check, c.dataset.outcome])).toEqual([
      ['format', 'passed'],
      ['proof', 'passed'],
      ['status', 'not-checked'],
    ]);
    expect(checks[1]!.textContent).toContain('Signature');
    expect(checks[1]!.textContent).toContain('The EdDSA signature verifies.');
    expect(screen.getByTestId('checked-at').textContent).toMatch(/^Checked .*2026/);
  });

  it('renders check details and names as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    render(VerificationView, {
      props: {
        report: verificationReport({
          verdict: 'invalid',
          issuerName: `<script>alert(2)</script>`,
          checks: [{ id: 'proof', outcome: 'failed', detail: evil, reason: null }],
        }),
      },
    });
    const root = screen.getByTestId('verification-report');
    expect(root.querySelector('img')).toBeNull();
    expect(root.querySelector('script')).toBeNull();
    expect(screen.getByTestId('check-detail').textContent).toBe(evil);
    expect(screen.getByTestId('issuer-identity').textContent).toContain('<script>alert(2)</script>');
    expect(screen.getByTestId('check-item').dataset.outcome).toBe('failed');
    expect(screen.getByTestId('verdict').textContent).toBe('Invalid');
  });

  it('keeps the evidence folded until asked', async () => {
    render(VerificationView, { props: { report: verificationReport({ keySource: { kind: 'not-available' } }) } });
    const evidence = screen.getByTestId('evidence') as HTMLDetailsElement;
    expect(evidence.open).toBe(false);
    await fireEvent.click(evidence.querySelector('summary')!);
    expect(screen.getByTestId('evidence-method').textContent).toBe('did:key:z6MkwH8h#z6MkwH8h');
    expect(screen.getByTestId('key-source').textContent).toMatch(/No key could be obtained/);
  });
});
