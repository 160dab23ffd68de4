// Check-in (registrations module): scan a ticket's QR code with the phone camera where the browser
// has BarcodeDetector; the code goes into the field and the form is sent. Typing always works.
(function () {
  'use strict';
  var form = document.querySelector('form[data-checkin]');
  if (!form) return;
  var input = form.querySelector('input[name="code"]');
  if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  var detector;
  try { detector = new window.BarcodeDetector({ formats: ['qr_code'] }); } catch (e) { return; }
  var button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary checkin-scan';
  button.textContent = form.getAttribute('data-scan-label') || 'Scan';
  var video = document.createElement('video');
  video.className = 'checkin-video';
  video.setAttribute('playsinline', '');
  video.setAttribute('aria-hidden', 'true');
  video.muted = true;
  video.hidden = true;
  form.appendChild(button);
  form.appendChild(video);
  var stream = null;
  var timer = null;
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); stream = null; }
    video.hidden = true;
    button.textContent = form.getAttribute('data-scan-label') || 'Scan';
  }
  function codeFrom(text) {
    var m = /[?&]code=([^&#\s]+)/i.exec(text);
    return m ? decodeURIComponent(m[1]) : text.trim();
  }
  button.addEventListener('click', function () {
    if (stream) { stop(); return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      button.textContent = form.getAttribute('data-stop-label') || 'Stop';
      return video.play();
    }).then(function () {
      timer = setInterval(function () {
        detector.detect(video).then(function (codes) {
          if (!codes.length) return;
          input.value = codeFrom(codes[0].rawValue);
          stop();
          form.submit();
        }).catch(function () {});
      }, 250);
    }).catch(function () {
      stop();
      var p = document.createElement('p');
      p.className = 'hint';
      p.textContent = form.getAttribute('data-unsupported') || '';
      form.appendChild(p);
      button.remove();
    });
  });
})();
