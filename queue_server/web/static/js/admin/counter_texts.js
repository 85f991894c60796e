// @ts-check
// Texts of the Loket pages (list and form), Indonesian first.
import { defineTexts } from "./texts.js";

export const texts = defineTexts({
  id: {
    ctTitle: "Loket", ctNew: "Loket baru", ctEdit: "Ubah loket",
    ctSubtitle: "Loket tempat petugas memanggil warga: nomornya di layar TV, instansinya, dan layanan yang dilayani beserta bobotnya.",
    ctConfirm: "Loket ini tidak lagi tampil di layar TV dan tidak bisa memanggil. Warga yang menunggu tetap dipanggil di loket lain yang melayani layanannya.",
    ctAllAgencies: "Semua instansi",
    colNumber: "No.", colName: "Nama", colAgency: "Instansi", colServices: "Layanan (bobot)",
    secCounter: "Loket", secServices: "Layanan yang dilayani",
    fNumber: "Nomor loket", fNumberHint: "Diucapkan dan tampil di layar TV, unik di mal pelayanan.",
    fName: "Nama", fNameHint: "Tampil di layar TV dan konsol, mis. Loket 12.",
    fId: "Kode loket", fIdHint: "Huruf kecil, angka dan tanda hubung, mis. loket-12. Tidak bisa diubah setelah dibuat.",
    fAgency: "Instansi",
    fServicesHint: "Centang layanan yang dipanggil di loket ini. Bobot 2 membuat satu menit menunggu dihitung dua kali, sehingga layanan itu lebih cepat dipanggil.",
    weight: "Bobot", noServices: "Belum ada layanan.",
    filterServices: "Saring layanan…",
  },
  en: {
    ctTitle: "Counters", ctNew: "New counter", ctEdit: "Edit counter",
    ctSubtitle: "The counters where officers call citizens: their number on the TV, their agency, and the services they serve with weights.",
    ctConfirm: "This counter no longer shows on the TV and cannot call. Citizens waiting are still called at the other counters serving their service.",
    ctAllAgencies: "All agencies",
    colNumber: "No.", colName: "Name", colAgency: "Agency", colServices: "Services (weight)",
    secCounter: "Counter", secServices: "Services served",
    fNumber: "Counter number", fNumberHint: "Called out and shown on the TV, unique in the hall.",
    fName: "Name", fNameHint: "Shown on the TV and the console, e.g. Loket 12.",
    fId: "Counter code", fIdHint: "Lower-case letters, digits and hyphens, e.g. loket-12. Cannot change once created.",
    fAgency: "Agency",
    fServicesHint: "Tick the services called at this counter. Weight 2 counts a minute of waiting double, so that service is called sooner.",
    weight: "Weight", noServices: "No services yet.",
    filterServices: "Filter services…",
  },
});
