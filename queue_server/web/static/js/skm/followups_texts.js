// @ts-check
// The follow-up section's texts (skm/followups.js), Indonesian first.
import { defineTexts } from "../admin/texts.js";

export const texts = defineTexts({
  id: {
    "fl.actions": "Tindakan selesai", "fl.share": "Sudah ditindaklanjuti", "fl.days": "Rata-rata hari tindak lanjut",
    "fl.figures": "{done} / {actions}",
    "fl.none": "Belum ada rencana tindak lanjut untuk periode ini.",
    "fl.element": "Unsur", "fl.action": "Tindakan", "fl.owner": "Penanggung jawab", "fl.due": "Batas waktu",
    "fl.status": "Status", "fl.done": "Selesai", "fl.agency": "Instansi", "fl.hall": "Seluruh gedung",
    "fl.late": "Terlambat", "fl.add": "Tambah tindak lanjut", "fl.save": "Simpan",
    "fl.saved": "Tindak lanjut tersimpan.", "fl.changed": "Status diperbarui.",
    "fl.period": "Periode {from} – {to}", "fl.days.n": "{n} hari",
    "fs.planned": "Direncanakan", "fs.in_progress": "Dalam proses", "fs.done": "Selesai",
    "fl.actionHint": "Apa yang akan dilakukan untuk memperbaiki unsur ini",
  },
  en: {
    "fl.actions": "Actions done", "fl.share": "Followed up", "fl.days": "Mean days to follow up",
    "fl.figures": "{done} / {actions}",
    "fl.none": "No follow-up actions planned for this period yet.",
    "fl.element": "Element", "fl.action": "Action", "fl.owner": "Owner", "fl.due": "Due",
    "fl.status": "Status", "fl.done": "Done", "fl.agency": "Agency", "fl.hall": "Whole hall",
    "fl.late": "Overdue", "fl.add": "Add a follow-up action", "fl.save": "Save",
    "fl.saved": "Follow-up action saved.", "fl.changed": "Status updated.",
    "fl.period": "Period {from} – {to}", "fl.days.n": "{n} days",
    "fs.planned": "Planned", "fs.in_progress": "In progress", "fs.done": "Done",
    "fl.actionHint": "What will be done to improve this element",
  },
});
