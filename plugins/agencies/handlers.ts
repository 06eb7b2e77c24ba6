/**
 * Links what agencies file to people in Twenty: the client an agency named
 * with a booking or an auction application — kept in the plugin's store with
 * the record's id — becomes the record's client / applicant: an existing
 * person with the same e-mail or phone, or a new one. A job every minute
 * (kept as a job: the client rows live in the plugin's store, not in the record); a linked record is left alone.
 */
import { every, type PluginContext } from '../core/plugin/index';
import { systemStorage } from './gateway/store';

interface LinkRow {
  agency_id: string;
  name: string;
  phone: string | null;
  email: string | null;
  person_id: string | null;
}

/** "Иванов Иван Иванович" → last name Иванов, first name Иван Иванович (Russian order). */
export function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  if (parts.length === 1) return { firstName: parts[0] ?? '', lastName: '' };
  return { lastName: parts[0] ?? '', firstName: parts.slice(1).join(' ') };
}

async function findPerson(ctx: PluginContext, link: LinkRow): Promise<string | undefined> {
  const people = ctx.twenty.records('person');
  if (link.email) {
    const found = await people.list({
      filter: `emails.primaryEmail[eq]:"${link.email.replace(/"/g, '')}"`,
      limit: 1,
    });
    if (found.records[0]) return found.records[0].id;
  }
  if (link.phone) {
    const digits = link.phone.replace(/\D/g, '').slice(-10);
    if (digits.length === 10) {
      const found = await people.list({ filter: `phones.primaryPhoneNumber[like]:"%${digits}"`, limit: 1 });
      if (found.records[0]) return found.records[0].id;
    }
  }
  return undefined;
}

export async function linkClient(
  ctx: PluginContext,
  object: 'booking' | 'auctionApplication',
  recordId: string,
): Promise<string | undefined> {
  const storage = systemStorage(ctx);
  const rows = await storage.query<LinkRow & Record<string, unknown>>(
    `select agency_id::text as agency_id, name, phone, email, person_id::text as person_id
       from agencies_client_links where object = $1 and record_id = $2::uuid`,
    [object, recordId],
  );
  const link = rows[0];
  if (!link || link.person_id) return link?.person_id ?? undefined;
  let personId = await findPerson(ctx, link);
  if (!personId) {
    const digits = link.phone?.replace(/\D/g, '') ?? '';
    const person = await ctx.twenty.records('person').create({
      name: splitName(link.name),
      ...(link.email ? { emails: { primaryEmail: link.email, additionalEmails: null } } : {}),
      ...(digits.length >= 10
        ? {
            phones: {
              primaryPhoneNumber: digits.slice(-10),
              primaryPhoneCountryCode: 'RU',
              primaryPhoneCallingCode: '+7',
              additionalPhones: null,
            },
          }
        : {}),
    });
    personId = person.id;
  }
  await ctx.twenty
    .records(object)
    .update(recordId, object === 'booking' ? { clientId: personId } : { applicantId: personId });
  await storage.query(
    'update agencies_client_links set person_id = $3::uuid where object = $1 and record_id = $2::uuid',
    [object, recordId, personId],
  );
  return personId;
}

/** Links the clients of requests filed through the partner API (their rows wait in the plugin's store). */
export async function linkPendingClients(ctx: PluginContext, limit = 50): Promise<number> {
  const pending = await systemStorage(ctx).query<{ object: string; record_id: string }>(
    `select object, record_id::text as record_id from agencies_client_links
      where person_id is null order by created_at limit $1`,
    [limit],
  );
  let linked = 0;
  for (const row of pending) {
    try {
      if (await linkClient(ctx, row.object as 'booking' | 'auctionApplication', row.record_id)) linked += 1;
    } catch (error) {
      ctx.log.warn(
        { err: error, object: row.object, recordId: row.record_id },
        'agencies: linking a client failed',
      );
    }
  }
  return linked;
}

export const clientLinkJob = every('* * * * *', 'agencies:link-clients', async (_event, ctx) => {
  await linkPendingClients(ctx);
});
