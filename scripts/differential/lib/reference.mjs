// The reference verdict: @digitalbazaar/vc verifyCredential with the
// eddsa-rdfc-2022 Data Integrity suite, the offline loader and the same
// instant as Rosette. Issuer binding (the proof's controller is the issuer)
// and the validity dates are part of its verdict, as they are of Rosette's.

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

import {AT, errorText} from './cases.mjs';
import {documentLoader} from './loader.mjs';

const now = new Date(AT);

/**
 * @param {string} text - The file's text.
 * @returns {Promise<{verified: boolean, error: string|null}>}
 */
export async function referenceVerify(text) {
  let credential;
  try {
    credential = JSON.parse(text);
  } catch(e) {
    return {verified: false, error: `not JSON: ${e.message}`};
  }
  if(credential?.proof === undefined) {
    return {verified: false, error: 'the credential has no proof'};
  }
  try {
    const result = await vc.verifyCredential({
      credential, suite: new DataIntegrityProof({cryptosuite: eddsaRdfc2022}), documentLoader, now,
    });
    if(result.verified) {
      return {verified: true, error: null};
    }
    const failing = (result.results ?? []).find(r => !r.verified);
    return {verified: false, error: errorText(result.error ?? failing?.error) ?? 'not verified'};
  } catch(e) {
    return {verified: false, error: errorText(e)};
  }
}
