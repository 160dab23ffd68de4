// The initiatives map (module initiatives): draws the places listed on the page with Leaflet.
// Without Leaflet, without tiles or without JavaScript, the server-rendered list of places is the map.
(function () {
  'use strict';
  function init() {
    var el = document.querySelector('[data-module~="initiative-map"]');
    if (!el || typeof window.L === 'undefined') return;
    var points = document.querySelectorAll('.map-point[data-lat][data-lng]');
    el.hidden = false;
    window.L.Icon.Default.imagePath = '/assets/vendor/leaflet/images/';
    var map = window.L.map(el, { scrollWheelZoom: false });
    window.L.tileLayer(el.getAttribute('data-tiles'), { maxZoom: 18, attribution: '&copy; OpenStreetMap' }).addTo(map);
    var bounds = [];
    for (var i = 0; i < points.length; i++) {
      var p = points[i];
      var lat = parseFloat(p.getAttribute('data-lat'));
      var lng = parseFloat(p.getAttribute('data-lng'));
      var link = p.querySelector('a');
      if (isNaN(lat) || isNaN(lng) || !link) continue;
      var a = document.createElement('a');
      a.href = link.getAttribute('href');
      a.textContent = link.textContent;
      window.L.marker([lat, lng], { title: link.textContent, alt: link.textContent }).addTo(map).bindPopup(a);
      bounds.push([lat, lng]);
    }
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    else map.setView([56.0465, 12.6945], 12);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
