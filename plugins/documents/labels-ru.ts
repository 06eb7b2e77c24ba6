/** The documents' fields on sale contracts in Twenty's screens in Russian (`REALTY_LOCALE=ru`, the default). */
import { defineLabels } from '../core/plugin/index';

export const documentsLabelsRu = defineLabels({
  saleContract: {
    fields: {
      mortgageBank: { label: 'Банк ипотеки' },
      mortgageLoan: { label: 'Ипотечный кредит', icon: 'IconCash' },
      ownFunds: { label: 'Собственные средства', icon: 'IconWallet' },
      encumbranceClause: {
        label: 'Условие об обременении',
        description: 'Пункт ипотечного договора о залоге в пользу банка',
        icon: 'IconFileText',
      },
    },
  },
});
