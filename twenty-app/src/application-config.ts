import { APPLICATION_UID, REALTY_URL_VARIABLE_UID, SECRET_VARIABLE_UID } from 'src/identifiers';
import { REALTY_URL } from 'src/workspace-targets';
import { defineApplication } from 'twenty-sdk/define';

// The app adds places to Twenty's UI; it defines no object: `realty setup` provisions them.
export default defineApplication({
  universalIdentifier: APPLICATION_UID,
  displayName: 'twenty-realty',
  description:
    'Шахматка корпуса, консоль торгов и команда сделки — вкладками записей; реестр торгов — дашбордом. Страницы twenty-realty внутри Twenty.',
  category: 'Sales',
  applicationVariables: {
    TWENTY_APP_SECRET: {
      universalIdentifier: SECRET_VARIABLE_UID,
      label: 'Общий секрет с twenty-realty',
      description:
        'Тот же, что TWENTY_APP_SECRET у twenty-realty (не короче 32 символов): им подписывается токен участника для страниц',
      isSecret: true,
      isRequired: true,
    },
    REALTY_URL: {
      universalIdentifier: REALTY_URL_VARIABLE_UID,
      label: 'Адрес twenty-realty',
      description: 'PUBLIC_URL установки twenty-realty, например https://realty.example.ru',
      value: REALTY_URL,
      isRequired: true,
    },
  },
});
