// The notes page's script: loads the notes the signed-in member may read through the JSON route.
(() => {
  const list = document.getElementById('notes');
  if (!list || !window.realty) return;
  window.realty.fetchJson('/api/notes-demo/notes').then((data) => {
    list.replaceChildren(
      ...data.notes.map((note) => {
        const item = document.createElement('li');
        item.textContent = note.title;
        if (note.boardUrl) {
          const link = document.createElement('a');
          link.href = note.boardUrl;
          link.textContent = 'шахматка дома';
          item.append(' — ', link);
        }
        return item;
      }),
    );
  });
})();
