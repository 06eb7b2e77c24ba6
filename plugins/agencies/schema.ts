/**
 * The partner agencies' data model in Twenty: the agency itself (with the
 * staff-facing counters the plugin keeps current), its access grants
 * (`agencyAccess`: one place — a complex, a building or a section, or
 * everything — with unit kinds, statuses, validity and the field level), its
 * users (people who sign in to the portal; their password hashes stay in the
 * app's store, never in Twenty), and the booking requests agencies file for
 * their clients. The `agency` relation is added to auction applications (and
 * sale contracts, when payments is enabled) so each agency sees only its own.
 */
import { defineField, defineObject, extendObject } from '../core/index';
import {
  building,
  residentialComplex,
  section,
  UNIT_KIND_OPTIONS,
  UNIT_STATUS_OPTIONS,
  unit,
} from '../registry/index';

export const AGENCY_STATUSES = [
  { value: 'ACTIVE', label: 'Active', color: 'green' },
  { value: 'SUSPENDED', label: 'Suspended', color: 'orange' },
  { value: 'REVOKED', label: 'Revoked', color: 'red' },
] as const;
export type AgencyStatus = (typeof AGENCY_STATUSES)[number]['value'];

export const FIELD_LEVELS = [
  { value: 'BASIC', label: 'Basic (no prices)', color: 'gray' },
  { value: 'EXTENDED', label: 'Extended (prices, plans)', color: 'blue' },
] as const;

export const AGENCY_USER_ROLES = [
  { value: 'AGENT', label: 'Agent', color: 'sky' },
  { value: 'MANAGER', label: 'Manager', color: 'purple' },
] as const;

export const BOOKING_STATUSES = [
  { value: 'REQUESTED', label: 'Requested', color: 'yellow' },
  { value: 'CONFIRMED', label: 'Confirmed', color: 'green' },
  { value: 'REJECTED', label: 'Rejected', color: 'red' },
  { value: 'CANCELLED', label: 'Cancelled', color: 'gray' },
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number]['value'];

export const agency = defineObject({
  nameSingular: 'agency',
  namePlural: 'agencies',
  labelSingular: 'Agency',
  labelPlural: 'Agencies',
  description: 'An accredited partner agency: its status, accreditation, commission and activity',
  icon: 'IconBuildingStore',
  fields: {
    name: defineField.text({ label: 'Name' }),
    company: defineField.relation({
      label: 'Company',
      icon: 'IconBuildingSkyscraper',
      target: 'company',
      inverseName: 'agencies',
      inverseLabel: 'Agencies',
    }),
    accreditationNumber: defineField.text({ label: 'Accreditation number' }),
    accreditedFrom: defineField.date({ label: 'Accredited from' }),
    accreditedUntil: defineField.date({ label: 'Accredited until' }),
    status: defineField.select({ label: 'Status', options: AGENCY_STATUSES, defaultValue: 'ACTIVE' }),
    commissionPercent: defineField.number({ label: 'Commission, %', decimals: 2 }),
    activeUsers: defineField.number({ label: 'Active users', decimals: 0 }),
    requestsThisMonth: defineField.number({
      label: 'Partner requests this month',
      decimals: 0,
      description: 'Requests to the partner API and portal since the 1st (Moscow time)',
    }),
    bookingsCount: defineField.number({ label: 'Bookings', decimals: 0 }),
    applicationsCount: defineField.number({ label: 'Auction applications', decimals: 0 }),
    salesCount: defineField.number({ label: 'Sales', decimals: 0 }),
    scopeSummary: defineField.text({ label: 'Scope', description: 'The active grants in words' }),
    statsUpdatedAt: defineField.dateTime({ label: 'Figures updated at' }),
  },
});

export const agencyAccess = defineObject({
  nameSingular: 'agencyAccess',
  namePlural: 'agencyAccesses',
  labelSingular: 'Agency Access',
  labelPlural: 'Agency Accesses',
  description:
    'One grant of an agency: a place (complex, building or section; none = everything), unit kinds and statuses (empty = all), validity and the field level',
  icon: 'IconKey',
  fields: {
    agency: defineField.relation({
      label: 'Agency',
      target: agency,
      inverseName: 'accesses',
      inverseLabel: 'Access grants',
    }),
    complex: defineField.relation({
      label: 'Residential complex',
      target: residentialComplex,
      inverseName: 'agencyAccesses',
      inverseLabel: 'Agency access',
    }),
    building: defineField.relation({
      label: 'Building',
      target: building,
      inverseName: 'agencyAccesses',
      inverseLabel: 'Agency access',
    }),
    section: defineField.relation({
      label: 'Section',
      target: section,
      inverseName: 'agencyAccesses',
      inverseLabel: 'Agency access',
    }),
    kinds: defineField.multiSelect({ label: 'Unit kinds', options: UNIT_KIND_OPTIONS }),
    statuses: defineField.multiSelect({ label: 'Unit statuses', options: UNIT_STATUS_OPTIONS }),
    validFrom: defineField.date({ label: 'Valid from' }),
    validTo: defineField.date({ label: 'Valid to' }),
    fieldLevel: defineField.select({ label: 'Field level', options: FIELD_LEVELS, defaultValue: 'BASIC' }),
  },
});

export const agencyUser = defineObject({
  nameSingular: 'agencyUser',
  namePlural: 'agencyUsers',
  labelSingular: 'Agency User',
  labelPlural: 'Agency Users',
  description: 'A person of an agency who signs in to the partner portal and API',
  icon: 'IconUserShield',
  fields: {
    agency: defineField.relation({
      label: 'Agency',
      target: agency,
      inverseName: 'agencyUsers',
      inverseLabel: 'Users',
    }),
    name: defineField.text({ label: 'Name' }),
    email: defineField.text({ label: 'E-mail', description: 'The sign-in name (lower case)' }),
    phone: defineField.text({ label: 'Phone' }),
    userRole: defineField.select({ label: 'Role', options: AGENCY_USER_ROLES, defaultValue: 'AGENT' }),
    active: defineField.boolean({ label: 'Active', defaultValue: true }),
    passwordSetAt: defineField.dateTime({
      label: 'Password set at',
      description: 'The hash itself is kept by the app (scrypt), never in Twenty',
    }),
    lastSignInAt: defineField.dateTime({ label: 'Last sign-in' }),
  },
});

export const booking = defineObject({
  nameSingular: 'booking',
  namePlural: 'bookings',
  labelSingular: 'Booking',
  labelPlural: 'Bookings',
  description: 'A booking request an agency filed for a client on a unit',
  icon: 'IconBookmark',
  fields: {
    unit: defineField.relation({
      label: 'Unit',
      target: unit,
      inverseName: 'bookings',
      inverseLabel: 'Bookings',
    }),
    client: defineField.relation({
      label: 'Client',
      target: 'person',
      inverseName: 'agencyBookings',
      inverseLabel: 'Agency bookings',
    }),
    agency: defineField.relation({
      label: 'Agency',
      target: agency,
      inverseName: 'bookings',
      inverseLabel: 'Bookings',
    }),
    agencyUser: defineField.relation({
      label: 'Filed by',
      target: agencyUser,
      inverseName: 'bookings',
      inverseLabel: 'Bookings',
    }),
    clientName: defineField.text({ label: 'Client name (as the agency gave it)' }),
    clientPhone: defineField.text({ label: 'Client phone' }),
    clientEmail: defineField.text({ label: 'Client e-mail' }),
    status: defineField.select({ label: 'Status', options: BOOKING_STATUSES, defaultValue: 'REQUESTED' }),
    requestedAt: defineField.dateTime({ label: 'Requested at' }),
    comment: defineField.text({ label: 'Comment (from the agency)' }),
    staffNote: defineField.text({ label: 'Internal note', description: 'Staff only; agencies never see it' }),
  },
});

/** The agency that filed an auction application, and the client as the agency named them. */
export const auctionApplicationAgencyFields = extendObject('auctionApplication', {
  fields: {
    agency: defineField.relation({
      label: 'Agency',
      target: agency,
      inverseName: 'auctionApplications',
      inverseLabel: 'Auction applications',
    }),
  },
});

/** The agency that brought the buyer (sales per agency). */
export const saleContractAgencyFields = extendObject('saleContract', {
  fields: {
    agency: defineField.relation({
      label: 'Agency',
      target: agency,
      inverseName: 'saleContracts',
      inverseLabel: 'Sale contracts',
    }),
  },
});

export const agencyObjects = [agency, agencyAccess, agencyUser, booking];
