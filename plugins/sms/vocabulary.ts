/** The campaign's and the message's statuses: values as Twenty stores them, Russian as pages show them. */

export const CAMPAIGN_STATUSES = ['DRAFT', 'SCHEDULED', 'SENDING', 'DONE', 'CANCELLED'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const MESSAGE_STATUSES = ['QUEUED', 'SENT', 'DELIVERED', 'FAILED'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const CAMPAIGN_STATUS_RU: Readonly<Record<CampaignStatus, string>> = {
  DRAFT: 'черновик',
  SCHEDULED: 'запланирована',
  SENDING: 'отправляется',
  DONE: 'завершена',
  CANCELLED: 'отменена',
};

export const MESSAGE_STATUS_RU: Readonly<Record<MessageStatus, string>> = {
  QUEUED: 'в очереди',
  SENT: 'отправлено',
  DELIVERED: 'доставлено',
  FAILED: 'не доставлено',
};

export const AUDIENCE_SOURCES = ['owners', 'auction', 'contractsDue', 'segment'] as const;
export type AudienceSource = (typeof AUDIENCE_SOURCES)[number];

export const AUDIENCE_SOURCE_RU: Readonly<Record<AudienceSource, string>> = {
  owners: 'владельцы и покупатели помещений',
  auction: 'участники аукционов',
  contractsDue: 'покупатели с договорами к подписанию',
  segment: 'сегмент',
};

const color = {
  DRAFT: 'gray',
  SCHEDULED: 'yellow',
  SENDING: 'blue',
  DONE: 'green',
  CANCELLED: 'red',
} as const;
export const CAMPAIGN_STATUS_OPTIONS = CAMPAIGN_STATUSES.map((value) => ({
  value,
  label: value.charAt(0) + value.slice(1).toLowerCase(),
  color: color[value],
}));
const messageColor = { QUEUED: 'gray', SENT: 'blue', DELIVERED: 'green', FAILED: 'red' } as const;
export const MESSAGE_STATUS_OPTIONS = MESSAGE_STATUSES.map((value) => ({
  value,
  label: value.charAt(0) + value.slice(1).toLowerCase(),
  color: messageColor[value],
}));
