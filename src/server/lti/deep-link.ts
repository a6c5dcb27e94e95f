import { SignJWT } from 'jose';
import { newSecret } from '../ids.ts';
import { CLAIM, LTI } from './claims.ts';
import type { SigningKey } from './keys.ts';
import type { Platform } from './verify.ts';

export interface DeepLinkItem {
  id: string;
  title: string;
}

/**
 * The LtiDeepLinkingResponse JWT: one LTI resource link per exercise, each with a line item out of
 * 100 (so the LMS makes a gradebook column) and the exercise id as a custom parameter, which the
 * launch reads back.
 */
export async function deepLinkResponse(options: {
  key: SigningKey;
  platform: Platform;
  deploymentId: string;
  data: string | null;
  origin: string;
  items: DeepLinkItem[];
  now: number;
}): Promise<string> {
  const { platform } = options;
  const seconds = Math.floor(options.now / 1000);
  const payload: Record<string, unknown> = {
    nonce: newSecret(),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: '1.3.0',
    [CLAIM.deploymentId]: options.deploymentId,
    [CLAIM.contentItems]: options.items.map((item) => ({
      type: 'ltiResourceLink',
      title: item.title,
      url: `${options.origin}/exercises/${item.id}/`,
      custom: { exercise: item.id },
      lineItem: { scoreMaximum: 100, label: item.title, resourceId: item.id, tag: 'strata' },
    })),
  };
  if (options.data) payload[CLAIM.deepLinkingData] = options.data;
  if (options.items.length === 0) payload[`${LTI}msg`] = 'No exercises were chosen.';
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: options.key.kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + 600)
    .sign(options.key.key);
}
