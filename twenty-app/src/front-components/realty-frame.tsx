import { useEffect, useState } from 'react';
import { EMBED_URL_ROUTE, type RealtyPlace } from 'src/identifiers';
import { useRecordId } from 'twenty-sdk/front-component';

/** A fresh page URL (with a 120-second member token) from the app's logic function. */
async function embedUrl(place: RealtyPlace, recordId: string | null): Promise<string> {
  const apiBaseUrl = (process.env.TWENTY_API_URL ?? '').replace(/\/+$/, '');
  const token = process.env.TWENTY_APP_ACCESS_TOKEN;
  if (!apiBaseUrl || !token) throw new Error('Нет доступа к API Twenty из компонента');
  const response = await fetch(`${apiBaseUrl}/s${EMBED_URL_ROUTE}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ place, recordId }),
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string; message?: string };
  if (!response.ok || !body.url) throw new Error(body.message ?? `Сервер ответил ${response.status}`);
  return body.url;
}

/**
 * The project's page for this place in a frame: the selected record's chessboard, console or team
 * (or the auctions registry), signed in as the member who opened it. Files cannot be downloaded in
 * Twenty's sandbox, so a link opens the same page in a tab of its own (a fresh token each minute).
 */
export const RealtyFrame = ({ place, title }: { place: RealtyPlace; title: string }) => {
  const recordId = useRecordId();
  const [url, setUrl] = useState<string | null>(null);
  const [tabUrl, setTabUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    embedUrl(place, recordId).then(
      (next) => {
        if (!cancelled) setUrl(next);
      },
      (failure: Error) => {
        if (!cancelled) setError(failure.message);
      },
    );
    const refresh = () =>
      embedUrl(place, recordId).then(
        (next) => {
          if (!cancelled) setTabUrl(next);
        },
        () => undefined,
      );
    void refresh();
    const timer = setInterval(refresh, 60_000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [place, recordId]);

  if (error) return <p style={{ padding: 16, color: '#8a1c13' }}>{error}</p>;
  if (!url) return <p style={{ padding: 16 }}>Загрузка…</p>;
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100%', minHeight: 640 }}>
      {tabUrl && (
        <a
          href={tabUrl}
          target="_blank"
          rel="noopener noreferrer"
          style={{ padding: '4px 8px', fontSize: 13 }}
        >
          Открыть в отдельной вкладке (выгрузки и документы)
        </a>
      )}
      <iframe src={url} title={title} style={{ border: 0, flex: 1, width: '100%' }} />
    </div>
  );
};
