// /cohorts/lti/: an instructor's LTI 1.3 registration page. It shows the URLs and public keys an
// LMS administrator types into the LMS, lists the LMSs registered here, registers another (its
// issuer, client id, deployment ids and endpoints) and rotates the tool's signing key. For each LMS
// course linked to a cohort the instructor teaches, it syncs the roster (NRPS) and sends changed
// scores again (AGS), and shows who is in the course and where its scores stand.
import { capitalise, cohortHref, cohortsHref, describeError, field, find, h, onSubmit, say, showState } from './dom.ts';
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

interface Course {
  cohortId: string;
  cohort: string;
  platform: string;
  title: string | null;
  contextId: string;
  roster: boolean;
  rosterSyncedAt: string | null;
  members: Partial<Record<'active' | 'inactive' | 'left', number>>;
  cells: Partial<Record<'pending' | 'sent' | 'failed', number>>;
}

interface RosterMember {
  sub: string;
  name: string | null;
  email: string | null;
  status: 'active' | 'inactive' | 'left';
  leftAt: string | null;
  userId: string | null;
}

interface Overview {
  tool: ToolUrls;
  jwks: { keys: unknown[] };
  platforms: Registered[];
  /** False for an instructor an LMS launch signed in: they see the registrations, not the forms. */
  canManage: boolean;
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
  await renderCourses(root).catch((error: unknown) => {
    find(root, '[data-courses]').replaceChildren(
      h('p', { text: `The linked courses could not be loaded: ${describeError(error).message}` }),
    );
  });
  showState(root, 'ready');
}

/** The LMS courses linked to the instructor's cohorts, each with its roster and score sync. */
async function renderCourses(root: HTMLElement): Promise<void> {
  const { courses } = await api.get<{ courses: Course[] }>('/lti/courses');
  const list = find(root, '[data-courses]');
  if (courses.length === 0) {
    list.replaceChildren(h('p', { text: 'No LMS course has launched Strata in a cohort you teach yet.' }));
    return;
  }
  list.replaceChildren(...courses.map((course) => courseArticle(course)));
}

function courseArticle(course: Course): HTMLElement {
  const name = course.title ?? course.contextId;
  const headingId = `lti-course-${course.cohortId}`;
  const summary = h('dl', { data: { summary: '' } });
  const roster = h('div', { data: { roster: '' } });
  const refresh = async () => {
    const { courses } = await api.get<{ courses: Course[] }>('/lti/courses');
    const now = courses.find((c) => c.cohortId === course.cohortId) ?? course;
    fillSummary(summary, now);
    const { members } = await api.get<{ members: RosterMember[] }>(
      `/lti/cohorts/${encodeURIComponent(course.cohortId)}/roster`,
    );
    fillRoster(roster, members, name);
  };
  fillSummary(summary, course);
  void refresh().catch(() => undefined);

  const syncRoster = h(
    'form',
    { data: { form: 'lti-roster' } },
    h('button', {
      text: 'Sync the roster from the LMS',
      attrs: { type: 'submit', 'aria-describedby': headingId, ...(course.roster ? {} : { disabled: '' }) },
    }),
    h('div', { class: 'form-status', attrs: { role: 'status' }, data: { status: '' } }),
  );
  onSubmit(syncRoster, 'Reading the roster from the LMS…', async () => {
    const result = await api.post<{ members: number; pages: number; left: number }>(
      `/lti/cohorts/${encodeURIComponent(course.cohortId)}/roster/sync`,
    );
    await refresh();
    const left = result.left === 0 ? 'nobody left' : result.left === 1 ? '1 left' : `${result.left} left`;
    return `Read ${result.members} ${result.members === 1 ? 'member' : 'members'} over ${result.pages} ${result.pages === 1 ? 'page' : 'pages'}; ${left} since the last sync.`;
  });
  const sendScores = h(
    'form',
    { data: { form: 'lti-scores' } },
    h('button', { text: 'Send changed scores to the LMS', attrs: { type: 'submit', 'aria-describedby': headingId } }),
    h('div', { class: 'form-status', attrs: { role: 'status' }, data: { status: '' } }),
  );
  onSubmit(sendScores, 'Looking for changed scores…', async () => {
    const { queued } = await api.post<{ queued: number }>(
      `/lti/cohorts/${encodeURIComponent(course.cohortId)}/scores/sync`,
    );
    await refresh();
    return queued === 0
      ? 'Every score is as the LMS last received it.'
      : `${queued} ${queued === 1 ? 'score is' : 'scores are'} on the way to the LMS.`;
  });
  return h(
    'article',
    { class: 'panel', data: { course: course.cohortId } },
    h('h3', { text: name, attrs: { id: headingId } }),
    summary,
    syncRoster,
    sendScores,
    roster,
  );
}

function count(counts: Record<string, number | undefined>, key: string, label: string): string | null {
  const n = counts[key] ?? 0;
  return n > 0 ? `${n} ${label}` : null;
}

function fillSummary(summary: HTMLElement, course: Course): void {
  const members = [
    count(course.members, 'active', 'active'),
    count(course.members, 'inactive', 'inactive'),
    count(course.members, 'left', 'left'),
  ].filter(Boolean);
  const cells = [
    count(course.cells, 'sent', 'sent'),
    count(course.cells, 'pending', 'sending'),
    count(course.cells, 'failed', 'failed'),
  ].filter(Boolean);
  const rows: [string, Node | string][] = [
    ['LMS', course.platform],
    ['Cohort', h('a', { text: course.cohort, attrs: { href: cohortHref(course.cohortId) } })],
    [
      'Roster',
      !course.roster
        ? 'the LMS offers no roster service for this course'
        : course.rosterSyncedAt
          ? `${members.join(', ') || 'nobody'} (synced ${new Date(course.rosterSyncedAt).toLocaleString()})`
          : 'not synced yet',
    ],
    ['Scores in the LMS', cells.join(', ') || 'none sent yet'],
  ];
  summary.replaceChildren(...rows.flatMap(([term, value]) => [h('dt', { text: term }), h('dd', {}, value)]));
}

function fillRoster(container: HTMLElement, members: RosterMember[], course: string): void {
  if (members.length === 0) {
    container.replaceChildren();
    return;
  }
  const status = (m: RosterMember) =>
    m.status === 'left' && m.leftAt ? `left (${new Date(m.leftAt).toLocaleDateString()})` : m.status;
  container.replaceChildren(
    h(
      'table',
      {},
      h('caption', { text: `Members of ${course} in the LMS` }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Name', 'Email', 'In the LMS', 'Launched Strata'].map((text) =>
            h('th', { text, attrs: { scope: 'col' } }),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...members.map((m) =>
          h(
            'tr',
            { data: { member: m.sub, status: m.status } },
            h('th', { text: m.name ?? m.sub, attrs: { scope: 'row' } }),
            h('td', { text: m.email ?? '' }),
            h('td', { text: status(m) }),
            h('td', { text: m.userId ? 'yes' : 'not yet' }),
          ),
        ),
      ),
    ),
  );
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
  for (const form of root.querySelectorAll<HTMLElement>('form[data-form="lti-platform"], form[data-form="lti-rotate"]'))
    form.hidden = !overview.canManage;
  const note = root.querySelector<HTMLElement>('[data-manage-note]');
  if (note) note.hidden = overview.canManage;
}
