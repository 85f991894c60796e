// @ts-check
// The kiosk's texts, Indonesian first; `{name}` placeholders (see /static/js/texts.js).
import { Texts, asLang } from "/static/js/texts.js";

const TEXT = {
  id: {
    loading: "Memuat layanan…",
    reconnecting: "Menyambungkan kembali ke server…",
    chooseAgency: "Silakan pilih instansi",
    chooseAgencyLead: "Sentuh instansi yang ingin Anda tuju",
    chooseService: "Pilih layanan",
    waiting: "{n} menunggu",
    waitingLabel: "menunggu",
    etaNow: "langsung dilayani",
    eta: "± {m} menit",
    back: "‹ Kembali",
    closed: "Tutup",
    priorityTitle: "Jenis antrian",
    priorityLead: "Lansia, penyandang disabilitas dan ibu hamil didahulukan",
    regular: "Antrian biasa",
    regularSub: "Ambil nomor antrian",
    lansia: "Lansia", lansiaSub: "usia 60 tahun ke atas",
    disabilitas: "Penyandang disabilitas", disabilitasSub: "didampingi atau tidak",
    ibu_hamil: "Ibu hamil", ibu_hamilSub: "atau membawa bayi",
    requirementsTitle: "Pastikan dokumen Anda lengkap",
    yourNumber: "Nomor antrian Anda",
    ahead: "Di depan Anda",
    people: "{n} orang",
    wait: "Perkiraan tunggu",
    waitNow: "segera",
    waitMinutes: "± {m} menit",
    scan: "Pindai untuk memantau antrian dari ponsel",
    printing: "Sedang mencetak tiket…",
    printed: "Silakan ambil tiket Anda",
    printFailed: "Printer bermasalah — foto layar ini atau pindai kode QR",
    noPrinter: "Foto layar ini atau pindai kode QR",
    priority: "PRIORITAS",
    finish: "Selesai",
    issueFailed: "Gagal mengambil nomor. Silakan coba lagi.",
    serviceGone: "Layanan ini tidak tersedia lagi. Silakan pilih layanan lain.",
    pairTitle: "Kios belum dipasangkan",
    pairBody: "Admin memasukkan kode ini di halaman Perangkat (atau memindai kode QR):",
    pairCli: "Atau buka sekali /kiosk?device_token=TOKEN (queue-server token create --device NAMA --kind kiosk).",
    revoked: "Token kios ini tidak berlaku lagi (dicabut atau salah).",
    toggle: "EN",
  },
  en: {
    loading: "Loading services…",
    reconnecting: "Reconnecting to the server…",
    chooseAgency: "Please choose an agency",
    chooseAgencyLead: "Touch the agency you need",
    chooseService: "Choose a service",
    waiting: "{n} waiting",
    waitingLabel: "waiting",
    etaNow: "served now",
    eta: "~{m} min",
    back: "‹ Back",
    closed: "Closed",
    priorityTitle: "Queue type",
    priorityLead: "Seniors, people with disabilities and pregnant women are served first",
    regular: "Regular queue",
    regularSub: "Take a number",
    lansia: "Senior citizen", lansiaSub: "aged 60 or over",
    disabilitas: "Disability", disabilitasSub: "with or without a companion",
    ibu_hamil: "Pregnant", ibu_hamilSub: "or carrying a baby",
    requirementsTitle: "Make sure you have these documents",
    yourNumber: "Your number",
    ahead: "People ahead",
    people: "{n}",
    wait: "Estimated wait",
    waitNow: "now",
    waitMinutes: "~{m} min",
    scan: "Scan to follow your queue on your phone",
    printing: "Printing your ticket…",
    printed: "Please take your ticket",
    printFailed: "Printer problem — take a photo of this screen or scan the QR code",
    noPrinter: "Take a photo of this screen or scan the QR code",
    priority: "PRIORITY",
    finish: "Done",
    issueFailed: "Could not get a number. Please try again.",
    serviceGone: "This service is no longer available. Please choose another one.",
    pairTitle: "This kiosk is not paired yet",
    pairBody: "An admin enters this code on the Devices page (or scans the QR code):",
    pairCli: "Or open /kiosk?device_token=TOKEN once (queue-server token create --device NAME --kind kiosk).",
    revoked: "This kiosk's token is no longer valid (revoked or wrong).",
    toggle: "ID",
  },
};

/** The hall's language (config.toml `[site] language`): where the kiosk returns after a citizen. */
export const hallLang = asLang(document.body.dataset.language);
export const texts = new Texts(TEXT, hallLang);

/** @param {keyof typeof TEXT.id} key @param {Record<string, string | number | null | undefined>} [values] */
export const t = (key, values) => texts.t(key, values);

/** A service's expected wait, for its row: nothing when unknown.
 *  @param {number | null | undefined} minutes */
export function etaText(minutes) {
  if (minutes === null || minutes === undefined) return "";
  return minutes === 0 ? t("etaNow") : t("eta", { m: minutes });
}

/** The ticket's expected wait: a dash when unknown. @param {number | null | undefined} minutes */
export function waitText(minutes) {
  if (minutes === null || minutes === undefined) return "–";
  return minutes === 0 ? t("waitNow") : t("waitMinutes", { m: minutes });
}
