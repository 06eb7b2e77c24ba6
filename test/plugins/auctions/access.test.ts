/**
 * Who sees what of the auctions: staff everything; a partner agency only announced auctions, lots
 * (on units in its scope: the partner gateway's restriction) without the winner or final price, its
 * own agency's applications and bids, and no stage protocols or other agencies' clients; partners
 * file applications for their own agency only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  auctionApplicationPolicy,
  auctionBidPolicy,
  auctionLotPolicy,
  auctionPolicy,
  auctionStageResultPolicy,
} from '../../../plugins/auctions/index';
import type { PartnerPrincipal, PartnerScope, StaffPrincipal } from '../../../plugins/core/access/index';
import { saleContractPolicy } from '../../../plugins/payments/index';

const staff: StaffPrincipal = { kind: 'staff', memberId: 'm', email: 's@x', role: 'sales' };
const partner: PartnerPrincipal = {
  kind: 'partner',
  agencyId: 'agency-1',
  userId: 'u',
  // The scope is the partner gateway's (opaque here): auctions' policies never read it.
  scope: { complexIds: ['c1'], fieldLevel: 'BASIC' } as unknown as PartnerScope,
};

describe('auctions access', () => {
  it('gives staff every row and field', () => {
    for (const policy of [
      auctionPolicy,
      auctionLotPolicy,
      auctionApplicationPolicy,
      auctionBidPolicy,
      auctionStageResultPolicy,
    ])
      assert.equal(policy.read(staff), 'all');
  });

  it('shows a partner announced auctions and in-scope lots without the winner or final price', () => {
    assert.deepEqual(auctionPolicy.read(partner), {
      status: ['ANNOUNCED', 'APPLICATIONS', 'ADMISSION', 'BIDDING', 'COMPLETED', 'FAILED', 'TERMINATED'],
    });
    const auctionFields = auctionPolicy.fields ? auctionPolicy.fields(partner) : 'all';
    assert.ok(auctionFields !== 'all' && !auctionFields.includes('validationIssue'));
    // Lots of public auctions only; which units' lots is the gateway's restriction (agencies).
    assert.deepEqual(auctionLotPolicy.read(partner), {
      'auction.status': [
        'ANNOUNCED',
        'APPLICATIONS',
        'ADMISSION',
        'BIDDING',
        'COMPLETED',
        'FAILED',
        'TERMINATED',
      ],
    });
    const fields = auctionLotPolicy.fields?.(partner) as readonly string[];
    assert.ok(!fields.includes('winner') && !fields.includes('finalPrice'));
  });

  it('shows a partner only its own agency’s applications, bids and contracts; no protocols', () => {
    assert.deepEqual(auctionApplicationPolicy.read(partner), { agencyId: ['agency-1'] });
    assert.deepEqual(auctionBidPolicy.read(partner), { 'application.agencyId': ['agency-1'] });
    assert.deepEqual(saleContractPolicy.read(partner), { agencyId: ['agency-1'] });
    assert.equal(auctionStageResultPolicy.read(partner), 'none');
    assert.equal(auctionPolicy.read({ kind: 'anonymous' }), 'none');
  });

  it('lets a partner file applications for its own agency only, and change nothing else', () => {
    assert.equal(
      auctionApplicationPolicy.write?.(partner, { action: 'create', values: { agencyId: 'agency-1' } }),
      true,
    );
    assert.match(
      String(
        auctionApplicationPolicy.write?.(partner, { action: 'create', values: { agencyId: 'agency-2' } }),
      ),
      /только за себя/,
    );
    assert.match(
      String(
        auctionApplicationPolicy.write?.(partner, { action: 'update', values: { admission: 'ADMITTED' } }),
      ),
      /решают по ним сотрудники/,
    );
    assert.match(
      String(auctionPolicy.write?.(partner, { action: 'update', values: {} })),
      /только сотрудники/,
    );
  });
});
