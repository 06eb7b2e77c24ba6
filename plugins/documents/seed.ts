/**
 * The documents' demo data: the first demo sale contract (by number, of those awaiting signature
 * or signed) becomes a mortgage purchase — a bank, 80 % of the amount due as the loan (rounded
 * down to a thousand roubles), the rest as own funds, the encumbrance clause — so every template,
 * the mortgage contract included, can be made from the demo. Only the documents' own fields are
 * written; a second run finds them set and changes nothing. Runs after the payments' seed.
 */
import type { SeedDeclaration } from '../core/plugin/index';

export const DEMO_BANK = 'ПАО «Демо-Банк» (БИК 044525000)';
export const DEMO_ENCUMBRANCE =
  'Объект с момента государственной регистрации права собственности Покупателя находится в залоге у банка-кредитора в обеспечение обязательств по кредитному договору; Покупатель не вправе отчуждать его без согласия банка.';
const THOUSAND_RUB_MICROS = 1_000_000_000n;

export function mortgageSplit(amountDueMicros: bigint): { loan: bigint; own: bigint } {
  const loan = ((amountDueMicros * 8n) / 10n / THOUSAND_RUB_MICROS) * THOUSAND_RUB_MICROS;
  return { loan, own: amountDueMicros - loan };
}

export const documentsSeed: SeedDeclaration = {
  description: 'the mortgage fields of one demo sale contract (bank, loan, own funds, encumbrance)',
  async run(ctx): Promise<Record<string, number>> {
    const contracts = await ctx.twenty.records('saleContract').list({ limit: 100 });
    const candidates = contracts.records
      .filter((c) => c.status === 'AWAITING_SIGNATURE' || c.status === 'SIGNED')
      .sort((a, b) => String(a.number ?? '').localeCompare(String(b.number ?? ''), 'ru'));
    const first = candidates[0];
    if (!first || (typeof first.mortgageBank === 'string' && first.mortgageBank !== '')) return {};
    const due = BigInt(
      Math.round(Number((first.amountDue as { amountMicros?: unknown } | null)?.amountMicros ?? 0)),
    );
    if (due <= 0n) return {};
    const { loan, own } = mortgageSplit(due);
    await ctx.twenty.records('saleContract').update(first.id, {
      mortgageBank: DEMO_BANK,
      mortgageLoan: { amountMicros: Number(loan), currencyCode: 'RUB' },
      ownFunds: { amountMicros: Number(own), currencyCode: 'RUB' },
      encumbranceClause: DEMO_ENCUMBRANCE,
    });
    return { saleContract: 1 };
  },
};
