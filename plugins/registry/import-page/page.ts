/**
 * The /import page's HTML: a server-rendered shell with the stylesheet and a
 * small vanilla script inlined (no bundler, nothing to fetch but the JSON
 * API). The approvals section is rendered for admins only; the API checks the
 * role again.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StaffIdentity } from '../../core/auth/index';

const asset = (name: string) => readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8');
const STYLE = asset('./import-page.css');
const KIT = asset('./page-kit.js');
const PAGE_SCRIPT = asset('./import-page.js');
const APPROVALS_SCRIPT = asset('./approvals-section.js');

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderImportPage(input: { staff: StaffIdentity | undefined }): string {
  const staff = input.staff;
  const isAdmin = staff?.role === 'admin';
  const who = staff ? `${escapeHtml(staff.email)} (${escapeHtml(staff.role)})` : '';
  const approvals = isAdmin
    ? `<section id="approvals-section">
  <h2>Held price changes <small>(approval by an admin)</small></h2>
  <p id="approvals-empty" hidden>Nothing is waiting for approval.</p>
  <table id="approvals" hidden><thead><tr><th>Unit</th><th>Old price</th><th>New price</th><th>Change</th><th>Who</th><th>When</th><th></th></tr></thead><tbody></tbody></table>
  <p id="approvals-message" role="status"></p>
</section>`
    : '';
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Import units — twenty-realty</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body data-admin="${isAdmin ? 'true' : 'false'}">
<header><a href="/">twenty-realty</a> · <b>Import units</b> <span class="who">${who}</span></header>
<main>
<section id="upload-section">
  <h2>1. Upload</h2>
  <form id="upload-form">
    <input type="file" id="file" name="file" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required>
    <button type="submit" id="upload">Preview</button>
    <a id="template-link" href="/api/import/template.xlsx" download>Download template</a>
  </form>
  <p id="upload-message" role="status"></p>
</section>
<section id="preview-section" hidden>
  <h2>2. Preview <small id="plan-file"></small></h2>
  <ul id="counts" class="counts"></ul>
  <div id="file-problems" class="file-problems" hidden><h3>Problems with the file</h3><ul></ul></div>
  <p id="plan-note"></p>
  <p class="actions">
    <button id="confirm" type="button" disabled>Confirm import</button>
    <a id="report-link" href="#" download>Download the report (.xlsx)</a>
    <label>Show <select id="row-filter">
      <option value="changed">rows to look at</option><option value="all">all rows</option>
      <option value="create">create</option><option value="update">update</option>
      <option value="rejected">rejected</option><option value="pending-approval">pending approval</option>
      <option value="unchanged">unchanged</option></select></label>
  </p>
  <div class="table-wrap"><table id="preview"><thead></thead><tbody></tbody></table></div>
  <p><button id="more-rows" type="button" hidden>Show more rows</button> <span id="rows-shown"></span></p>
  <div id="problems" hidden><h3>Problems by row</h3><ol></ol></div>
</section>
<section id="progress-section" hidden>
  <h2>3. Importing</h2>
  <progress id="progress" max="1" value="0"></progress> <span id="progress-text"></span>
</section>
<section id="result-section" hidden>
  <h2>4. Result</h2>
  <ul id="result" class="counts"></ul>
  <p><a id="batch-link" href="#" target="_blank" rel="noopener">Open the import batch in Twenty</a></p>
</section>
${approvals}
</main>
<script>${KIT}</script>
<script>${PAGE_SCRIPT}</script>
${isAdmin ? `<script>${APPROVALS_SCRIPT}</script>` : ''}
</body></html>`;
}
