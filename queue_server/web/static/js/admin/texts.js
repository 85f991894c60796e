// @ts-check
// The admin pages' language: one choice for every table of texts on the page, kept in this
// browser (localStorage) and switched without a reload.
//
// For a page module (helper pages: hall_*.js do the same):
//   import { defineTexts, onLanguage } from "./texts.js";
//   const texts = defineTexts({ id: { title: "Jadwal" }, en: { title: "Schedule" } });
//   texts.t("title");                 // a text in the chosen language
//   onLanguage(() => render());       // re-render what the module drew itself
// Nodes of the template marked `data-t="key"` / `data-t-placeholder="key"` are filled by
// every table that has the key (keep page keys distinct from the common ones below:
// `nav.*`, `role.*`, `list.*`, `form.*`, `dlg.*`, `shell.*`).
import { Texts, asLang } from "../texts.js";

/** @typedef {import("../texts.js").Lang} Lang */

const LANG_KEY = "loket.admin.lang";
/** @type {Lang} */
let lang = asLang(localStorage.getItem(LANG_KEY));
/** @type {Texts<any>[]} */
const tables = [];
/** @type {(() => void)[]} */
const listeners = [];

/** A table of texts in both languages, following the page's language.
 *  @template {Record<string, string>} Table
 *  @param {{id: Table, en: NoInfer<{[K in keyof Table]: string}>}} both
 *  @returns {Texts<Table>} */
export function defineTexts(both) {
  const texts = new Texts(both, lang);
  tables.push(texts);
  if (lang !== "id") texts.apply();  // the template holds the Indonesian defaults
  return texts;
}

/** @returns {Lang} */
export function currentLang() {
  return lang;
}

/** Called after every switch of language.
 *  @param {() => void} listener */
export function onLanguage(listener) {
  listeners.push(listener);
}

/** @param {Lang} next */
export function setLanguage(next) {
  lang = next;
  localStorage.setItem(LANG_KEY, next);
  for (const texts of tables) {
    texts.lang = next;
    texts.apply();
  }
  for (const listener of listeners) listener();
}

/** The texts every admin page shares: the shell, lists, forms and dialogs. */
export const common = defineTexts({
  id: {
    "nav.agencies": "Instansi", "nav.services": "Layanan", "nav.counters": "Loket",
    "nav.people": "Petugas & staf", "nav.schedule": "Jadwal", "nav.site": "Situs & layar",
    "nav.devices": "Perangkat", "nav.status": "Status sistem", "nav.audit": "Log audit", "nav.supervisor": "Pengawasan", "nav.reports": "Laporan", "nav.skm": "SKM", "nav.complaints": "Pengaduan", "nav.bookings": "Reservasi", "nav.export": "Ekspor config.toml",
    "nav.console": "Konsol loket", "nav.password": "Ganti sandi", "nav.title": "Administrasi",
    "role.admin": "Admin", "role.supervisor": "Supervisor", "role.officer": "Petugas",
    "shell.signOut": "Keluar", "shell.lang": "English",
    "shell.unexpected": "Terjadi kesalahan tak terduga. Muat ulang halaman bila terus berulang.",
    "shell.notFound": "Tidak ditemukan, atau di luar instansi Anda.",
    "shell.loading": "Memuat…",
    "list.search": "Cari…", "list.count": "{shown} dari {total}",
    "list.deactivate": "Nonaktifkan", "list.reactivate": "Aktifkan lagi",
    "list.inactive": "Nonaktif", "list.edit": "Ubah", "list.empty": "Belum ada data.",
    "list.noMatch": "Tidak ada yang cocok dengan pencarian.",
    "list.confirmTitle": "Nonaktifkan {name}?",
    "list.deactivated": "{name} dinonaktifkan.", "list.reactivated": "{name} aktif lagi.",
    "form.save": "Simpan", "form.saving": "Menyimpan…", "form.saved": "Tersimpan",
    "form.create": "Buat", "form.back": "Kembali ke daftar", "form.fix": "Periksa isian yang ditandai.",
    "form.integer": "Isi dengan bilangan bulat.", "form.number": "Isi dengan angka.",
    "form.required": "Wajib diisi.", "form.nothing": "Tidak ada yang berubah.",
    "form.active": "Aktif", "form.inactive": "Nonaktif",
    "dlg.cancel": "Batal", "dlg.close": "Tutup", "dlg.copy": "Salin", "dlg.copied": "Tersalin",
    "dlg.once": "Kata sandi ini hanya ditampilkan sekali. Catat atau salin sekarang, lalu berikan kepada {name}. Saat masuk pertama kali, {name} wajib menggantinya.",
    "dlg.passwordTitle": "Kata sandi sekali pakai untuk {name}",
  },
  en: {
    "nav.agencies": "Agencies", "nav.services": "Services", "nav.counters": "Counters",
    "nav.people": "Officers & staff", "nav.schedule": "Schedule", "nav.site": "Site & screens",
    "nav.devices": "Devices", "nav.status": "System status", "nav.audit": "Audit log", "nav.supervisor": "Supervision", "nav.reports": "Reports", "nav.skm": "SKM", "nav.complaints": "Complaints", "nav.bookings": "Bookings", "nav.export": "Export config.toml",
    "nav.console": "Counter console", "nav.password": "Change password", "nav.title": "Administration",
    "role.admin": "Admin", "role.supervisor": "Supervisor", "role.officer": "Officer",
    "shell.signOut": "Sign out", "shell.lang": "Bahasa Indonesia",
    "shell.unexpected": "Something unexpected went wrong. Reload the page if it keeps happening.",
    "shell.notFound": "Not found, or outside your agencies.",
    "shell.loading": "Loading…",
    "list.search": "Search…", "list.count": "{shown} of {total}",
    "list.deactivate": "Deactivate", "list.reactivate": "Reactivate",
    "list.inactive": "Inactive", "list.edit": "Edit", "list.empty": "Nothing here yet.",
    "list.noMatch": "Nothing matches the search.",
    "list.confirmTitle": "Deactivate {name}?",
    "list.deactivated": "{name} deactivated.", "list.reactivated": "{name} is active again.",
    "form.save": "Save", "form.saving": "Saving…", "form.saved": "Saved",
    "form.create": "Create", "form.back": "Back to the list", "form.fix": "Check the marked fields.",
    "form.integer": "Enter a whole number.", "form.number": "Enter a number.",
    "form.required": "Required.", "form.nothing": "Nothing changed.",
    "form.active": "Active", "form.inactive": "Inactive",
    "dlg.cancel": "Cancel", "dlg.close": "Close", "dlg.copy": "Copy", "dlg.copied": "Copied",
    "dlg.once": "This password is shown only once. Write it down or copy it now, then give it to {name}. {name} must change it at the first sign-in.",
    "dlg.passwordTitle": "One-time password for {name}",
  },
});
