// The /teams/:opportunityId page: add a member (form) and remove one (buttons) through the JSON
// API; the page reloads to show the team as the server sees it. Grants follow within a minute.
(() => {
  const root = document.getElementById('teams-page');
  if (!root) return;
  const opportunityId = root.dataset.opportunity;
  const message = document.getElementById('team-message');
  const say = (text) => {
    if (message) message.textContent = text;
  };

  const form = document.getElementById('add-member');
  if (form) {
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = { memberId: data.get('memberId'), accessLevel: data.get('accessLevel') };
      for (const key of ['projectRole', 'department', 'validFrom', 'validTo']) {
        const value = String(data.get(key) ?? '').trim();
        if (value) body[key] = value;
      }
      try {
        const result = await realty.fetchJson(`/api/teams/${opportunityId}/members`, {
          method: 'POST',
          body,
        });
        say(`Участник добавлен; ${result.note}.`);
        setTimeout(() => window.location.reload(), 600);
      } catch {
        say('');
      }
    });
  }

  for (const button of document.querySelectorAll('button.remove-member')) {
    button.addEventListener('click', async () => {
      const membership = button.dataset.membership;
      try {
        const result = await realty.fetchJson(`/api/teams/${opportunityId}/members/${membership}`, {
          method: 'DELETE',
        });
        say(`Участник убран; ${result.note}.`);
        setTimeout(() => window.location.reload(), 600);
      } catch {
        say('');
      }
    });
  }
})();
