// The /import page: upload → preview → confirm → progress → result.
(() => {
  const { $, el, api, say } = window.realtyPage;
  // The unit fields as the template's columns name them (the server's one list), never the internal keys.
  const FIELD_LABELS = JSON.parse(document.getElementById('import-field-labels')?.textContent || '{}');
  const KIND_LABELS = {
    create: 'создать',
    update: 'изменить',
    unchanged: 'без изменений',
    rejected: 'отклонено',
    'pending-approval': 'ждёт одобрения цены',
  };
  const RESULT_LABELS = {
    created: 'создано',
    updated: 'изменено',
    unchanged: 'без изменений',
    rejected: 'отклонено',
    'pending-approval': 'ждёт одобрения цены',
    'unit-changes': 'записей в журнале изменений',
  };
  const STATUS_LABELS = {
    applied: 'импорт выполнен',
    'already-imported': 'этот файл уже импортирован: ничего не изменилось',
    'nothing-to-do': 'нечего менять',
    'unusable-file': 'файл нельзя импортировать',
  };
  const rowsWord = (n) => {
    const m10 = n % 10;
    const m100 = n % 100;
    if (m10 === 1 && m100 !== 11) return 'строка';
    if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return 'строки';
    return 'строк';
  };
  const COUNT_KEYS = [
    ['create', 'create'],
    ['update', 'update'],
    ['unchanged', 'unchanged'],
    ['rejected', 'rejected'],
    ['pendingApproval', 'pending-approval'],
  ];
  const PAGE = 200;
  const state = { plan: null, offset: 0, filter: 'changed', polling: null };

  function renderCounts(list, counts) {
    list.replaceChildren(
      ...COUNT_KEYS.map(([key, kind]) =>
        el(
          'li',
          { class: `k-${kind}`, dataset: { count: kind } },
          el('b', {}, String(counts[key] ?? 0)),
          KIND_LABELS[kind],
        ),
      ),
    );
  }

  function renderSummary(plan) {
    $('preview-section').hidden = false;
    $('plan-file').textContent = `${plan.fileName} · ${plan.counts.rows} ${rowsWord(plan.counts.rows)}`;
    renderCounts($('counts'), plan.counts);
    const fileProblems = $('file-problems');
    fileProblems.hidden = plan.fileProblems.length === 0;
    fileProblems
      .querySelector('ul')
      .replaceChildren(
        ...plan.fileProblems.map((p) =>
          el('li', { class: p.severity, dataset: { code: p.code } }, p.message),
        ),
      );
    const notes = [];
    if (!plan.usable)
      notes.push('Файл нельзя импортировать в таком виде: исправьте проблемы выше и загрузите его снова.');
    if (plan.alreadyImported) notes.push('Этот же файл уже импортировали: подтверждение ничего не изменит.');
    if (plan.resumes) notes.push('Прошлый импорт этого файла не закончился: подтверждение продолжит его.');
    $('plan-note').textContent = notes.join(' ');
    const writes = plan.counts.create + plan.counts.update + plan.counts.pendingApproval;
    $('confirm').disabled = !plan.usable || plan.state !== 'planned' || (writes === 0 && !plan.resumes);
    $('report-link').href = `/api/import/plans/${plan.planId}/report.xlsx`;
    const head = el(
      'tr',
      {},
      el('th', {}, 'Строка'),
      el('th', {}, 'Итог'),
      ...plan.columns.map((c) =>
        el('th', { title: c.header, dataset: { col: c.letter } }, `${c.letter} · ${c.header}`),
      ),
      el('th', {}, 'Изменения'),
    );
    $('preview').querySelector('thead').replaceChildren(head);
  }

  function changeText(change) {
    return el(
      'div',
      { dataset: { field: change.field } },
      `${FIELD_LABELS[change.field] ?? change.field}: `,
      el('span', { class: 'old' }, change.old ?? '—'),
      el('span', { class: 'arrow' }, '→'),
      el('span', { class: 'new' }, change.new ?? '—'),
      change.held ? ' (ждёт одобрения)' : '',
    );
  }

  function renderRows(page, append) {
    const plan = state.plan;
    const body = $('preview').querySelector('tbody');
    const problems = $('problems').querySelector('ol');
    if (!append) {
      body.replaceChildren();
      problems.replaceChildren();
    }
    const fieldByLetter = new Map(plan.columns.map((c) => [c.letter, c.key]));
    for (const row of page.rows) {
      const byColumn = new Map();
      for (const p of row.problems) {
        if (p.column) byColumn.set(p.column, [...(byColumn.get(p.column) || []), p.reason]);
        const where = p.column
          ? `строка ${row.row}, столбец ${p.column}${p.caption ? ` (${p.caption})` : ''}`
          : `строка ${row.row}`;
        problems.append(
          el('li', { dataset: { row: row.row, col: p.column || '' } }, `${where}: ${p.reason}`),
        );
      }
      const changedFields = new Set(row.changes.map((c) => c.field));
      const cells = plan.columns.map((c) => {
        const reasons = byColumn.get(c.letter);
        const value = row.cells[c.letter];
        const key = fieldByLetter.get(c.letter);
        const changed = changedFields.has(key) || changedFields.has(`${key}Id`);
        return el(
          'td',
          {
            dataset: { col: c.letter },
            class: reasons ? 'problem' : changed && row.kind === 'update' ? 'changed' : undefined,
            title: reasons ? reasons.join('\n') : undefined,
          },
          value === null || value === undefined ? '' : String(value),
        );
      });
      const rowLevel = row.problems.some((p) => !p.column);
      body.append(
        el(
          'tr',
          {
            class: `kind-${row.kind}${rowLevel ? ' row-problem' : ''}`,
            dataset: { row: row.row, kind: row.kind },
            title: rowLevel
              ? row.problems
                  .filter((p) => !p.column)
                  .map((p) => p.reason)
                  .join('\n')
              : undefined,
          },
          el('td', {}, String(row.row)),
          el('td', { class: 'kind' }, KIND_LABELS[row.kind] ?? row.kind),
          ...cells,
          el(
            'td',
            { class: 'changes' },
            ...(row.kind === 'create' ? ['новое помещение'] : row.changes.map(changeText)),
          ),
        ),
      );
    }
    $('problems').hidden = problems.children.length === 0;
    state.offset = page.offset + page.rows.length;
    $('more-rows').hidden = state.offset >= page.total;
    $('rows-shown').textContent = `показано ${state.offset} из ${page.total}`;
  }

  async function loadRows(append) {
    const plan = state.plan;
    const offset = append ? state.offset : 0;
    const page = await api(
      'GET',
      `/api/import/plans/${plan.planId}/rows?kind=${encodeURIComponent(state.filter)}&offset=${offset}&limit=${PAGE}`,
    );
    renderRows(page, append);
  }

  async function onUpload(event) {
    event.preventDefault();
    const file = $('file').files[0];
    if (!file) return;
    say('upload-message', `Читаем ${file.name} …`);
    $('upload').disabled = true;
    try {
      const plan = await api('POST', `/api/import/plans?fileName=${encodeURIComponent(file.name)}`, file, {
        'content-type': 'application/octet-stream',
      });
      state.plan = plan;
      $('result-section').hidden = true;
      $('progress-section').hidden = true;
      renderSummary(plan);
      await loadRows(false);
      say(
        'upload-message',
        `Файл ${file.name} проверен: посмотрите результат проверки и подтвердите импорт.`,
      );
    } catch (error) {
      say('upload-message', `Не удалось загрузить файл: ${error.message}`, true);
    } finally {
      $('upload').disabled = false;
    }
  }

  function showProgress(status) {
    const { done, total } = status.progress;
    $('progress').max = Math.max(total, 1);
    $('progress').value = done;
    $('progress-text').textContent = `записано ${done} из ${total}`;
  }

  function showResult(status) {
    $('result-section').hidden = false;
    const r = status.result;
    const items = r
      ? [
          ['created', r.created],
          ['updated', r.updated],
          ['unchanged', r.unchanged],
          ['rejected', r.rejected],
          ['pending-approval', r.pendingApproval],
          ['unit-changes', r.unitChanges],
        ].map(([k, v]) =>
          el('li', { dataset: { result: k } }, el('b', {}, String(v)), ` ${RESULT_LABELS[k] ?? k}`),
        )
      : [];
    const head = el(
      'li',
      { dataset: { result: 'status' } },
      status.state === 'failed'
        ? `импорт прервался: ${status.error}`
        : `${STATUS_LABELS[r.status] ?? r.status}${r.batchNumber ? ` (№${r.batchNumber})` : ''}`,
    );
    $('result').replaceChildren(head, ...items);
    if (status.batchUrl) $('batch-link').href = status.batchUrl;
    $('batch-link').hidden = status.state === 'failed';
  }

  async function poll() {
    const status = await api('GET', `/api/import/plans/${state.plan.planId}/status`);
    showProgress(status);
    if (status.state === 'applying') {
      state.polling = setTimeout(() => poll().catch(pollFailed), 400);
      return;
    }
    showResult(status);
    $('confirm').disabled = status.state !== 'failed';
    window.realtyApprovals?.load().catch(() => undefined);
  }

  function pollFailed(error) {
    $('progress-text').textContent = `Не удалось узнать, как идёт импорт: ${error.message}`;
  }

  async function onConfirm() {
    $('confirm').disabled = true;
    $('progress-section').hidden = false;
    try {
      const status = await api('POST', `/api/import/plans/${state.plan.planId}/apply`, '{}', {
        'content-type': 'application/json',
      });
      showProgress(status);
      await poll();
    } catch (error) {
      $('progress-text').textContent = `Импорт не запустился: ${error.message}`;
      $('confirm').disabled = false;
    }
  }
  $('upload-form').addEventListener('submit', onUpload);
  $('confirm').addEventListener('click', onConfirm);
  $('more-rows').addEventListener('click', () =>
    loadRows(true).catch((e) => say('upload-message', e.message, true)),
  );
  $('row-filter').addEventListener('change', (e) => {
    state.filter = e.target.value;
    loadRows(false).catch((err) => say('upload-message', err.message, true));
  });
})();
