/*
 * pushbench browser subscribers, driven through WebDriver by the load generator's browser driver (docs/browser.md).
 *
 *   const i = pushbench.open('sse', '/sse', {policy: 'jitter', minMs: 100, maxMs: 2000});   // or 'ws', 'ws://.../ws'
 *   pushbench.drain();   // [[event, ...] per subscriber]; each event is [kind, time, data, size]
 *   pushbench.stop();    // closes every subscriber
 *
 * time: performance.now() when the handler ran, ms since this page's time origin (the driver maps it to its clock).
 * kind: 'c' connect start; 'o' open (response headers / 101); 'm' a feed event: a message, the subscribed marker or
 * the lost signal, data being its JSON without the padding and size its full length; 'x' the stream ended, data
 * 'error' when the EventSource reconnects by itself (after retry:, with Last-Event-ID), otherwise 'closed ...' and
 * this page reconnects after the backoff, resuming with ?lastEventId=; 's' closed by stop().
 *
 * The backoff is LoadSession.backoff's, with the run's parameters: jitter (exponential from minMs, capped at maxMs,
 * full jitter, attempt reset to 1 by a stream that delivered), sync (minMs every time) or native (WebSocket: at once,
 * then minMs while attempts fail).
 */
'use strict';
window.pushbench = (function () {
  const subs = [];
  let stopped = false;
  const now = () => performance.now();

  // the driver needs seq, ts, mono (or the marker's fields) and the size: the padding need not cross WebDriver
  function compact(d) {
    const i = d.indexOf(',"pad":"');
    return i < 0 ? d : d.substring(0, i) + '}';
  }

  // the resume point, as ConnectionProbe.resumePoint(): the highest seq, or the marker's next - 1 before any seq
  function seen(s, d) {
    s.delivered = true;
    const m = /"seq":(\d+)/.exec(d);
    if (m) {
      const q = Number(m[1]);
      if (q > s.last) s.last = q;
      return;
    }
    const n = /"next":(\d+)/.exec(d);
    if (n && s.last === 0) s.last = Number(n[1]) - 1;
  }

  function onEvent(s) {
    return e => {
      const t = now();
      const d = compact(e.data);
      s.buf.push(['m', t, d, e.data.length]);
      seen(s, d);
    };
  }

  function backoffMs(s) {
    const b = s.backoff;
    if (b.policy === 'sync') return b.minMs;
    if (b.policy === 'native') return s.attempt <= 1 ? 0 : b.minMs;
    const a = Math.min(20, Math.max(1, s.attempt));
    const cap = Math.min(b.maxMs, b.minMs * Math.pow(2, a));
    return cap <= b.minMs ? b.minMs : b.minMs + Math.random() * (cap - b.minMs);
  }

  // a stream that delivered resets the attempt count to 1, one that did not grows it (LoadSession.streamEnded)
  function nextAttempt(s) {
    s.attempt = s.delivered ? 1 : s.attempt + 1;
    s.delivered = false;
  }

  function reconnect(s) {
    nextAttempt(s);
    s.timer = setTimeout(() => {
      s.timer = null;
      if (!stopped) s.connect(s);
    }, backoffMs(s));
  }

  function url(s) {
    return s.last > 0 ? s.url + (s.url.includes('?') ? '&' : '?') + 'lastEventId=' + s.last : s.url;
  }

  function openSse(s) {
    s.buf.push(['c', now(), null, 0]);
    const es = new EventSource(url(s));
    s.conn = es;
    es.onopen = () => s.buf.push(['o', now(), null, 0]);
    es.onmessage = onEvent(s);
    es.addEventListener('subscribed', onEvent(s));
    es.addEventListener('lost', onEvent(s));
    es.onerror = () => {
      const t = now();
      if (stopped) return;
      if (es.readyState === EventSource.CLOSED) {   // the browser gave up (bad status or type): reopen ourselves
        s.buf.push(['x', t, 'closed', 0]);
        reconnect(s);
      } else {                                      // the browser reconnects by itself
        s.buf.push(['x', t, 'error', 0]);
        nextAttempt(s);
      }
    };
  }

  function openWs(s) {
    s.buf.push(['c', now(), null, 0]);
    let ws;
    try {
      ws = new WebSocket(url(s));
    } catch (e) {
      s.buf.push(['x', now(), 'closed ' + e, 0]);
      reconnect(s);
      return;
    }
    s.conn = ws;
    ws.onopen = () => s.buf.push(['o', now(), null, 0]);
    ws.onmessage = onEvent(s);
    ws.onclose = e => {
      const t = now();
      if (stopped) return;
      s.buf.push(['x', t, 'closed ' + e.code, 0]);
      reconnect(s);
    };
  }

  return {
    /** Opens one subscriber on transport 'sse' or 'ws' at url; returns its index in drain()'s answer. */
    open(transport, streamUrl, backoff) {
      const s = {url: streamUrl, backoff: backoff, buf: [], last: 0, attempt: 0, delivered: false, conn: null,
        timer: null, connect: transport === 'sse' ? openSse : openWs};
      subs.push(s);
      s.connect(s);
      return subs.length - 1;
    },
    /** Every subscriber's events since the last drain, in order. */
    drain() {
      return subs.map(s => {
        const b = s.buf;
        s.buf = [];
        return b;
      });
    },
    /** Closes every subscriber (the end of the run); each records 's'. */
    stop() {
      stopped = true;
      for (const s of subs) {
        if (s.timer) clearTimeout(s.timer);
        if (s.conn) s.conn.close();
        s.buf.push(['s', now(), null, 0]);
      }
    },
    now: now,
    /** The clock's smallest step seen over 20 ms of spinning, and whether the page is cross-origin isolated. */
    clock() {
      let min = Infinity;
      let prev = now();
      const end = prev + 20;
      for (let t = prev; t < end; t = now()) {
        if (t !== prev) {
          min = Math.min(min, t - prev);
          prev = t;
        }
      }
      return {resolutionMs: min, crossOriginIsolated: self.crossOriginIsolated === true,
        timeOrigin: performance.timeOrigin};
    }
  };
})();
