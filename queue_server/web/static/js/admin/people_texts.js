// @ts-check
// Texts of the Petugas & staf pages (list and form), Indonesian first.
import { defineTexts } from "./texts.js";

export const texts = defineTexts({
  id: {
    ppTitle: "Petugas & staf", ppNew: "Akun baru", ppEdit: "Ubah akun",
    ppSubtitle: "Akun petugas loket, supervisor instansi dan admin. Akun yang dinonaktifkan langsung keluar dari semua perangkat.",
    ppSubtitleSupervisor: "Akun petugas loket di instansi Anda. Akun yang dinonaktifkan langsung keluar dari semua perangkat.",
    ppConfirm: "Semua sesi, token dan sambungan akun ini langsung berakhir. Akun bisa diaktifkan lagi nanti.",
    colName: "Nama", colRole: "Peran", colWhere: "Instansi / loket", colState: "Keterangan",
    mustChange: "harus ganti sandi", everything: "seluruh mal pelayanan",
    secAccount: "Akun", secScope: "Tugas",
    fName: "Nama pengguna", fNameHint: "Untuk masuk: huruf, angka, titik, garis bawah, @ atau tanda hubung. Tidak bisa diubah setelah dibuat.",
    fDisplay: "Nama lengkap", fDisplayHint: "Tampil untuk rekan kerja, mis. Rina Marlina.",
    fRole: "Peran", fAgencies: "Instansi yang diawasi", fAgenciesHint: "Supervisor mengelola layanan, loket dan petugas instansi ini.",
    fCounters: "Loket tempat bertugas", fCountersHint: "Petugas hanya bisa memanggil di loket yang dicentang.",
    roleHintAdmin: "Admin mengelola seluruh mal pelayanan: instansi, jadwal, situs, perangkat dan semua akun.",
    "roleName.officer": "Petugas loket", "roleName.supervisor": "Supervisor instansi", "roleName.admin": "Admin",
    resetTitle: "Kata sandi", resetHint: "Buat kata sandi sekali pakai baru bila petugas lupa kata sandinya. Sesi yang masih terbuka langsung berakhir.",
    reset: "Atur ulang kata sandi", resetConfirm: "Atur ulang kata sandi {name}?",
    resetBody: "Kata sandi lama tidak berlaku lagi dan sesi yang terbuka berakhir. Kata sandi baru ditampilkan sekali.",
    stateTitle: "Status", stateActive: "Akun aktif.", stateInactive: "Akun nonaktif: tidak bisa masuk.",
  },
  en: {
    ppTitle: "Officers & staff", ppNew: "New account", ppEdit: "Edit account",
    ppSubtitle: "Accounts of counter officers, agency supervisors and admins. A deactivated account is signed out everywhere at once.",
    ppSubtitleSupervisor: "Accounts of the counter officers of your agencies. A deactivated account is signed out everywhere at once.",
    ppConfirm: "All of this account's sessions, tokens and connections end at once. It can be reactivated later.",
    colName: "Name", colRole: "Role", colWhere: "Agencies / counters", colState: "Notes",
    mustChange: "must change password", everything: "the whole hall",
    secAccount: "Account", secScope: "Assignment",
    fName: "User name", fNameHint: "To sign in: letters, digits, dot, underscore, @ or hyphen. Cannot change once created.",
    fDisplay: "Full name", fDisplayHint: "Shown to colleagues, e.g. Rina Marlina.",
    fRole: "Role", fAgencies: "Agencies supervised", fAgenciesHint: "A supervisor manages the services, counters and officers of these agencies.",
    fCounters: "Counters worked at", fCountersHint: "An officer can only call at the ticked counters.",
    roleHintAdmin: "An admin runs the whole hall: agencies, schedule, site, devices and every account.",
    "roleName.officer": "Counter officer", "roleName.supervisor": "Agency supervisor", "roleName.admin": "Admin",
    resetTitle: "Password", resetHint: "Make a new one-time password when an officer forgot theirs. Open sessions end at once.",
    reset: "Reset password", resetConfirm: "Reset the password of {name}?",
    resetBody: "The old password stops working and open sessions end. The new password is shown once.",
    stateTitle: "Status", stateActive: "Account active.", stateInactive: "Account inactive: cannot sign in.",
  },
});
