// @ts-check
// The staff complaint list's texts, Indonesian first (the template holds the same defaults).
import { defineTexts } from "../admin/texts.js";

export const texts = defineTexts({
  id: {
    "cl.title": "Pengaduan", "cl.subtitle": "Pengaduan dan saran warga; jawab paling lambat 5 hari kerja.",
    "cl.status": "Status", "cl.all": "Semua status", "cl.agency": "Instansi",
    "cl.allAgencies": "Semua instansi", "cl.noAgency": "Umum (tanpa instansi)",
    "cl.overdueOnly": "Hanya yang terlambat", "cl.empty": "Belum ada pengaduan.",
    "cl.count": "{n} pengaduan", "cl.filed": "Masuk {time}", "cl.due": "Batas jawaban {date}",
    "cl.late": "Terlambat", "cl.ticket": "Tiket {code}", "cl.contact": "Kontak: {contact}",
    "cl.noContact": "Tanpa kontak", "cl.take": "Tangani", "cl.answerLabel": "Jawaban untuk warga",
    "cl.send": "Kirim jawaban", "cl.answeredBy": "Dijawab oleh {who}, {time}",
    "cl.taken": "Pengaduan {code} sedang diproses.", "cl.answered": "Jawaban untuk {code} terkirim.",
    "cl.nNew": "Baru", "cl.nProgress": "Sedang diproses", "cl.nAnswered": "Dijawab", "cl.nLate": "Terlambat",
    "cs.new": "Baru", "cs.in_progress": "Sedang diproses", "cs.answered": "Dijawab",
    "ch.phone": "dari ponsel", "ch.survey": "dari tablet survei", "ch.web": "dari formulir web",
    "cat.officer_service": "Pelayanan petugas", "cat.waiting_time": "Waktu tunggu",
    "cat.requirements": "Persyaratan", "cat.cost": "Biaya",
    "cat.facilities": "Sarana dan prasarana", "cat.other": "Lainnya",
  },
  en: {
    "cl.title": "Complaints", "cl.subtitle": "Citizens' complaints and suggestions; answer within 5 working days.",
    "cl.status": "Status", "cl.all": "Every status", "cl.agency": "Agency",
    "cl.allAgencies": "Every agency", "cl.noAgency": "General (no agency)",
    "cl.overdueOnly": "Overdue only", "cl.empty": "No complaints yet.",
    "cl.count": "{n} complaints", "cl.filed": "Received {time}", "cl.due": "Answer due {date}",
    "cl.late": "Overdue", "cl.ticket": "Ticket {code}", "cl.contact": "Contact: {contact}",
    "cl.noContact": "No contact", "cl.take": "Take up", "cl.answerLabel": "Answer to the citizen",
    "cl.send": "Send answer", "cl.answeredBy": "Answered by {who}, {time}",
    "cl.taken": "Complaint {code} is in progress.", "cl.answered": "The answer to {code} was sent.",
    "cl.nNew": "New", "cl.nProgress": "In progress", "cl.nAnswered": "Answered", "cl.nLate": "Overdue",
    "cs.new": "New", "cs.in_progress": "In progress", "cs.answered": "Answered",
    "ch.phone": "from a phone", "ch.survey": "from the survey tablet", "ch.web": "from the web form",
    "cat.officer_service": "Officer's service", "cat.waiting_time": "Waiting time",
    "cat.requirements": "Requirements", "cat.cost": "Cost",
    "cat.facilities": "Facilities", "cat.other": "Other",
  },
});
