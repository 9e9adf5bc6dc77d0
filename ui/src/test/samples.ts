// Values shaped like the core's answers, for unit tests of components.
import type { BadgeDetail, BadgeSummary, PresetSize, ShareInfo, VerificationReport } from '../api';

export function summary(overrides: Partial<BadgeSummary> = {}): BadgeSummary {
  return {
    id: 'a1b2c3d4',
    name: 'Rust Fundamentals',
    issuerName: 'Example Society of Engineers',
    issuerId: 'did:key:z6MkwH8hP7HJpVWp6HbevqVbu7JjoWiUKQCm1Pwy6GwXcfb8',
    issuedOn: '2025-03-14T12:00:00Z',
    validUntil: '2028-03-14T12:00:00Z',
    expiry: 'valid',
    imageHash: null,
    tags: [],
    visibility: 'private',
    format: 'ob3-json',
    lastCheck: null,
    ...overrides,
  };
}

export function detail(overrides: Partial<BadgeDetail> = {}): BadgeDetail {
  const s = summary();
  return {
    summary: s,
    credential: {
      format: 'ob3-json',
      id: 'urn:uuid:3f9c8a52-6d1e-4b7a-9e0f-5a2b7c4d1e01',
      types: ['VerifiableCredential', 'OpenBadgeCredential'],
      achievement: {
        id: 'https://example.org/achievements/rust-101',
        name: s.name,
        description: 'First line.\nSecond line <b>not bold</b>.',
        criteriaNarrative: 'Do **this**.',
        criteriaUrl: null,
        image: null,
        achievementType: 'Certificate',
        alignments: [],
        tags: [],
      },
      issuer: {
        id: s.issuerId,
        name: s.issuerName,
        url: 'https://engineers.example.org',
        email: null,
        description: null,
        linkedinOrganizationId: null,
      },
      recipient: {
        identityType: 'emailAddress',
        identity: 'sha256$30f5',
        hashed: true,
        salt: 'salt',
        subjectId: 'did:key:z6Mkp61',
      },
      issuedOn: s.issuedOn,
      validFrom: s.issuedOn,
      validUntil: s.validUntil,
      evidence: [],
      results: [],
      endorsements: [],
      proofs: [
        {
          proofType: 'DataIntegrityProof',
          cryptosuite: 'eddsa-rdfc-2022',
          verificationMethod: 'did:key:z6Mkw#z6Mkw',
          created: null,
        },
      ],
    },
    criteriaHtml: '<p>Do <strong>this</strong>.</p>\n<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
    user: { tags: [], collections: [], visibility: 'private', note: '' },
    importedAt: '2025-04-01T09:00:00Z',
    fileName: 'rust.json',
    original: { text: '{"a":1}', pretty: '{\n  "a": 1\n}', sha256: 'ab'.repeat(32), bakedIn: null },
    relatedDocuments: [],
    lastReport: null,
    ...overrides,
  };
}

export const PAGE = 'https://badges.example.org/assertions/123';
export const ADD_URL =
  'https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Rust+Fundamentals&organizationName=Example+Society+of+Engineers&issueYear=2025&issueMonth=3&certUrl=https%3A%2F%2Fbadges.example.org%2Fassertions%2F123';
export const POST_URL =
  'https://www.linkedin.com/sharing/share-offsite/?url=https%3A%2F%2Fbadges.example.org%2Fassertions%2F123';

/** A `share_info` answer for a badge with a public page and no known LinkedIn organization id. */
export function shareInfo(overrides: Partial<ShareInfo> = {}): ShareInfo {
  return {
    publicPage: PAGE,
    linkedin: {
      addToProfileUrl: ADD_URL,
      postUrl: POST_URL,
      fields: [
        { label: 'Name', value: 'Rust Fundamentals' },
        { label: 'Issuing organization', value: 'Example Society of Engineers' },
        { label: 'Issue date', value: '2025-03' },
        { label: 'Credential URL', value: PAGE },
      ],
      organizationSource: 'name',
    },
    emailSignature: {
      html: `<a href="${PAGE}">Rust Fundamentals — Example Society of Engineers</a>`,
      text: `Rust Fundamentals — Example Society of Engineers\n${PAGE}`,
      notes: ['The badge image has no web address; save the picture and use it as a file instead.'],
    },
    issuerKey: 'did:key:z6MkwH8hP7HJpVWp6HbevqVbu7JjoWiUKQCm1Pwy6GwXcfb8',
    ...overrides,
  };
}

/** What `picture_presets` answers. */
export const PRESETS: PresetSize[] = [
  { preset: 'email-signature', side: 120 },
  { preset: 'slide', side: 600 },
  { preset: 'print', side: 2000 },
  { preset: 'original', side: null },
];

/** A verification report shaped like the core's. */
export function verificationReport(overrides: Partial<VerificationReport> = {}): VerificationReport {
  return {
    format: 'ob3-jwt',
    credentialId: 'urn:uuid:3f9c8a52-6d1e-4b7a-9e0f-5a2b7c4d1e01',
    issuerName: 'Example Society of Engineers',
    issuerIdentity: { kind: 'self-asserted', id: 'did:key:z6MkwH8h', method: 'did:key' },
    keySource: { kind: 'did-key' },
    verificationMethod: 'did:key:z6MkwH8h#z6MkwH8h',
    matchedRecipient: null,
    checks: [
      { id: 'format', outcome: 'passed', detail: 'Read as an Open Badges 3.0 credential as a VC-JWT.', reason: null },
      { id: 'proof', outcome: 'passed', detail: 'The EdDSA signature verifies.', reason: null },
      { id: 'status', outcome: 'not-checked', detail: 'No status entry.', reason: 'not-applicable' },
    ],
    checkedAt: '2026-01-02T03:04:05Z',
    verdict: 'valid',
    ...overrides,
  };
}
