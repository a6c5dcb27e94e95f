// /cohorts/lti/: an instructor's LTI 1.3 registration page. It shows the URLs and public keys an
// LMS administrator types into the LMS, lists the LMSs registered here, registers another (its
// issuer, client id, deployment ids and endpoints) and rotates the tool's signing key.
import { capitalise, cohortsHref, describeError, field, find, h, onSubmit, say, showState } from './dom.ts';
import { api, ApiError, findServer } from './http.ts';

interface ToolUrls {
  loginUrl: string;
  redirectUris: string[];
  jwksUrl: string;
  deepLinkingUrl: string;
  targetLinkUri: string;
  domain: string;
}

interface Registered {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authEndpoint: string;
  tokenEndpoint: string;
  jwksUri: string;
}

interface Overview {
  tool: ToolUrls;
  jwks: { keys: unknown[] };
  platforms: Registered[];
}

/** Starts the registration page inside `root` (the element with data-cohorts-lti). */
export function startLtiRegistration(root: HTMLElement): void {
  void run(root);
}

async function run(root: HTMLElement): Promise<void> {
  const server = await findServer((message) => say(find(root, '[data-server-status]'), message, 'busy'));
  if (server.kind === 'absent') return showState(root, 'no-server');
  if (server.kind === 'unreachable') {
    find(root, '[data-error]').textContent = capitalise(server.message);
    return showState(root, 'error');
  }
  let overview: Overview;
  try {
    overview = await api.get<Overview>('/lti/platforms');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return showState(root, 'signed-out');
    if (error instanceof ApiError && error.status === 403) return showState(root, 'not-instructor');
    find(root, '[data-error]').textContent = capitalise(describeError(error).message);
    return showState(root, 'error');
  }
  render(root, overview);
  const registration = find<HTMLFormElement>(root, 'form[data-form="lti-platform"]');
  onSubmit(registration, 'Registering…', async (data) => {
    const created = await api.post<Registered>('/lti/platforms', {
      name: field(data, 'name').trim(),
      issuer: field(data, 'issuer').trim(),
      clientId: field(data, 'clientId').trim(),
      deploymentIds: field(data, 'deploymentIds')
        .split(/[\n,]/)
        .map((id) => id.trim())
        .filter(Boolean),
      authEndpoint: field(data, 'authEndpoint').trim(),
      tokenEndpoint: field(data, 'tokenEndpoint').trim(),
      jwksUri: field(data, 'jwksUri').trim(),
    });
    render(root, await api.get<Overview>('/lti/platforms'));
    registration.reset();
    return `${created.name} is registered.`;
  });
  onSubmit(find<HTMLFormElement>(root, 'form[data-form="lti-rotate"]'), 'Making a new key…', async () => {
    const rotated = await api.post<{ kid: string }>('/lti/keys/rotate');
    render(root, await api.get<Overview>('/lti/platforms'));
    return `New signing key ${rotated.kid}; the previous one stays published for a week.`;
  });
  showState(root, 'ready');
}

function render(root: HTMLElement, overview: Overview): void {
  const { tool } = overview;
  const rows: [string, string][] = [
    ['OpenID Connect login initiation URL', tool.loginUrl],
    ['Redirect URI (launch URL)', tool.redirectUris.join(' ')],
    ['Target link URI (tool URL)', tool.targetLinkUri],
    ['Deep linking URL', tool.deepLinkingUrl],
    ['Public JWK set URL', tool.jwksUrl],
    ['Domain', tool.domain],
  ];
  find(root, '[data-tool-urls]').replaceChildren(
    ...rows.flatMap(([name, value]) => [h('dt', { text: name }), h('dd', {}, h('code', { text: value }))]),
  );
  find(root, '[data-jwks]').textContent = JSON.stringify(overview.jwks, null, 2);
  const list = find(root, '[data-platforms]');
  list.replaceChildren(
    ...(overview.platforms.length === 0
      ? [h('p', { text: 'No LMS is registered yet.' })]
      : overview.platforms.map((p) =>
          h(
            'article',
            { class: 'panel', data: { platform: p.id } },
            h('h3', { text: p.name }),
            h(
              'dl',
              {},
              ...(
                [
                  ['Issuer', p.issuer],
                  ['Client id', p.clientId],
                  ['Deployment ids', p.deploymentIds.join(', ')],
                  ['Auth endpoint', p.authEndpoint],
                  ['Token endpoint', p.tokenEndpoint],
                  ['JWKS', p.jwksUri],
                ] as const
              ).flatMap(([name, value]) => [h('dt', { text: name }), h('dd', {}, h('code', { text: value }))]),
            ),
          ),
        )),
  );
  find<HTMLAnchorElement>(root, '[data-cohorts-link]').href = cohortsHref();
}
