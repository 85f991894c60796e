// @ts-check
// The phone page's SKM entry: once the ticket is done (live, or when the QR is opened the
// next day) it offers "Beri penilaian" and mounts the form; after the answer it thanks and
// never offers again (the server says so on a reload: GET /track/{token}/skm).
import { $ } from "./dom.js";
import { api } from "./loket.js";
import { mountSkmForm } from "./skm_form.js";

/** @typedef {import("./texts.js").Lang} Lang */
/** @typedef {"open" | "answered" | "closed"} Offer */

export class SkmEntry {
  /** @param {string} ticketToken @param {Lang} lang */
  constructor(ticketToken, lang) {
    this.ticketToken = ticketToken;
    this.lang = lang;
    /** @type {Offer | null} what the server last said (null: not asked yet) */
    this.offer = null;
    this.asking = false;
    /** @type {ReturnType<typeof mountSkmForm> | null} */
    this.form = null;
    $("skm-start").addEventListener("click", () => this.open());
  }

  /** The ticket's status changed (or the page loaded): ask the server once it is done.
   *  @param {string} status */
  async update(status) {
    if (status !== "done" || this.offer === "answered" || this.offer === "open" || this.asking) {
      this.render();
      return;
    }
    this.asking = true;
    try {
      const data = await api(`/api/v1/track/${encodeURIComponent(this.ticketToken)}/skm`);
      this.offer = data.skm.status;
    } catch (err) {
      this.offer = null; // asked again at the next refresh
    } finally {
      this.asking = false;
    }
    this.render();
  }

  open() {
    $("skm-start").classList.add("hidden");
    $("skm-invite").classList.add("hidden");
    const root = $("skm-form");
    root.classList.remove("hidden");
    this.form = mountSkmForm(root, {
      ticketToken: this.ticketToken, lang: this.lang, persist: true,
      onFinished: () => { this.offer = "answered"; },
    });
  }

  /** @param {Lang} lang */
  setLang(lang) {
    this.lang = lang;
    if (this.form) this.form.setLang(lang);
  }

  render() {
    const open = this.offer === "open";
    $("skm").classList.toggle("hidden", this.offer !== "open" && this.offer !== "answered");
    // the thanks of a form just sent stays where it is; a reload shows the short note
    const answeredHere = this.form !== null;
    $("skm-answered").classList.toggle("hidden", this.offer !== "answered" || answeredHere);
    $("skm-start").classList.toggle("hidden", !open || answeredHere);
    $("skm-invite").classList.toggle("hidden", !open || answeredHere);
  }
}
