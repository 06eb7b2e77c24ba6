/**
 * Allocation by department narrowed by the readable markers the teams plugin keeps on deals
 * (`teamNames`, `departmentNames`): `?team=Аудит&department=Налоги` counts only the deals those
 * teams and departments work on. Revenue does not depend on teams: without it the markers do not
 * exist, and asking for them is a clear 400.
 */
import { z } from 'zod';
import { escapeHtml } from '../core/pages/index';
import { type RouteContext, RouteError } from '../core/plugin/index';
import { readerQuery } from './revenue-data';
import { dealsMarkedWith, loadAllocationView, type MarkerFilter } from './revenue-views';

export const markerQuery = z.object({
  team: z.string().trim().max(200).optional().describe('Команда'),
  department: z.string().trim().max(200).optional().describe('Отдел'),
});

export async function allocationsMarked(
  ctx: Pick<RouteContext, 'reader' | 'settings'>,
  markers: MarkerFilter,
) {
  const query = readerQuery(ctx.reader);
  if ((markers.team || markers.department) && !ctx.settings.has('teams'))
    throw new RouteError(
      400,
      'revenue_markers_unavailable',
      {
        ru: 'Отметки команд и отделов ведёт плагин teams, а он здесь не включён',
        en: 'team and department markers need the teams plugin',
      },
      { field: markers.team ? 'team' : 'department' },
    );
  const opportunityIds = await dealsMarkedWith(query, markers);
  return loadAllocationView(query, { opportunityIds });
}

/** The page's filter (a plain GET form: no script). */
export function markerForm(markers: MarkerFilter): string {
  return `<form method="get" action="/revenue/allocations" class="marker-filter">
  <label>Команда <input name="team" value="${escapeHtml(markers.team ?? '')}" maxlength="200"></label>
  <label>Отдел <input name="department" value="${escapeHtml(markers.department ?? '')}" maxlength="200"></label>
  <button type="submit">Показать</button>
</form>`;
}
