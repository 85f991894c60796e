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
    haveBooking: "Sudah reservasi?",
    haveBookingSub: "Check-in dengan kode reservasi",
    checkinTitle: "Check-in reservasi",
    checkinLead: "Ketik 6 karakter kode reservasi Anda, atau pindai kode QR-nya",
    checking: "Memeriksa kode…",
    erase: "Hapus satu karakter",
    clearCode: "Hapus semua",
    checkinButton: "Check-in",
    booked: "RESERVASI",
    p_too_early: "Belum waktunya check-in",
    p_booking_expired: "Waktu reservasi sudah lewat",
    p_cancelled: "Reservasi dibatalkan",
    p_unknown: "Kode tidak ditemukan",
    p_other: "Check-in belum berhasil",
    tooEarly: "Terlalu awal. Silakan check-in mulai pukul {time}.",
    tooEarlyDay: "Terlalu awal. Reservasi Anda untuk {day}; silakan check-in hari itu mulai pukul {time}.",
    tooEarlyPlain: "Terlalu awal. Check-in dibuka 30 menit sebelum jadwal reservasi Anda.",
    expired: "Reservasi Anda pukul {start}–{end} sudah lewat. Silakan ambil nomor antrian biasa.",
    expiredPlain: "Waktu reservasi Anda sudah lewat. Silakan ambil nomor antrian biasa.",
    cancelled: "Reservasi ini sudah dibatalkan. Silakan ambil nomor antrian biasa.",
    unknownCode: "Kode {code} tidak dikenal. Periksa kembali kode pada bukti reservasi Anda.",
    checkinFailed: "Gagal memeriksa kode. Silakan coba lagi.",
    walkIn: "Ambil nomor antrian biasa",
    tryAgain: "Ketik ulang kode",
    toStart: "Kembali ke awal",
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
    haveBooking: "Have a booking?",
    haveBookingSub: "Check in with your booking code",
    checkinTitle: "Booking check-in",
    checkinLead: "Type the 6 characters of your booking code, or scan its QR code",
    checking: "Checking the code…",
    erase: "Delete one character",
    clearCode: "Clear",
    checkinButton: "Check in",
    booked: "BOOKING",
    p_too_early: "Too early to check in",
    p_booking_expired: "Your booking time has passed",
    p_cancelled: "Booking cancelled",
    p_unknown: "Code not found",
    p_other: "Check-in did not work",
    tooEarly: "Too early. Please check in from {time}.",
    tooEarlyDay: "Too early. Your booking is for {day}; please check in that day from {time}.",
    tooEarlyPlain: "Too early. Check-in opens 30 minutes before your booked time.",
    expired: "Your booking for {start}–{end} has passed. Please take a regular number.",
    expiredPlain: "Your booking time has passed. Please take a regular number.",
    cancelled: "This booking was cancelled. Please take a regular number.",
    unknownCode: "Code {code} is not known. Please check the code on your booking.",
    checkinFailed: "Could not check the code. Please try again.",
    walkIn: "Take a regular number",
    tryAgain: "Type the code again",
    toStart: "Back to the start",
    toggle: "ID",
  },
};

/** The hall's language (config.toml `[site] language`): where the kiosk returns after a citizen. */
export const hallLang = asLang(document.body.dataset.language);
export const texts = new Texts(TEXT, hallLang);

/** @param {keyof typeof TEXT.id} key @param {Record<string, string | number | null | undefined>} [values] */
export const t = (key, values) => texts.t(key, values);

/** The estimate in the server's words (domain/eta_words.py: "segera", "± 14 menit"), in
 *  the language shown; the kiosk has no wording of its own.
 *  @param {{eta_text?: string | null, eta_text_en?: string | null}} item */
function etaWords(item) {
  return (texts.lang === "en" ? item.eta_text_en : item.eta_text) || null;
}

/** A service's expected wait, for its row: nothing when unknown.
 *  @param {{eta_text?: string | null, eta_text_en?: string | null}} service */
export function etaText(service) {
  return etaWords(service) || "";
}

/** The ticket's expected wait: a dash when unknown.
 *  @param {{eta_text?: string | null, eta_text_en?: string | null}} ticket */
export function waitText(ticket) {
  return etaWords(ticket) || "–";
}
