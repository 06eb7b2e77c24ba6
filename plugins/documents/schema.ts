/**
 * What the mortgage sale contract needs and payments' saleContract does not carry: the lending
 * bank, the loan amount, the buyer's own funds and the encumbrance clause. Added to saleContract
 * from here (the documents own these fields; payments owns the object).
 */
import { defineField, extendObject } from '../core/index';

export const saleContractMortgageFields = extendObject('saleContract', {
  fields: {
    mortgageBank: defineField.text({ label: 'Mortgage bank', icon: 'IconBuildingBank' }),
    mortgageLoan: defineField.currency({ label: 'Mortgage loan', defaultValue: { currencyCode: 'RUB' } }),
    ownFunds: defineField.currency({ label: 'Own funds', defaultValue: { currencyCode: 'RUB' } }),
    encumbranceClause: defineField.text({
      label: 'Encumbrance clause',
      description: 'The mortgage contract’s clause on the pledge in the bank’s favour',
    }),
  },
});
