// A tiny stand-in for the Crisp chatbox, for the demo and the end-to-end test. It behaves like Crisp's
// documented $crisp API (https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp):
// `window.$crisp` is an array queue until the chatbox "loads", then `$crisp.push(["on", event, cb])`
// registers listeners for chat:opened, message:sent, message:received and chat:closed. An "agent"
// answers every visitor message after a short pause.
(function () {
  var handlers = {};
  var reply = Number(document.currentScript.dataset.replyMs || 1200);
  function register(item) {
    if (item && item[0] === 'on') (handlers[item[1]] = handlers[item[1]] || []).push(item[2]);
  }
  function fire(event, payload) {
    (handlers[event] || []).forEach(function (cb) { cb(payload); });
  }
  window.$crisp = window.$crisp || [];
  // For the end-to-end test: how many listeners an event has (the real Crisp has no such thing).
  window.fakeCrisp = { listeners: function (event) { return (handlers[event] || []).length; } };

  function load() {
    var queued = window.$crisp;
    window.$crisp = { push: function () { [].forEach.call(arguments, register); } };
    queued.forEach(register);

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
      fire('chat:closed');
    };
  }
  // The real chatbox loads asynchronously after the page.
  if (document.readyState === 'complete') setTimeout(load, 100);
  else addEventListener('load', function () { setTimeout(load, 100); });
})();
