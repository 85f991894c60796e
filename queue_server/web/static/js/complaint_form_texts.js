// @ts-check
// The citizen's complaint form's texts (complaint_form.js and the status page), Indonesian
// first. The categories match domain/complaints.py CATEGORIES.
import { Texts } from "./texts.js";

export const CATEGORY_CODES = ["officer_service", "waiting_time", "requirements", "cost",
  "facilities", "other"];

/** @param {"id" | "en"} lang */
export function complaintTexts(lang) {
  return new Texts({
    id: {
      "cf.title": "Sampaikan pengaduan atau saran",
      "cf.lead": "Pengaduan Anda dibaca oleh petugas instansi dan dijawab paling lambat 5 hari kerja.",
      "cf.category": "Tentang apa?",
      "cat.officer_service": "Pelayanan petugas", "cat.waiting_time": "Waktu tunggu",
      "cat.requirements": "Persyaratan", "cat.cost": "Biaya",
      "cat.facilities": "Sarana dan prasarana", "cat.other": "Lainnya",
      "cf.agency": "Instansi (boleh dikosongkan)", "cf.anyAgency": "— Tidak tahu / umum —",
      "cf.text": "Ceritakan apa yang terjadi", "cf.textHint": "Paling sedikit 10 huruf.",
      "cf.count": "{n} / 2.000",
      "cf.contact": "Nomor HP atau e-mail (opsional)",
      "cf.contactHint": "Hanya petugas yang menangani pengaduan yang dapat melihatnya.",
      "cf.send": "Kirim pengaduan", "cf.sending": "Mengirim…",
      "cf.pickCategory": "Pilih salah satu kategori.",
      "cf.shortText": "Tuliskan paling sedikit 10 huruf.",
      "cf.sent": "Pengaduan terkirim", "cf.codeLabel": "Kode pengaduan Anda",
      "cf.keepCode": "Simpan atau foto kode ini untuk melihat jawabannya.",
      "cf.due": "Jawaban paling lambat {date}.",
      "cf.seeStatus": "Lihat status pengaduan", "cf.another": "Kirim pengaduan lain",
      "cf.lapor": "Jika tidak puas, Anda dapat menyampaikan pengaduan melalui SP4N-LAPOR! di lapor.go.id",
      "cf.failed": "Pengaduan belum terkirim. Periksa jaringan lalu coba lagi.",
      "st.title": "Status pengaduan", "st.codeField": "Kode pengaduan (8 huruf/angka)",
      "st.check": "Lihat status", "st.filed": "Dikirim {date}", "st.dueLine": "Batas jawaban: {date}",
      "st.new": "Diterima, menunggu ditangani", "st.in_progress": "Sedang diproses",
      "st.answered": "Sudah dijawab", "st.overdue": "Melewati batas waktu jawaban",
      "st.answer": "Jawaban", "st.answeredAt": "Dijawab {date}", "st.yours": "Pengaduan Anda",
      "st.noAnswer": "Belum ada jawaban. Silakan periksa lagi nanti.",
      "cp.toStatus": "Sudah mengirim? Lihat status pengaduan", "cp.toNew": "Kirim pengaduan baru",
    },
    en: {
      "cf.title": "Send a complaint or suggestion",
      "cf.lead": "Your complaint is read by the agency's staff and answered within 5 working days.",
      "cf.category": "What is it about?",
      "cat.officer_service": "Officer's service", "cat.waiting_time": "Waiting time",
      "cat.requirements": "Requirements", "cat.cost": "Cost",
      "cat.facilities": "Facilities", "cat.other": "Other",
      "cf.agency": "Agency (optional)", "cf.anyAgency": "— Not sure / general —",
      "cf.text": "Tell us what happened", "cf.textHint": "At least 10 characters.",
      "cf.count": "{n} / 2,000",
      "cf.contact": "Phone number or e-mail (optional)",
      "cf.contactHint": "Only the staff handling complaints can see it.",
      "cf.send": "Send complaint", "cf.sending": "Sending…",
      "cf.pickCategory": "Choose one category.",
      "cf.shortText": "Write at least 10 characters.",
      "cf.sent": "Complaint sent", "cf.codeLabel": "Your complaint code",
      "cf.keepCode": "Keep or photograph this code to read the answer.",
      "cf.due": "Answer by {date} at the latest.",
      "cf.seeStatus": "See the complaint's status", "cf.another": "Send another complaint",
      "cf.lapor": "If you are not satisfied, you can file a complaint through SP4N-LAPOR! at lapor.go.id",
      "cf.failed": "The complaint was not sent. Check the network and try again.",
      "st.title": "Complaint status", "st.codeField": "Complaint code (8 letters/digits)",
      "st.check": "See status", "st.filed": "Sent {date}", "st.dueLine": "Answer due: {date}",
      "st.new": "Received, waiting to be handled", "st.in_progress": "In progress",
      "st.answered": "Answered", "st.overdue": "Past the answer's deadline",
      "st.answer": "Answer", "st.answeredAt": "Answered {date}", "st.yours": "Your complaint",
      "st.noAnswer": "No answer yet. Please check again later.",
      "cp.toStatus": "Already sent one? See its status", "cp.toNew": "Send a new complaint",
    },
  }, lang);
}

/** "Senin, 9 Maret 2026" from a YYYY-MM-DD day (read as that calendar day, no zone shift).
 *  @param {string} day @param {string} locale */
export function longDay(day, locale) {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(locale, {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
