// @ts-check
// The supervisor page's texts, Indonesian first (the template holds the same defaults).
import { defineTexts } from "./admin/texts.js";

export const texts = defineTexts({
  id: {
    "sup.title": "Pengawasan", "sup.subtitle": "Antrian, loket dan alarm secara langsung.",
    "sup.connecting": "Menghubungkan…", "sup.live": "Langsung", "sup.offline": "Terputus — mencoba lagi",
    "sup.alarms": "Alarm", "sup.noAlarms": "Tidak ada alarm. Semua berjalan normal.",
    "sup.ack": "Akui", "sup.acked": "Diakui oleh {who}", "sup.since": "sejak {time}",
    "sup.raised": "Alarm baru: {message}", "sup.ackDone": "Alarm diakui.",
    "sup.waiting": "Menunggu", "sup.longest": "Tunggu terlama", "sup.served": "Dilayani hari ini",
    "sup.minutes": "{n} menit", "sup.counters": "Loket", "sup.services": "Layanan",
    "sup.quota": "Kuota", "sup.noQuota": "tanpa kuota", "sup.nobody": "—",
    "sup.idleFor": "diam {n} menit", "sup.counter": "Loket", "sup.state": "Keadaan",
    "sup.ticket": "Nomor", "sup.officer": "Petugas", "sup.noCounters": "Belum ada loket.",
    "st.open": "Buka, kosong", "st.calling": "Memanggil", "st.serving": "Melayani",
    "st.paused": "Istirahat", "st.closed": "Tutup",
    "kind.long_wait": "Tunggu terlalu lama", "kind.idle_counter": "Loket diam",
    "kind.printer_down": "Printer mati", "kind.paper_low": "Kertas hampir habis",
    "kind.quota_nearly_reached": "Kuota hampir habis", "kind.screen_offline": "Layar mati", "kind.message_queue_down": "Antrean pesan mati",
  },
  en: {
    "sup.title": "Supervision", "sup.subtitle": "Queues, counters and alarms, live.",
    "sup.connecting": "Connecting…", "sup.live": "Live", "sup.offline": "Disconnected — retrying",
    "sup.alarms": "Alarms", "sup.noAlarms": "No alarms. Everything is running normally.",
    "sup.ack": "Acknowledge", "sup.acked": "Acknowledged by {who}", "sup.since": "since {time}",
    "sup.raised": "New alarm: {message}", "sup.ackDone": "Alarm acknowledged.",
    "sup.waiting": "Waiting", "sup.longest": "Longest wait", "sup.served": "Served today",
    "sup.minutes": "{n} min", "sup.counters": "Counters", "sup.services": "Services",
    "sup.quota": "Quota", "sup.noQuota": "no quota", "sup.nobody": "—",
    "sup.idleFor": "idle {n} min", "sup.counter": "Counter", "sup.state": "State",
    "sup.ticket": "Number", "sup.officer": "Officer", "sup.noCounters": "No counters yet.",
    "st.open": "Open, idle", "st.calling": "Calling", "st.serving": "Serving",
    "st.paused": "On break", "st.closed": "Closed",
    "kind.long_wait": "Waiting too long", "kind.idle_counter": "Idle counter",
    "kind.printer_down": "Printer down", "kind.paper_low": "Paper running low",
    "kind.quota_nearly_reached": "Quota nearly used", "kind.screen_offline": "Screen offline", "kind.message_queue_down": "Message queue down",
  },
});

