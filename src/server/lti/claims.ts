// The LTI 1.3 claim names and the roles Strata reads from them.
import type { CohortRole } from '../../cohorts/index.ts';

export const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  deepLinking: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  deepLinkingData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  contentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
} as const;

export const MESSAGE_TYPES = ['LtiResourceLinkRequest', 'LtiDeepLinkingRequest'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadOnly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const;

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';

/**
 * The cohort role an LMS user gets from the roles claim: teaching assistants (a sub-role of
 * Instructor) are TAs; instructors, content developers and administrators are instructors;
 * everyone else is a learner. Short role names (Canvas sends some) count as context roles.
 */
export function cohortRoleOf(roles: readonly string[]): CohortRole {
  const full = roles.map((role) => (role.includes('/') || role.includes('#') ? role : `${MEMBERSHIP}${role}`));
  if (full.some((role) => role === `${MEMBERSHIP}Instructor#TeachingAssistant` || role.endsWith('#TeachingAssistant')))
    return 'ta';
  const teaching = [`${MEMBERSHIP}Instructor`, `${MEMBERSHIP}ContentDeveloper`, `${MEMBERSHIP}Administrator`];
  const admins = [`${INSTITUTION}Administrator`, `${SYSTEM}Administrator`, `${SYSTEM}SysAdmin`];
  if (full.some((role) => teaching.includes(role) || admins.includes(role))) return 'instructor';
  return 'learner';
}

export interface LaunchClaims {
  iss: string;
  sub: string;
  aud: string | string[];
  messageType: MessageType;
  deploymentId: string;
  targetLinkUri: string | null;
  roles: string[];
  name: string | null;
  email: string | null;
  context: { id: string; title: string | null; label: string | null } | null;
  resourceLink: { id: string; title: string | null } | null;
  custom: Record<string, string>;
  nrps: { membershipsUrl: string } | null;
  ags: { scopes: string[]; lineItems: string | null; lineItem: string | null } | null;
  deepLinking: { returnUrl: string; data: string | null; acceptTypes: string[] } | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const obj = (value: unknown): Record<string, unknown> | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;

/** Reads the claims Strata uses from a verified payload (the checks are done by the caller). */
export function readClaims(payload: Record<string, unknown>): LaunchClaims {
  const context = obj(payload[CLAIM.context]);
  const link = obj(payload[CLAIM.resourceLink]);
  const nrps = obj(payload[CLAIM.nrps]);
  const ags = obj(payload[CLAIM.ags]);
  const dl = obj(payload[CLAIM.deepLinking]);
  const custom = obj(payload[CLAIM.custom]) ?? {};
  const given = [str(payload.given_name), str(payload.family_name)].filter(Boolean).join(' ');
  return {
    iss: String(payload.iss),
    sub: String(payload.sub),
    aud: payload.aud as string | string[],
    messageType: payload[CLAIM.messageType] as MessageType,
    deploymentId: String(payload[CLAIM.deploymentId]),
    targetLinkUri: str(payload[CLAIM.targetLinkUri]),
    roles: Array.isArray(payload[CLAIM.roles])
      ? (payload[CLAIM.roles] as unknown[]).filter((r) => typeof r === 'string')
      : [],
    name: str(payload.name) ?? (given || null),
    email: str(payload.email),
    context:
      context && str(context.id)
        ? { id: str(context.id)!, title: str(context.title), label: str(context.label) }
        : null,
    resourceLink: link && str(link.id) ? { id: str(link.id)!, title: str(link.title) } : null,
    custom: Object.fromEntries(
      Object.entries(custom).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    ),
    nrps: nrps && str(nrps.context_memberships_url) ? { membershipsUrl: str(nrps.context_memberships_url)! } : null,
    ags: ags
      ? {
          scopes: Array.isArray(ags.scope)
            ? (ags.scope as unknown[]).filter((s): s is string => typeof s === 'string')
            : [],
          lineItems: str(ags.lineitems),
          lineItem: str(ags.lineitem),
        }
      : null,
    deepLinking:
      dl && str(dl.deep_link_return_url)
        ? {
            returnUrl: str(dl.deep_link_return_url)!,
            data: str(dl.data),
            acceptTypes: Array.isArray(dl.accept_types) ? (dl.accept_types as unknown[]).map(String) : [],
          }
        : null,
  };
}
