// The embedding examples page (www/embedding.html): the elements' events,
// the iframe driven through its messages, the parser API on a chosen file.

// 1. The elements: their events, and attributes changed at run time.
const seen = [];
for (const viewer of document.querySelectorAll('netvu-viewer')) {
  for (const type of ['open', 'load', 'frame', 'error']) {
    viewer.addEventListener(type, (event) => {
      seen.push({ viewer: viewer.id, type, detail: event.detail });
      document.getElementById('element-events').textContent =
        `Events: ${seen.length}, the last ${type} from #${viewer.id}`;
    });
  }
}
window.elementEvents = seen;
const single = document.getElementById('single');
document.getElementById('single-camera-4').onclick = () => single.setAttribute('camera', '4');
document.getElementById('single-layout-2').onclick = () => single.setAttribute('layout', '2x2');

// 2. The iframe: the handshake, then requests, each answered.
const frame = document.getElementById('framed');
const origin = location.origin;
const answers = new Map();
const messages = [];
window.frameMessages = messages;
let next = 0;
addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow || !event.data?.netvuViewer) return;
  messages.push(event.data);
  answers.get(event.data.replyTo)?.(event.data);
  document.getElementById('frame-log').textContent = `Messages: ${messages.length}, the last ${event.data.type}`;
});
const send = (request) => new Promise((resolve) => {
  next += 1;
  answers.set(next, resolve);
  frame.contentWindow.postMessage({ netvu: 1, id: next, ...request }, origin);
});
window.frameReady = (async () => {
  for (;;) {
    const answered = await Promise.race([send({ type: 'ping' }), new Promise((r) => setTimeout(r, 200))]);
    if (answered?.type === 'pong') return;
  }
})();
const button = (id, request) => {
  document.getElementById(id).onclick = async () => { await window.frameReady; await send(request); };
};
button('frame-play', { type: 'play' });
button('frame-pause', { type: 'pause' });
button('frame-seek', { type: 'seek', time: '2026-03-15T11:20:32Z' });
button('frame-single', { type: 'camera', camera: 2 });

// 3. The parser API, loaded when a file is chosen.
document.getElementById('parse-file').onchange = async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  const { default: init, index } = await import('./netvu-parser.js');
  await init();
  const found = await index(file);
  const rows = [
    ['file', file.name],
    ['format', found.format],
    ['frames', found.frames.length],
    ['cameras', found.cameras.map((c) => `${c.camera} ${c.title}`).join(', ')],
    ['problems', found.problems.length],
  ];
  document.querySelector('#parsed tbody').replaceChildren(...rows.map(([name, value]) => {
    const row = document.createElement('tr');
    row.append(Object.assign(document.createElement('th'), { textContent: name }),
      Object.assign(document.createElement('td'), { textContent: String(value) }));
    return row;
  }));
};
