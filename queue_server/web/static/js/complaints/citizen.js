// @ts-check
// What the citizen's complaint pages share: the page's language (from the address, kept in
// it on a switch) and the ID/EN button of the header.
import { $ } from "../dom.js";
import { asLang } from "../texts.js";
import { complaintTexts } from "../complaint_form_texts.js";

export let texts = complaintTexts(asLang(document.body.dataset.lang));

/** Wires the header's toggle; `changed` redraws what the page drew itself.
 *  @param {() => void} changed */
export function languageToggle(changed) {
  const button = $("cp-lang");
  button.addEventListener("click", () => {
    texts = complaintTexts(texts.lang === "en" ? "id" : "en");
    const query = new URLSearchParams(location.search);
    if (texts.lang === "en") query.set("lang", "en"); else query.delete("lang");
    history.replaceState(null, "", `${location.pathname}${query.size ? `?${query}` : ""}`);
    button.textContent = texts.lang === "en" ? "ID" : "EN";
    texts.apply();
    for (const link of document.querySelectorAll("a[href^='/complaints/']")) {
      const url = new URL(/** @type {HTMLAnchorElement} */ (link).href);
      if (texts.lang === "en") url.searchParams.set("lang", "en"); else url.searchParams.delete("lang");
      /** @type {HTMLAnchorElement} */ (link).href = `${url.pathname}${url.search}`;
    }
    changed();
  });
}
