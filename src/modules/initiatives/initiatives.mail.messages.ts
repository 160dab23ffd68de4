// Swedish and English texts of the initiatives module's e-mails about stage moves.
import { defineMessages } from '../../platform/i18n/i18n.ts';

interface RequestMail {
  title: string;
  owner: string;
  from: string;
  to: string;
  reason: string;
  requestedBy: string;
  url: string;
  /** Sent to the programme team because the organisation has no innovation lead. */
  noLead?: boolean;
}
interface DecisionMail {
  title: string;
  from: string;
  to: string;
  approved: boolean;
  comment: string;
  decidedBy: string;
  url: string;
}

const sv = {
  requestSubject: (title: string, to: string) => `Stegbyte att godkänna: ${title} → ${to}`,
  requestBody: (m: RequestMail) =>
    [
      `Hej!`,
      ``,
      `${m.requestedBy} vill flytta initiativet ”${m.title}” (${m.owner}) från ${m.from} till ${m.to}.`,
      ``,
      `Motivering:`,
      m.reason,
      ``,
      m.noLead
        ? `${m.owner} har ingen aktiv innovationsledare, så frågan går till projektgruppen H22. Godkänn eller avslå stegbytet här:`
        : `Som innovationsledare godkänner eller avslår du stegbytet här:`,
      m.url,
      ``,
      `H22 – Helsingborgs stad`,
    ].join('\n'),
  decisionSubject: (title: string, approved: boolean) => `${approved ? 'Stegbytet är godkänt' : 'Stegbytet är avslaget'}: ${title}`,
  decisionBody: (m: DecisionMail) =>
    [
      `Hej!`,
      ``,
      m.approved
        ? `${m.decidedBy} har godkänt att initiativet ”${m.title}” flyttas från ${m.from} till ${m.to}.`
        : `${m.decidedBy} har avslagit att initiativet ”${m.title}” flyttas från ${m.from} till ${m.to}. Initiativet är kvar i ${m.from}.`,
      ``,
      `Motivering: ${m.comment || '(ingen motivering angavs)'}`,
      ``,
      `Initiativet:`,
      m.url,
      ``,
      `H22 – Helsingborgs stad`,
    ].join('\n'),
};

export const mailMessages = defineMessages(sv, {
  requestSubject: (title: string, to: string) => `Stage move to approve: ${title} → ${to}`,
  requestBody: (m: RequestMail) =>
    [
      `Hello,`,
      ``,
      `${m.requestedBy} would like to move the initiative "${m.title}" (${m.owner}) from ${m.from} to ${m.to}.`,
      ``,
      `Reason:`,
      m.reason,
      ``,
      m.noLead
        ? `${m.owner} has no active innovation lead, so the request goes to the H22 programme team. Approve or refuse the move here:`
        : `As innovation lead, you approve or refuse the move here:`,
      m.url,
      ``,
      `H22 – City of Helsingborg`,
    ].join('\n'),
  decisionSubject: (title: string, approved: boolean) => `${approved ? 'Stage move approved' : 'Stage move refused'}: ${title}`,
  decisionBody: (m: DecisionMail) =>
    [
      `Hello,`,
      ``,
      m.approved
        ? `${m.decidedBy} has approved moving the initiative "${m.title}" from ${m.from} to ${m.to}.`
        : `${m.decidedBy} has refused moving the initiative "${m.title}" from ${m.from} to ${m.to}. The initiative stays at ${m.from}.`,
      ``,
      `Reason: ${m.comment || '(no reason was given)'}`,
      ``,
      `The initiative:`,
      m.url,
      ``,
      `H22 – City of Helsingborg`,
    ].join('\n'),
});
