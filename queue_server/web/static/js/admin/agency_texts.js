// @ts-check
// Texts of the Instansi pages (list and form), Indonesian first.
import { defineTexts } from "./texts.js";

export const texts = defineTexts({
  id: {
    agTitle: "Instansi", agNew: "Instansi baru", agEdit: "Ubah instansi",
    agSubtitle: "Instansi yang membuka loket di mal pelayanan ini. Instansi yang dinonaktifkan tetap tercatat di laporan.",
    agConfirm: "Layanan dan loketnya tidak lagi tampil di kios. Riwayat dan laporannya tetap tersimpan.",
    colName: "Nama", colShort: "Singkatan", colId: "Kode",
    fId: "Kode instansi", fIdHint: "Huruf kecil, angka dan tanda hubung, mis. dukcapil. Tidak bisa diubah setelah dibuat.",
    fName: "Nama (Bahasa Indonesia)", fNameEn: "Nama (English)", fShort: "Singkatan",
    fShortHint: "Tampil di layar TV dan konsol, mis. Disdukcapil.",
    fBadge: "Lencana", fBadgeHint: "2–3 huruf di ubin kios, mis. BKS. Kosong: dibuat dari singkatan, berbeda dari instansi lain.",
    logoTitle: "Logo", logoHint: "PNG, JPEG atau SVG, paling besar 200 KB. Tampil di ubin kios menggantikan lencana.",
    logoNone: "Belum ada logo: kios menampilkan lencana.", logoUpload: "Unggah logo",
    logoSaved: "Logo tersimpan.", logoChoose: "Pilih berkas gambar dahulu.",
  },
  en: {
    agTitle: "Agencies", agNew: "New agency", agEdit: "Edit agency",
    agSubtitle: "The agencies with counters in this service hall. A deactivated agency stays in the reports.",
    agConfirm: "Its services and counters no longer show on the kiosks. Its history and reports are kept.",
    colName: "Name", colShort: "Short name", colId: "Code",
    fId: "Agency code", fIdHint: "Lower-case letters, digits and hyphens, e.g. dukcapil. Cannot change once created.",
    fName: "Name (Bahasa Indonesia)", fNameEn: "Name (English)", fShort: "Short name",
    fShortHint: "Shown on the TV and the console, e.g. Disdukcapil.",
    fBadge: "Badge", fBadgeHint: "2–3 letters on the kiosk tile, e.g. BKS. Empty: made from the short name, distinct from the other agencies.",
    logoTitle: "Logo", logoHint: "PNG, JPEG or SVG, at most 200 KB. Shown on the kiosk tile instead of the badge.",
    logoNone: "No logo yet: the kiosk shows the badge.", logoUpload: "Upload logo",
    logoSaved: "Logo saved.", logoChoose: "Choose an image file first.",
  },
});
