// Texts of the initiative page's section on the expo events that show it, in Swedish and English.
import { defineMessages } from '../../platform/i18n/i18n.ts';

const sv = {
  atExpoTitle: 'På H22 City Expo',
  atExpoLead: 'Initiativet visas i programmet för H22 City Expo:',
  firstDate: 'Första dag',
  place: 'Plats',
};

export const linksMessages = defineMessages(sv, {
  atExpoTitle: 'At H22 City Expo',
  atExpoLead: 'The initiative is shown in the H22 City Expo programme:',
  firstDate: 'First day',
  place: 'Place',
});
