/**
 * Salesforce record ids: 15-character case-sensitive ids and their 18-character
 * case-safe form (15 + a 3-character checksum of the case of the first 15),
 * and key prefixes (the first 3 characters name the object: 001 Account …).
 */
const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_SHAPE = /^[a-zA-Z0-9]{15}([a-zA-Z0-5]{3})?$/;

function checksum(id15: string): string {
  let out = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let k = 0; k < 5; k++) {
      const c = id15.charCodeAt(chunk * 5 + k);
      if (c >= 65 && c <= 90) bits |= 1 << k;
    }
    out += CHECKSUM_CHARS[bits];
  }
  return out;
}

export function looksLikeSalesforceId(value: string): boolean {
  return ID_SHAPE.test(value);
}

/**
 * The 18-character id of a 15- or 18-character id; undefined for anything else
 * or an 18-character id whose checksum does not match its case (mangled, e.g. by
 * a spreadsheet that changed case).
 */
export function to18(value: string): string | undefined {
  const id = value.trim();
  if (!ID_SHAPE.test(id)) return undefined;
  const id15 = id.slice(0, 15);
  const sum = checksum(id15);
  if (id.length === 18 && id.slice(15).toUpperCase() !== sum) return undefined;
  return id15 + sum;
}

export function keyPrefix(id: string): string {
  return id.slice(0, 3);
}

/** Standard key prefixes (custom objects get org-specific ones, learnt from the export). */
export const STANDARD_KEY_PREFIXES: Readonly<Record<string, string>> = {
  '001': 'Account',
  '002': 'Note',
  '003': 'Contact',
  '005': 'User',
  '006': 'Opportunity',
  '00Q': 'Lead',
  '00T': 'Task',
  '00U': 'Event',
  '00P': 'Attachment',
  '00k': 'OpportunityLineItem',
  '00K': 'OpportunityContactRole',
  '00o': 'OpportunityLineItemSchedule',
  '00q': 'OpportunityTeamMember',
  '01M': 'AccountTeamMember',
  '149': 'OpportunitySplit',
  '701': 'Campaign',
  '00v': 'CampaignMember',
  '069': 'ContentDocument',
  '068': 'ContentVersion',
  '06A': 'ContentDocumentLink',
  '00G': 'Group',
  '500': 'Case',
  '800': 'Contract',
  '01t': 'Product2',
  '01s': 'Pricebook2',
  '01u': 'PricebookEntry',
};
