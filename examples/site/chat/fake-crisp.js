// A tiny stand-in for the Crisp chatbox, for the demo and the end-to-end tests, behaving as Crisp's
// documentation says ($crisp methods: https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp/):
// - `window.$crisp` is an array queue until the chatbox loads (asynchronously, after the page); the
//   chatbox then replaces it with its own object (`push`, `is`, `get`), runs what was queued, and calls
//   `window.CRISP_READY_TRIGGER` (https://gist.github.com/valeriansaliou/7def9e4efe51182d40ec).
// - `["on", event, callback]` keeps ONE callback per event (a later `on` replaces it; `["off", event]`
//   removes it), which is why Crisp's own crisp-sdk-web pushes `off` before every `on`
//   (https://github.com/crisp-im/crisp-sdk-web/blob/master/src/message.ts).
// - chat:opened, message:sent and message:received (a message object: type, content, from, origin,
//   user), chat:closed.
// Like the real one, it has nothing to list its listeners. An "agent" answers every visitor message
// after `data-reply-ms` (default 1.2 s).
(function () {
  var handlers = {};
  var reply = Number(document.currentScript.dataset.replyMs || 1200);
  function run(item) {
    if (!item) return;
    if (item[0] === 'on') handlers[item[1]] = item[2];
    if (item[0] === 'off') delete handlers[item[1]];
  }
  function fire(event, payload) {
    if (handlers[event]) handlers[event](payload);
  }
  window.$crisp = window.$crisp || [];

  function load() {
    var queued = window.$crisp;
    var opened = false;
    window.$crisp = {
      push: function () { [].forEach.call(arguments, run); },
      is: function (what) { return what === 'chat:opened' ? opened : what === 'chat:closed' ? !opened : false; },
      get: function () { return undefined; },
    };
    queued.forEach(run);

    var box = document.createElement('aside');
    box.id = 'chatbox';
    box.innerHTML =
      '<button id="chat-open" type="button">Chat with us</button>' +
      '<div id="chat-panel" hidden><ol id="chat-log"></ol>' +
      '<input id="chat-input" aria-label="Message"> <button id="chat-send" type="button">Send</button> ' +
      '<button id="chat-close" type="button">Close</button></div>';
    document.body.appendChild(box);
    var panel = box.querySelector('#chat-panel');
    var log = box.querySelector('#chat-log');
    function say(who, text) {
      var li = document.createElement('li');
      li.className = who;
      li.textContent = text;
      log.appendChild(li);
    }
    box.querySelector('#chat-open').onclick = function () {
      panel.hidden = false;
      opened = true;
      fire('chat:opened');
    };
    box.querySelector('#chat-send').onclick = function () {
      var input = box.querySelector('#chat-input');
      var text = input.value;
      if (!text) return;
      input.value = '';
      say('visitor', text);
      fire('message:sent', { type: 'text', content: text, from: 'user', origin: 'chat', timestamp: Date.now() });
      setTimeout(function () {
        var answer = 'Thanks! Your order ships tomorrow.';
        say('agent', answer);
        fire('message:received', {
          type: 'text', content: answer, from: 'operator', origin: 'urn:crisp.im:operator:demo',
          user: { nickname: 'Ana' }, timestamp: Date.now(),
        });
      }, reply);
    };
    box.querySelector('#chat-close').onclick = function () {
      panel.hidden = true;
      opened = false;
      fire('chat:closed');
    };
    if (typeof window.CRISP_READY_TRIGGER === 'function') window.CRISP_READY_TRIGGER();
  }
  // The real chatbox loads asynchronously after the page (or right away when its snippet is added late).
  if (document.readyState === 'complete') setTimeout(load, 100);
  else addEventListener('load', function () { setTimeout(load, 100); });
})();
