// @ts-check
// The booking pages' texts (/booking and /booking/manage), Indonesian first. Keys marked
// `data-t` in the templates are filled by Texts.apply() on a language switch.
import { Texts, asLang } from "../texts.js";

const ID = {
  toggle: "EN", loading: "Memuat…",
  title: "Reservasi antrean",
  lead: "Pilih layanan dan jam kedatangan, lalu check-in di kios saat tiba.",
  toManage: "Sudah reservasi? Lihat atau batalkan", toBook: "Buat reservasi baru",
  back: "Kembali", step: "Langkah {n} dari 5",
  pickAgency: "Pilih instansi", pickService: "Pilih layanan", pickDay: "Pilih hari",
  pickSlot: "Pilih jam kedatangan", yourData: "Data Anda",
  services: "{n} layanan", noServices: "Belum ada layanan yang menerima reservasi.",
  docsTitle: "Dokumen yang perlu dibawa", noDocs: "Tidak ada persyaratan khusus.",
  slotsLeft: "{n} jam tersedia", dayFull: "Penuh", dayClosed: "Tutup", holiday: "Libur: {name}",
  dayUnknown: "Tidak dapat dimuat", today: "Hari ini",
  left: "sisa {left} dari {capacity}", full: "Penuh", noSlots: "Tidak ada jam tersedia pada hari ini.",
  name: "Nama lengkap", nameHint: "Sesuai KTP. Hanya petugas yang melihatnya.",
  phone: "Nomor ponsel (boleh dikosongkan)", phoneHint: "Untuk dihubungi bila jadwal berubah.",
  needName: "Isi nama Anda (minimal 2 huruf).", badPhone: "Nomor ponsel tidak valid. Contoh: 0812 3456 7890 atau +62 812 3456 7890.",
  book: "Pesan reservasi", booking: "Memesan…",
  chosen: "{service} · {day}, pukul {start}–{end} {zone}",
  done: "Reservasi berhasil", codeLabel: "Kode reservasi Anda",
  madeEarlier: "Reservasi ini sudah dibuat dari isian yang Anda kirim sebelumnya (jawabannya tidak sampai ke ponsel Anda). Perubahan terakhir tidak dipakai; untuk mengubahnya, batalkan lalu pesan lagi.",
  keepCode: "Simpan kode ini. Di MPP, ketik kode atau pindai QR ini di kios untuk mengambil nomor antrian.",
  when: "Waktu", where: "Tempat", service: "Layanan",
  checkInWindow: "Check-in di kios mulai 30 menit sebelum jam Anda, paling lambat 15 menit setelahnya.",
  addCalendar: "Tambahkan ke kalender", manage: "Lihat atau batalkan reservasi", another: "Buat reservasi lain",
  // errors from the API envelope, said the citizen's way
  rateLimited: "Terlalu banyak percobaan, coba lagi dalam {n} menit.",
  rateLimitedSoon: "Terlalu banyak percobaan, coba lagi sebentar lagi.",
  slotFull: "Slot ini sudah penuh. Silakan pilih jam lain.",
  serviceClosed: "Layanan tutup pada hari itu. Silakan pilih hari lain.",
  phoneTaken: "Nomor ini sudah punya reservasi untuk layanan ini pada hari itu.",
  network: "Tidak terhubung ke server. Isian Anda tetap tersimpan; coba lagi.",
  retry: "Coba lagi", failed: "Terjadi kesalahan. Silakan coba lagi.",
  notFound: "Reservasi dengan kode ini tidak ditemukan.",
  // the manage page
  manageTitle: "Reservasi Anda", enterCode: "Kode reservasi (6 huruf/angka)", show: "Tampilkan",
  badCode: "Kode terdiri dari 6 huruf dan angka, misalnya K7MQ2X.",
  st_booked: "Terpesan", st_checked_in: "Sudah check-in", st_cancelled: "Dibatalkan", st_missed: "Terlewat",
  ticketLabel: "Nomor antrian Anda", ticketNote: "Tunggu panggilan nomor ini di layar ruang tunggu.",
  cancel: "Batalkan reservasi", cancelling: "Membatalkan…",
  cancelQuestion: "Batalkan reservasi ini? Tempatnya akan diberikan kepada orang lain.",
  keep: "Tidak, tetap datang", cancelYes: "Ya, batalkan",
  cancelledNote: "Reservasi ini sudah dibatalkan. Anda dapat membuat reservasi baru kapan saja.",
  missedNote: "Waktu check-in reservasi ini sudah lewat. Silakan buat reservasi baru atau ambil nomor di kios.",
  cannotCancel: "Reservasi ini tidak dapat dibatalkan lagi.",
};

/** @type {{[K in keyof typeof ID]: string}} */
const EN = {
  toggle: "ID", loading: "Loading…",
  title: "Book a visit",
  lead: "Choose a service and a time, then check in at the kiosk when you arrive.",
  toManage: "Already booked? See or cancel your booking", toBook: "Make a new booking",
  back: "Back", step: "Step {n} of 5",
  pickAgency: "Choose an agency", pickService: "Choose a service", pickDay: "Choose a day",
  pickSlot: "Choose your arrival time", yourData: "Your details",
  services: "{n} services", noServices: "No service takes bookings yet.",
  docsTitle: "Documents to bring", noDocs: "No special requirements.",
  slotsLeft: "{n} times free", dayFull: "Full", dayClosed: "Closed", holiday: "Holiday: {name}",
  dayUnknown: "Could not be loaded", today: "Today",
  left: "{left} of {capacity} left", full: "Full", noSlots: "No free times on this day.",
  name: "Full name", nameHint: "As on your ID card. Only officers see it.",
  phone: "Mobile number (optional)", phoneHint: "So we can reach you if the schedule changes.",
  needName: "Enter your name (at least 2 letters).", badPhone: "Not a valid mobile number. For example 0812 3456 7890 or +62 812 3456 7890.",
  book: "Book", booking: "Booking…",
  chosen: "{service} · {day}, {start}–{end} {zone}",
  done: "You are booked", codeLabel: "Your booking code",
  madeEarlier: "This booking was made from what you sent before (its answer did not reach your phone). Your last changes were not used; to change them, cancel and book again.",
  keepCode: "Keep this code. At the hall, type it or scan this QR at the kiosk to get your queue number.",
  when: "When", where: "Where", service: "Service",
  checkInWindow: "Check in at the kiosk from 30 minutes before your time, at the latest 15 minutes after it.",
  addCalendar: "Add to calendar", manage: "See or cancel this booking", another: "Make another booking",
  rateLimited: "Too many attempts, try again in {n} minutes.",
  rateLimitedSoon: "Too many attempts, try again shortly.",
  slotFull: "This time is full. Please choose another.",
  serviceClosed: "The service is closed that day. Please choose another day.",
  phoneTaken: "This number already has a booking for this service on that day.",
  network: "No connection to the server. What you entered is kept; try again.",
  retry: "Try again", failed: "Something went wrong. Please try again.",
  notFound: "No booking has this code.",
  manageTitle: "Your booking", enterCode: "Booking code (6 letters/digits)", show: "Show",
  badCode: "A code is 6 letters and digits, for example K7MQ2X.",
  st_booked: "Booked", st_checked_in: "Checked in", st_cancelled: "Cancelled", st_missed: "Missed",
  ticketLabel: "Your queue number", ticketNote: "Wait for this number to be called on the hall's screen.",
  cancel: "Cancel booking", cancelling: "Cancelling…",
  cancelQuestion: "Cancel this booking? The place goes to someone else.",
  keep: "No, keep it", cancelYes: "Yes, cancel",
  cancelledNote: "This booking is cancelled. You can make a new one at any time.",
  missedNote: "The check-in time of this booking has passed. Please book again or take a number at the kiosk.",
  cannotCancel: "This booking can no longer be cancelled.",
};

/** @typedef {Texts<typeof ID>} BookingTexts */

/** @param {unknown} lang @returns {BookingTexts} */
export function bookingTexts(lang) {
  return new Texts({ id: ID, en: EN }, asLang(lang));
}

/** "Kamis, 3 Desember 2026" for a local day "2026-12-03" (read as a calendar day, so the
 *  phone's own time zone cannot shift it).
 *  @param {string} day @param {string} locale @param {boolean} [short] */
export function dayLabel(day, locale, short = false) {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1, d, 12));
  const format = short ? { weekday: "short", day: "numeric", month: "short" }
    : { weekday: "long", day: "numeric", month: "long", year: "numeric" };
  return date.toLocaleDateString(locale, { ...(/** @type {Intl.DateTimeFormatOptions} */ (format)), timeZone: "UTC" });
}
