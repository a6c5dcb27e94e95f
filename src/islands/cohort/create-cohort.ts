// The create-cohort form (instructors): a name, which score counts, when hidden-test detail shows,
// and the exercises picked from the course, each with its dates and limits (the fieldset of an
// exercise shows when it is picked). Sends POST /api/cohorts and opens the new cohort.
import { cohortPayload } from './cohort-form.ts';
import type { AssignmentFields } from './cohort-form.ts';
import { cohortHref, field, FormProblems, onSubmit } from './dom.ts';
import { api } from './http.ts';
import type { CohortView } from './types.ts';

function value(root: ParentNode, name: string): string {
  return root.querySelector<HTMLInputElement>(`[name="${name}"]`)?.value ?? '';
}

export function wireCreateCohort(form: HTMLFormElement): void {
  for (const zone of form.querySelectorAll<HTMLElement>('[data-time-zone]')) {
    zone.textContent = Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
  const picks = [...form.querySelectorAll<HTMLInputElement>('input[data-pick]')];
  const settingsOf = (pick: HTMLInputElement) =>
    form.querySelector<HTMLFieldSetElement>(`fieldset[data-assignment="${pick.value}"]`);
  const sync = (pick: HTMLInputElement) => {
    const settings = settingsOf(pick);
    if (!settings) return;
    settings.hidden = !pick.checked;
    // A hidden exercise's fields are not part of the form.
    settings.disabled = !pick.checked;
  };
  for (const pick of picks) {
    sync(pick);
    pick.addEventListener('change', () => sync(pick));
  }

  onSubmit(form, 'Creating the cohort…', async (data) => {
    const assignments: AssignmentFields[] = picks
      .filter((pick) => pick.checked)
      .map((pick) => {
        const settings = settingsOf(pick) ?? form;
        return {
          exercise: pick.value,
          title: pick.dataset.title ?? pick.value,
          opensAt: value(settings, 'opensAt'),
          dueAt: value(settings, 'dueAt'),
          lateDueAt: value(settings, 'lateDueAt'),
          lateCreditPct: value(settings, 'lateCreditPct'),
          rateLimitCount: value(settings, 'rateLimitCount'),
          rateLimitWindowMinutes: value(settings, 'rateLimitWindowMinutes'),
        };
      });
    const result = cohortPayload({
      name: field(data, 'name'),
      scorePolicy: field(data, 'scorePolicy'),
      hiddenDetail: field(data, 'hiddenDetail'),
      lateDays: field(data, 'lateDays'),
      assignments,
    });
    if ('problems' in result) throw new FormProblems('The cohort was not created: fix these first.', result.problems);
    const created = await api.post<CohortView>('/cohorts', result.payload);
    location.assign(cohortHref(created.id));
    return `Created ${created.name}; opening it…`;
  });
}
