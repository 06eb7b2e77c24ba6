// The approvals section of /import (admins only): held price changes, approve or reject each.
(() => {
  const { $, el, api, say } = window.realtyPage;

  function money(value) {
    const n = Number(value);
    return value === null || value === undefined || Number.isNaN(n) ? '—' : `${n.toLocaleString('ru-RU')} ₽`;
  }

  function percentCell(pct) {
    if (pct === null || pct === undefined) return el('td', {}, '—');
    return el('td', { class: pct >= 0 ? 'pct-up' : 'pct-down' }, `${pct > 0 ? '+' : ''}${pct} %`);
  }

  async function decide(decision, id) {
    try {
      const outcome = await api('POST', '/api/import/approvals', JSON.stringify({ decision, ids: [id] }), {
        'content-type': 'application/json',
      });
      const conflicts = outcome.conflicts.map((c) => c.reason).join('; ');
      say(
        'approvals-message',
        conflicts ? `Не применено: ${conflicts}` : `${decision === 'approve' ? 'Одобрено' : 'Отклонено'}.`,
        Boolean(conflicts),
      );
    } catch (error) {
      say('approvals-message', `Failed: ${error.message}`, true);
    }
    await loadApprovals();
  }

  async function loadApprovals() {
    const { pending } = await api('GET', '/api/import/approvals');
    const table = $('approvals');
    table.hidden = pending.length === 0;
    $('approvals-empty').hidden = pending.length > 0;
    table.querySelector('tbody').replaceChildren(
      ...pending.map((p) =>
        el(
          'tr',
          { dataset: { change: p.id, unit: p.unitId || '' } },
          el('td', {}, p.unit),
          el('td', {}, money(p.oldValue)),
          el('td', {}, money(p.newValue)),
          percentCell(p.percent),
          el('td', {}, p.changedBy ?? '—'),
          el('td', {}, p.changedAt ? new Date(p.changedAt).toLocaleString() : '—'),
          el(
            'td',
            {},
            Object.assign(el('button', { type: 'button', class: 'approve' }, 'Одобрить'), {
              onclick: () => decide('approve', p.id),
            }),
            ' ',
            Object.assign(el('button', { type: 'button', class: 'reject' }, 'Отклонить'), {
              onclick: () => decide('reject', p.id),
            }),
          ),
        ),
      ),
    );
  }

  window.realtyApprovals = { load: loadApprovals };
  if (document.getElementById('import-page')?.dataset.admin === 'true')
    loadApprovals().catch((e) =>
      say('approvals-message', `Не удалось загрузить изменения цен: ${e.message}`, true),
    );
})();
