// @ts-check
// The TV's voice: fresh calls are spoken one at a time, in order, each once — chime first, then
// the server's voice clips, or the browser's speech when no clip plays. A browser that blocks
// sound gets the "tap to enable sound" overlay instead of silence.
import { $ } from "/static/js/dom.js";

/** @typedef {{event_id: number, at: string, text: string, audio?: string[], recall?: boolean,
 *   ticket: {code: string, language?: string}, counter: {id: string, name: string},
 *   agency?: {name: string, short_name: string} | null, waiting?: Record<string, number>}} Call */

/** @param {boolean} show */
function showSoundOverlay(show) {
  $("sound-overlay").classList.toggle("hidden", !show);
}

/** The browser's own speech, for when no voice clip could be played.
 *  @param {string} text @param {string} language @returns {Promise<void>} */
function speak(text, language) {
  return new Promise((resolve) => {
    if (!("speechSynthesis" in window) || !text) return resolve();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = language === "en" ? "en-US" : "id-ID";
    utterance.rate = 0.9;
    const timer = setTimeout(resolve, 15000);
    utterance.onend = () => { clearTimeout(timer); resolve(); };
    utterance.onerror = () => { clearTimeout(timer); resolve(); };
    window.speechSynthesis.speak(utterance);
  });
}

export class SoundQueue {
  /** @param {HTMLAudioElement} player
   *  @param {string} chime
   *  @param {{isFresh: (call: Call) => boolean, lang: string, onIdle: () => void}} page */
  constructor(player, chime, page) {
    this.player = player;
    this.chime = chime;
    this.page = page;
    /** @type {Call[]} */
    this.queue = [];
    this.busy = false;
    this.blocked = false;
  }

  /** @param {Call} call */
  enqueue(call) {
    this.queue.push(call);
    this.run();
  }

  async run() {
    if (this.busy || this.blocked) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.blocked) {
        const call = this.queue[0];
        if (!this.page.isFresh(call)) { // waited too long behind others or behind the overlay
          this.queue.shift();
          continue;
        }
        const done = await this.play(call);
        if (done === "blocked") {
          this.blocked = true;
          showSoundOverlay(true);
          break;
        }
        this.queue.shift();
      }
    } finally {
      this.busy = false;
      this.page.onIdle();
    }
  }

  /** @param {Call} call */
  async play(call) {
    // the server orders the clips: chime first, then the phrase's fragments
    const urls = call.audio && call.audio.length ? call.audio : [this.chime];
    const voice = urls.filter((url) => url !== this.chime);
    let failures = 0;
    for (const url of urls) {
      const result = await this.playUrl(url);
      if (result === "blocked") return "blocked";
      if (result !== "ended" && url !== this.chime) failures += 1;
    }
    // no voice clip could be played (no engine worked): the browser reads the text
    if (voice.length === 0 || failures >= voice.length) {
      await speak(call.text, call.ticket.language || this.page.lang);
    }
    window.__loketDisplay.spoken.push({ event_id: call.event_id, code: call.ticket.code, text: call.text });
    return "ok";
  }

  /** @param {string} url @returns {Promise<string>} ended, error, timeout or blocked */
  playUrl(url) {
    const player = this.player;
    return new Promise((resolve) => {
      let settled = false;
      /** @param {string} result */
      const finish = (result) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        player.removeEventListener("ended", onEnded);
        player.removeEventListener("error", onError);
        window.__loketDisplay.audio.push({ url, result, at: Date.now() });
        if (window.__loketDisplay.audio.length > 200) window.__loketDisplay.audio.splice(0, 100);
        resolve(result);
      };
      const onEnded = () => finish("ended");
      const onError = () => finish("error");
      const timer = setTimeout(() => finish("timeout"), 20000);
      player.addEventListener("ended", onEnded);
      player.addEventListener("error", onError);
      player.src = url;
      const attempt = player.play();
      if (attempt && attempt.catch) {
        attempt.catch((err) => finish(err && err.name === "NotAllowedError" ? "blocked" : "error"));
      }
    });
  }

  unlock() {
    this.blocked = false;
    showSoundOverlay(false);
    this.run();
  }

  /** A silent try at start: a browser that blocks audio shows the tap overlay now, not at
   *  the first call of the day. */
  async probeAutoplay() {
    const player = this.player;
    const previous = player.volume;
    player.volume = 0;
    player.src = this.chime;
    try {
      await player.play();
      player.pause();
    } catch (err) {
      if (err && err.name === "NotAllowedError") {
        this.blocked = true;
        showSoundOverlay(true);
      }
    } finally {
      player.volume = previous;
    }
  }

  /** The overlay's tap: a played sound unlocks the page for the rest of the day. */
  listenForTap() {
    $("sound-overlay").addEventListener("click", () => {
      this.player.src = this.chime;
      this.player.play().then(() => this.unlock()).catch(() => this.unlock());
    });
  }
}
