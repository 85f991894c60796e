// @ts-check
// /complaints/new: the complaint form on a page of its own (for a phone, or a ticket's link
// ?ticket=TOKEN); the form itself is complaint_form.js, the module other pages mount too.
import { $ } from "../dom.js";
import { mountComplaintForm } from "../complaint_form.js";
import { languageToggle, texts } from "./citizen.js";

const host = $("complaint-form");
const form = mountComplaintForm(host, { ticketToken: host.dataset.ticket || null, lang: texts.lang });
languageToggle(() => form.setLang(texts.lang));
