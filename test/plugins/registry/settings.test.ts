import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadPluginSettings } from '../../../plugins/core/settings/index';
import { registrySettings, registrySettingsOf } from '../../../plugins/registry/settings';

describe('the registry’s settings', () => {
  it('reads admin e-mails (lower-cased) and the price-change limit, with a comma decimal', () => {
    const { values, problems } = registrySettings.parse({
      REGISTRY_ADMIN_EMAILS: ' Boss@Realty.ru, second@realty.ru ',
      REGISTRY_PRICE_CHANGE_LIMIT_PERCENT: '12,5',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(values.adminEmails, ['boss@realty.ru', 'second@realty.ru']);
    assert.equal(values.priceChangeLimitPercent, 12.5);
  });

  it('names each bad variable on its own line', () => {
    const { problems } = registrySettings.parse({
      REGISTRY_ADMIN_EMAILS: 'boss',
      REGISTRY_PRICE_CHANGE_LIMIT_PERCENT: '-3',
    });
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? '', /^REGISTRY_ADMIN_EMAILS: .*e-mail/);
    assert.match(problems[1] ?? '', /^REGISTRY_PRICE_CHANGE_LIMIT_PERCENT: .*positive number.*got "-3"/);
  });

  it('defaults to devhost’s admin and 15 %, and is no longer read from REALTY_ variables', () => {
    const settings = loadPluginSettings([registrySettings], {
      REALTY_ADMIN_EMAILS: 'boss@realty.ru',
      REALTY_PRICE_CHANGE_LIMIT_PERCENT: '40',
    });
    assert.deepEqual(registrySettingsOf({ settings }), {
      adminEmails: ['admin@realty.local'],
      priceChangeLimitPercent: 15,
    });
  });
});
