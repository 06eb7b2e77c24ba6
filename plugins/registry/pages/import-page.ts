/**
 * The /import page: its content (the shell — header, navigation, who is
 * signed in, the shared helpers — is core's `renderPage`), its assets and its
 * declaration. Upload → preview → confirm → progress → result, and for admins
 * the held price changes to approve. The scripts only talk to the JSON API in
 * routes.ts; the approvals section is rendered for admins only (the API checks
 * the role again).
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../../core/access/index';
import { definePage, type PageAssets } from '../../core/plugin/index';
import { importFieldLabels } from '../import/import-columns';

export const IMPORT_PAGE_PATH = '/import';

export const importPage = definePage({
  path: IMPORT_PAGE_PATH,
  title: { ru: 'Импорт помещений', en: 'Import units' },
  roles: ['admin', 'sales'],
  order: 20,
});

/** The files of pages/assets, served at /assets/registry/<file>. */
export const importPageAssets: PageAssets = {
  dir: fileURLToPath(new URL('./assets', import.meta.url)),
  files: ['page-kit.js', 'import-page.js', 'approvals-section.js', 'import-page.css'],
};

const asset = (file: string) => `/assets/registry/${file}`;

export function isImportAdmin(principal: Principal): boolean {
  return principal.kind === 'staff' && principal.role === 'admin';
}

/** The scripts and styles the page loads after the shell's own, in order. */
export function importPageAssetsFor(principal: Principal): { scripts: string[]; styles: string[] } {
  return {
    scripts: [
      asset('page-kit.js'),
      asset('import-page.js'),
      ...(isImportAdmin(principal) ? [asset('approvals-section.js')] : []),
    ],
    styles: [asset('import-page.css')],
  };
}

/** The page's own HTML (no <html>/<head>): the wizard's sections, and the approvals for admins. */
export function importPageContent(input: { principal: Principal }): string {
  const isAdmin = isImportAdmin(input.principal);
  const approvals = isAdmin
    ? `<section id="approvals-section">
  <h2>Изменения цен на одобрении <small>(решает администратор)</small></h2>
  <p id="approvals-empty" hidden>Одобрения ничего не ждёт.</p>
  <table id="approvals" hidden><thead><tr><th>Помещение</th><th>Была цена</th><th>Новая цена</th><th>Изменение</th><th>Кто</th><th>Когда</th><th></th></tr></thead><tbody></tbody></table>
  <p id="approvals-message" role="status"></p>
</section>`
    : '';
  // JSON in a data block (not run: the CSP allows no inline script); `<` escaped so no label can close it.
  const labels = JSON.stringify(importFieldLabels()).replace(/</g, '\\u003c');
  return `<script id="import-field-labels" type="application/json">${labels}</script>
<div id="import-page" data-admin="${isAdmin ? 'true' : 'false'}">
<section id="upload-section">
  <h2>1. Файл</h2>
  <form id="upload-form">
    <input type="file" id="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
    <button type="submit" id="upload">Проверить</button>
    <a id="template-link" href="/api/import/template.xlsx" download>Скачать шаблон</a>
  </form>
  <p id="upload-message" role="status"></p>
</section>
<section id="preview-section" hidden>
  <h2>2. Проверка <small id="plan-file"></small></h2>
  <ul id="counts" class="counts"></ul>
  <div id="file-problems" class="file-problems" hidden><h3>Проблемы файла</h3><ul></ul></div>
  <p id="plan-note"></p>
  <p class="actions">
    <button id="confirm" type="button" disabled>Подтвердить импорт</button>
    <a id="report-link" href="#" download>Скачать отчёт (.xlsx)</a>
    <label>Показать <select id="row-filter">
      <option value="changed">строки, требующие внимания</option><option value="all">все строки</option>
      <option value="create">создать</option><option value="update">изменить</option>
      <option value="rejected">отклонено</option><option value="pending-approval">ждёт одобрения цены</option>
      <option value="unchanged">без изменений</option></select></label>
  </p>
  <div class="table-wrap"><table id="preview"><thead></thead><tbody></tbody></table></div>
  <p><button id="more-rows" type="button" hidden>Показать ещё</button> <span id="rows-shown"></span></p>
  <div id="problems" hidden><h3>Проблемы по строкам</h3><ol></ol></div>
</section>
<section id="progress-section" hidden>
  <h2>3. Импорт</h2>
  <progress id="progress" max="1" value="0"></progress> <span id="progress-text"></span>
</section>
<section id="result-section" hidden>
  <h2>4. Итог</h2>
  <ul id="result" class="counts"></ul>
  <p><a id="batch-link" href="#" target="_blank" rel="noopener">Открыть загрузку в Twenty</a></p>
</section>
${approvals}
</div>`;
}
